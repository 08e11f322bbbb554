/** The fake clock with timers lives in shared/ so the platform's tests use the same one. */
export { fakeClock } from '../../../shared/testing/fake-clock.js';
export type { FakeClock } from '../../../shared/testing/fake-clock.js';
