/** Rollbacks and runbooks: listed here once actions are interpreted. */
import { EmptyState } from '../components/common/EmptyState.js';

export function ActionsView() {
  return (
    <section className="view" data-testid="view-actions">
      <EmptyState title="No actions available yet" sections={['actions', 'runbooks']}>
        <p>
          Deploy, rollback and validation actions from the <code>actions</code> section, and the procedures from{' '}
          <code>runbooks</code>, will be listed here with their runs and output. Operators start them by id; this screen
          never runs a command line.
        </p>
      </EmptyState>
    </section>
  );
}
