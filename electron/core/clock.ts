/** Time as the core sees it (shared/util/clock.ts); tests inject a fake clock with timers. */
import type { Timer, Timers } from '../../shared/util/clock.js';

export type { Clock, Timer, Timers } from '../../shared/util/clock.js';
export { systemClock } from '../../shared/util/clock.js';

/** Node timers, unref'd: a background loop never keeps the process alive by itself. */
export const systemTimers: Timers = {
  after(ms, fn): Timer {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
  every(ms, fn): Timer {
    const timer = setInterval(fn, ms);
    timer.unref();
    return { cancel: () => clearInterval(timer) };
  },
};
