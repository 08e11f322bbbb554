/** The launch countdown (config `launch:`), ticking each second on the core's clock. */
import { memo } from 'react';
import { formatDateTime } from '../../lib/time.js';
import { useServerNow } from '../../lib/use-now.js';
import { useAppStore } from '../../stores/store.js';
import { formatCountdown } from './countdown.js';

function CountdownView() {
  const launch = useAppStore((s) => s.config?.launch);
  const now = useServerNow(1000, launch !== undefined);
  if (!launch) {
    return (
      <div className="wall-countdown wall-countdown--none" data-testid="wall-countdown" data-state="none">
        <span className="wall-countdown__label">Launch</span>
        <span className="wall-countdown__value">no launch time set</span>
      </div>
    );
  }
  const left = launch.at - now;
  return (
    <div className={`wall-countdown wall-countdown--${left > 0 ? 'before' : 'after'}`} data-testid="wall-countdown" data-state={left > 0 ? 'before' : 'after'}>
      <span className="wall-countdown__label">
        {launch.label} · {formatDateTime(launch.at).slice(0, 16)}
      </span>
      <span className="wall-countdown__value">{formatCountdown(left)}</span>
    </div>
  );
}

/** Memoised: the wall re-rendering for other news leaves the countdown to its own second tick. */
export const Countdown = memo(CountdownView);
