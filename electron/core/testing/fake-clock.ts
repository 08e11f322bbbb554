import type { Clock } from '../clock.js';

/** A clock that moves only when told. */
export function fakeClock(start = Date.UTC(2026, 10, 25, 12, 0, 0)): Clock & { advance(ms: number): void; set(at: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    set(at) {
      now = at;
    },
  };
}
