/** The time of the last update, always on screen (DESIGN: a wall must show its age). */
import { formatClock, formatDateTime } from '../../lib/time.js';
import { useAppStore } from '../../stores/store.js';

export function LastUpdate() {
  const at = useAppStore((s) => s.connection.lastEventAt);
  const stale = useAppStore((s) => s.connection.stale);
  return (
    <div className={`last-update${stale ? ' last-update--stale' : ''}`} data-testid="last-update" title={at === null ? undefined : formatDateTime(at)}>
      <span className="last-update__label">Last update</span>
      <time className="last-update__time" dateTime={at === null ? undefined : new Date(at).toISOString()}>
        {at === null ? '--:--:--' : formatClock(at)}
      </time>
    </div>
  );
}
