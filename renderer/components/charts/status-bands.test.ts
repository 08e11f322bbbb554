import { describe, expect, it } from 'vitest';
import type { HealthHistory } from '../../../shared/domain/probes.js';
import { describeChecks, pointAt } from './HistoryChart.js';
import { bandsOf, degradedCheckBands, failureBands } from './status-bands.js';

const M = 60_000;
const point = (at: number, over: Partial<HealthHistory['points'][number]> = {}) => ({
  at,
  count: 6,
  failures: 0,
  degraded: 0,
  p50Ms: 40,
  p95Ms: 90,
  maxMs: 150,
  ...over,
});
const history = (points: HealthHistory['points']): HealthHistory => ({
  service: 'api',
  fromAt: 0,
  toAt: 10 * M,
  bucketMs: M,
  points,
  transitions: [],
  notObserved: [],
  uptime: null,
});

describe('history chart bands per bucket', () => {
  it('draws a band for each bucket with degraded checks, as strong as their share', () => {
    const h = history([point(0), point(M, { degraded: 3 }), point(2 * M, { degraded: 6 }), point(3 * M, { failures: 2, degraded: 1 })]);
    expect(degradedCheckBands(h)).toEqual([
      { fromAt: M, toAt: 2 * M, share: 0.5 },
      { fromAt: 2 * M, toAt: 3 * M, share: 1 },
      { fromAt: 3 * M, toAt: 4 * M, share: 1 / 6 },
    ]);
    expect(failureBands(h)).toEqual([{ fromAt: 3 * M, toAt: 4 * M, share: 2 / 6 }]);
    expect(bandsOf(h).degradedChecks).toEqual(degradedCheckBands(h));
  });

  it('has no degraded-check band when every check answered normally or failed', () => {
    expect(degradedCheckBands(history([point(0), point(M, { failures: 6 })]))).toEqual([]);
  });
});

describe('history chart tooltip', () => {
  it('counts a bucket’s checks as up, degraded and down', () => {
    expect(describeChecks(point(0, { failures: 1, degraded: 2 }))).toBe('6 checks: 3 up, 2 degraded, 1 down');
    expect(describeChecks(point(0))).toBe('6 checks: 6 up');
    expect(describeChecks(point(0, { count: 1, degraded: 1 }))).toBe('1 check: 1 degraded');
  });

  it('finds the bucket drawn at the middle of its span', () => {
    const h = history([point(0), point(M, { degraded: 2 })]);
    expect(pointAt(h, M + M / 2)).toMatchObject({ at: M, degraded: 2 });
    expect(pointAt(h, M)).toBeUndefined();
    expect(pointAt(null, M / 2)).toBeUndefined();
  });
});
