/** Runs waiting for a second operator, on top of the Actions view so another operator sees them at once. */
import { useShallow } from 'zustand/react/shallow';
import { formatClock } from '../../lib/time.js';
import { openRun } from '../../stores/store-updates.js';
import { useAppStore } from '../../stores/store.js';
import { Icon } from '../common/Icon.js';

export function ApprovalQueue() {
  const waiting = useAppStore(useShallow((s) => Object.values(s.actions.runs).filter((run) => run.state === 'awaiting_approval')));
  const actions = useAppStore((s) => s.actions.actions);
  if (waiting.length === 0) return null;
  return (
    <section className="banner banner--warn approval-queue" data-testid="awaiting-approval" aria-label="Waiting for approval">
      <Icon name="hourglass" />
      <div>
        <p className="approval-queue__title">
          <strong>Waiting for a second operator</strong>
        </p>
        <ul className="approval-queue__list">
          {waiting.map((run) => (
            <li key={run.id}>
              <button type="button" className="link-button" onClick={() => openRun(run.id)} data-testid={`awaiting-${run.id}`}>
                {actions.find((a) => a.id === run.actionId)?.label ?? run.actionId} #{run.id}
              </button>{' '}
              asked by <strong>{run.actor}</strong> at {formatClock(run.requestedAt)}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
