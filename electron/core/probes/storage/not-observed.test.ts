import { describe, expect, it } from 'vitest';
import { notObservedSpans } from './not-observed.js';

const session = (startedAt: number, lastSeenAt: number, stoppedAt: number | null = null) => ({ startedAt, lastSeenAt, stoppedAt });

describe('notObservedSpans', () => {
  it('finds the time before the first session, between sessions and after the last one', () => {
    const sessions = [
      session(1_000, 20_000, 20_000), // clean stop at 20 s
      session(50_000, 80_000), // crashed: last beat at 80 s, taken as observing until 90 s
      session(120_000, 125_000),
    ];
    expect(notObservedSpans(sessions, { fromAt: 0, toAt: 200_000, now: 300_000 })).toEqual([
      { fromAt: 0, toAt: 1_000 },
      { fromAt: 20_000, toAt: 50_000 },
      { fromAt: 90_000, toAt: 120_000 },
      { fromAt: 135_000, toAt: 200_000 },
    ]);
  });

  it('stops at now: the future is not unobserved', () => {
    expect(notObservedSpans([session(0, 100_000)], { fromAt: 0, toAt: 500_000, now: 104_000 })).toEqual([]);
    expect(notObservedSpans([], { fromAt: 0, toAt: 500_000, now: 60_000 })).toEqual([{ fromAt: 0, toAt: 60_000 }]);
    expect(notObservedSpans([], { fromAt: 70_000, toAt: 500_000, now: 60_000 })).toEqual([]);
  });

  it('treats a restart within two heartbeats as continuous, and overlapping sessions as one', () => {
    expect(notObservedSpans([session(0, 50_000), session(55_000, 100_000), session(60_000, 70_000)], { fromAt: 0, toAt: 100_000, now: 100_000 })).toEqual([]);
  });
});
