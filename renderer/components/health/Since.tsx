/** "for 3m 12s": how long a status has held, ticking every second on the core's clock. */
import { formatDateTime } from '../../lib/time.js';
import { useServerNow } from '../../lib/use-now.js';
import { formatCompactDuration } from '../../../shared/format/durations.js';

export function Since({ at, prefix = 'for ', testId }: { at: number | null; prefix?: string; testId?: string }) {
  const now = useServerNow(1000, at !== null);
  if (at === null) return null;
  return (
    <span className="since" title={`since ${formatDateTime(at)}`} data-testid={testId}>
      {prefix}
      {formatCompactDuration(now - at)}
    </span>
  );
}
