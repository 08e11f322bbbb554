/** Time as the core sees it; tests inject a fake one. */
export interface Clock {
  /** Epoch milliseconds. */
  now: () => number;
}

export const systemClock: Clock = { now: () => Date.now() };
