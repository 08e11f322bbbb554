/** What happened on the platform (faults, deploys, scenario steps), newest first. */
import type { PlatformStatus } from '../../../shared/domain/rehearsal.js';
import { formatClock, formatDateTime } from '../../lib/time.js';

/** Enough to follow a rehearsal; the platform keeps the rest. */
const SHOW = 200;

export function PlatformLog({ status }: { status: PlatformStatus }) {
  const names = new Map(status.services.map((service) => [service.id, service.name]));
  // The platform lists oldest first; a reader wants the latest on top.
  const entries = status.log.slice(-SHOW).reverse();
  return (
    <section className="panel rehearsal-panel" data-testid="rehearsal-log">
      <header className="rehearsal-panel__head">
        <h3 className="rehearsal-panel__title">Platform log</h3>
        <span className="muted">newest first</span>
      </header>
      {entries.length === 0 ? (
        <p className="muted">Nothing happened on the platform yet.</p>
      ) : (
        <ol className="platform-log" aria-label="Platform log, newest first">
          {entries.map((entry, i) => (
            <li key={`${entry.at}-${status.log.length - i}`} className="platform-log__entry" data-testid="rehearsal-log-entry">
              <time className="platform-log__time" dateTime={new Date(entry.at).toISOString()} title={formatDateTime(entry.at)}>
                {formatClock(entry.at)}
              </time>
              <span className={`platform-log__service${entry.service ? '' : ' muted'}`}>{entry.service ? (names.get(entry.service) ?? entry.service) : 'platform'}</span>
              <span className="platform-log__message">{entry.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
