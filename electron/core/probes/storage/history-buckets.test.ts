import { describe, expect, it } from 'vitest';
import type { ProbeRollup } from '../../store/repos/probe-results-repo.js';
import { pickBucketMs, pointsFromRollups, weightedMedian } from './history-buckets.js';
import { nearestRank } from './minute-rollups.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const T0 = Date.UTC(2026, 10, 25, 0, 0, 0);

describe('pickBucketMs', () => {
  it('picks the finest round width that fits the range in maxPoints', () => {
    expect(pickBucketMs(T0, T0 + 15 * M, 500, S)).toBe(5 * S); // 180 points
    expect(pickBucketMs(T0, T0 + 5 * M, 500, S)).toBe(S); // 300 points
    expect(pickBucketMs(T0, T0 + 24 * H, 500, S)).toBe(5 * M); // 288 points
    expect(pickBucketMs(T0, T0 + 7 * D, 500, S)).toBe(H); // 168 points
    expect(pickBucketMs(T0, T0 + 28 * D, 500, S)).toBe(6 * H); // 112 points
    expect(pickBucketMs(T0, T0 + 400 * D, 500, S)).toBe(D);
    const width = pickBucketMs(T0, T0 + 2000 * D, 500, S); // beyond that, whole days
    expect(width % D).toBe(0);
    expect((Math.floor((T0 + 2000 * D - 1) / width) - Math.floor(T0 / width) + 1)).toBeLessThanOrEqual(500);
    expect(width).toBeLessThanOrEqual(5 * D);
  });

  it('counts the partial buckets at both ends of an unaligned range', () => {
    // 500 s is 100 buckets of 5 s when aligned, 101 when it starts mid-bucket.
    expect(pickBucketMs(T0, T0 + 500 * S, 100, S)).toBe(5 * S);
    expect(pickBucketMs(T0 + 2 * S, T0 + 502 * S, 100, S)).toBe(15 * S);
  });

  it('never goes below the minimum width (a minute, beyond the raw window)', () => {
    expect(pickBucketMs(T0, T0 + 15 * M, 500, M)).toBe(M);
  });
});

describe('merging minute rollups', () => {
  const minute = (minuteAt: number, over: Partial<ProbeRollup>): ProbeRollup => ({
    environment: 'staging',
    probeId: 'api/live',
    service: 'api',
    minuteAt,
    count: 6,
    failures: 0,
    degraded: 0,
    p50Ms: 10,
    p95Ms: 20,
    maxMs: 20,
    sumMs: 60,
    ...over,
  });

  it('adds counts (degraded checks too), keeps the max, takes the worst minute p95 and the check-weighted median of p50s', () => {
    const points = pointsFromRollups(
      [
        minute(T0, { p50Ms: 10, p95Ms: 30, maxMs: 35, degraded: 2 }),
        minute(T0 + M, { p50Ms: 12, p95Ms: 90, maxMs: 400, count: 6, failures: 1, degraded: 1 }),
        minute(T0 + 2 * M, { probeId: 'api/ready', count: 30, p50Ms: 50, p95Ms: 60, maxMs: 70 }),
        minute(T0 + 3 * M, { count: 6, failures: 6, p50Ms: null, p95Ms: null, maxMs: null }),
        minute(T0 + 5 * M, { p50Ms: 7 }),
      ],
      5 * M,
    );
    expect(points).toEqual([
      // weights 6, 5, 30 (answered checks): half of 41 is reached at the 50 ms minute
      { at: T0, count: 48, failures: 7, degraded: 3, p50Ms: 50, p95Ms: 90, maxMs: 400 },
      { at: T0 + 5 * M, count: 6, failures: 0, degraded: 0, p50Ms: 7, p95Ms: 20, maxMs: 20 },
    ]);
  });

  it('has no latency for a bucket of only failed checks', () => {
    expect(pointsFromRollups([minute(T0, { failures: 6, p50Ms: null, p95Ms: null, maxMs: null })], M)).toEqual([
      { at: T0, count: 6, failures: 6, degraded: 0, p50Ms: null, p95Ms: null, maxMs: null },
    ]);
  });

  it('computes nearest-rank percentiles and weighted medians', () => {
    expect(nearestRank([], 0.5)).toBeNull();
    expect(nearestRank([7], 0.95)).toBe(7);
    expect(nearestRank([1, 2, 3, 4], 0.5)).toBe(2);
    expect(nearestRank([1, 2, 3, 4, 5, 6], 0.95)).toBe(6);
    expect(weightedMedian([100, 10], [1, 3])).toBe(10);
    expect(weightedMedian([100, 10, 50], [5, 3, 1])).toBe(100);
    expect(weightedMedian([], [])).toBeNull();
  });
});
