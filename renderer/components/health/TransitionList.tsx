/** What changed over a history range (time, from → to, reason, caused by) and when nobody was watching. */
import type { HealthHistory, Transition } from '../../../shared/domain/probes.js';
import { formatDateTime, formatRangeTime } from '../../lib/time.js';
import { serviceName } from '../../stores/selectors.js';
import { useAppStore } from '../../stores/store.js';
import { HealthMark } from './HealthMark.js';
import { formatCompactDuration } from '../../../shared/format/durations.js';

/** A long flapping day is thousands of rows; the newest are the ones asked about. */
const SHOW = 200;

function CausedBy({ id }: { id: string | null }) {
  const name = useAppStore((s) => (id ? serviceName(s, id) : null));
  return name ? <span data-testid="transition-caused-by">{name}</span> : <span className="muted">—</span>;
}

export function TransitionList({ transitions, rangeMs }: { transitions: readonly Transition[]; rangeMs: number }) {
  const newest = [...transitions].sort((a, b) => b.at - a.at);
  return (
    <section className="history__section" aria-labelledby="history-transitions">
      <h3 id="history-transitions" className="history__subtitle">
        Changes <span className="muted">({transitions.length})</span>
      </h3>
      {newest.length === 0 ? (
        <p className="muted" data-testid="history-no-transitions">
          No change in this range.
        </p>
      ) : (
        <div className="table-scroll history__table-scroll">
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Change</th>
                <th scope="col">Of</th>
                <th scope="col">Reason</th>
                <th scope="col">Caused by</th>
              </tr>
            </thead>
            <tbody>
              {newest.slice(0, SHOW).map((t, i) => (
                <tr key={`${t.at}-${t.probeId ?? ''}-${i}`} data-testid="history-transition" data-to={t.to} data-probe={t.probeId ?? ''}>
                  <td className="history__time" title={formatDateTime(t.at)}>
                    {formatRangeTime(t.at, rangeMs, true)}
                  </td>
                  <td className="history__change">
                    <HealthMark status={t.from} size="sm" />
                    <span aria-hidden="true">→</span>
                    <span className="sr-only">to</span>
                    <HealthMark status={t.to} size="sm" />
                  </td>
                  <td>{t.probeId === null ? <strong>service</strong> : <code>{t.probeId.split('/').pop()}</code>}</td>
                  <td className="history__reason">{t.reason}</td>
                  <td>
                    <CausedBy id={t.causedBy} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {newest.length > SHOW && <p className="muted">The {SHOW} newest of {newest.length} are listed.</p>}
        </div>
      )}
    </section>
  );
}

export function NotObservedList({ spans, rangeMs }: { spans: HealthHistory['notObserved']; rangeMs: number }) {
  if (spans.length === 0) return null;
  return (
    <section className="history__section" aria-labelledby="history-unobserved">
      <h3 id="history-unobserved" className="history__subtitle">
        Not observed <span className="muted">— no Warroom core was running; neither up nor down</span>
      </h3>
      <ul className="unobserved">
        {spans.map((span) => (
          <li key={span.fromAt} className="unobserved__item" data-testid="history-not-observed" data-from-at={span.fromAt} data-to-at={span.toAt}>
            <span className="legend__band legend__band--unobserved" aria-hidden="true" />
            <span title={`${formatDateTime(span.fromAt)} – ${formatDateTime(span.toAt)}`}>
              {formatRangeTime(span.fromAt, rangeMs, true)} – {formatRangeTime(span.toAt, rangeMs, true)}
            </span>
            <span className="muted">{formatCompactDuration(span.toAt - span.fromAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
