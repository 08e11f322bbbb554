/** The security findings register: empty until scanners arrive. */
import { EmptyState } from '../components/common/EmptyState.js';

export function SecurityView() {
  return (
    <section className="view" data-testid="view-security">
      <EmptyState title="No security findings recorded" sections={['security']}>
        <p>
          The findings register will list what the scanners report, each with its severity, its status (open, accepted,
          fixed) and the evidence behind it.
        </p>
      </EmptyState>
    </section>
  );
}
