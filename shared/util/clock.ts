/**
 * Time as the core and the platform see it. Anything that waits takes `Timers` beside its
 * `Clock`, so tests drive time with a fake (shared/testing/fake-clock.ts) instead of sleeping.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now: () => number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A scheduled callback; cancel() is safe to call after it fired or twice. */
export interface Timer {
  cancel(): void;
}

/**
 * Timers on the same time line as a Clock; the Node implementations are in
 * electron/core/clock.ts and electron/platform/timers.ts.
 */
export interface Timers {
  /** Runs `fn` once after `ms`. */
  after(ms: number, fn: () => void): Timer;
  /** Runs `fn` every `ms` until cancelled. */
  every(ms: number, fn: () => void): Timer;
}
