/** The board's one-line pointer to the rehearsal platform: how many of its services are ready. */
import { hrefFor } from '../../stores/routing.js';
import { useAppStore } from '../../stores/store.js';
import { Icon } from '../common/Icon.js';
import { StatusMark } from '../common/StatusMark.js';

export function RehearsalSummary() {
  // Primitives only, so the board re-renders when a count changes, not on every platform report.
  const total = useAppStore((s) => (s.rehearsal?.state === 'running' ? s.rehearsal.status.services.length : null));
  const ready = useAppStore((s) => (s.rehearsal?.state === 'running' ? s.rehearsal.status.services.filter((svc) => svc.ready).length : 0));
  const scenario = useAppStore((s) =>
    s.rehearsal?.state === 'running' && s.rehearsal.status.scenario?.state === 'running' ? s.rehearsal.status.scenario.title : null,
  );
  if (total === null) return null;
  const all = ready === total;
  return (
    <a className="board-pointer rehearsal-summary" href={hrefFor('rehearsal')} data-testid="board-rehearsal-summary" data-ready={ready} data-total={total}>
      <StatusMark status={all ? 'ok' : 'degraded'} label={`Rehearsal platform: ${ready}/${total} services ready`} />
      {scenario && (
        <span className="rehearsal-summary__scenario">
          <Icon name="play" />
          Scenario playing: {scenario}
        </span>
      )}
      <span className="rehearsal-summary__go">Open rehearsal →</span>
    </a>
  );
}
