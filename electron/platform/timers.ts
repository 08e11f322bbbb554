/** Timers the platform schedules with (scenario steps, deploy pauses); tests inject a fake clock. */
import type { Timer, Timers } from '../../shared/util/clock.js';

export type { Timer, Timers } from '../../shared/util/clock.js';

export const systemTimers: Timers = {
  after(ms, fn): Timer {
    const timer = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(timer) };
  },
  every(ms, fn): Timer {
    const timer = setInterval(fn, ms);
    return { cancel: () => clearInterval(timer) };
  },
};

/** Waits `ms` on these timers; rejects with the signal's reason when it aborts first. */
export function sleep(timers: Timers, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      timer.cancel();
      reject(signal?.reason as Error);
    };
    const timer = timers.after(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
