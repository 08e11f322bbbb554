import { describe, expect, it } from 'vitest';
import type { LoadStats } from '../../../shared/domain/load.js';
import { LoadComparisonSchema, summaryHeadline, type LoadRunRecord } from '../../../shared/domain/load-runs.js';
import { compareRuns, compareStats } from './compare.js';
import { buildLoadRun, DEFAULT_ENDPOINTS, type FixtureEndpoint } from './report/testing/load-run-fixtures.js';

function stored(id: number, endpoints: FixtureEndpoint[], seed: number) {
  const { summary } = buildLoadRun({ seconds: 20, rps: 300, endpoints, seed });
  const run: LoadRunRecord = {
    id, profile: 'normal', scenario: 'goals', environment: 'staging', baseUrl: 'http://127.0.0.1:4010', actor: 'ana',
    model: 'closed', state: summary.outcome, startedAt: summary.startedAt, endedAt: summary.endedAt, plannedMs: 20_000,
    decidedBy: summary.decidedBy, error: null, summary, headline: summaryHeadline(summary), engine: 'builtin', engineDetail: null,
  };
  return { run, stats: [{ ...summary.total, endpoint: '*' }, ...summary.endpoints] };
}

const stats = (over: Partial<LoadStats>): LoadStats => ({
  requests: 10_000, rps: 100, minMs: 2, meanMs: 150, p50Ms: 120, p90Ms: 300, p95Ms: 400, p99Ms: 800, p999Ms: 1200, maxMs: 1500,
  errors: { status_5xx: 0, status_4xx: 0, timeout: 0, connection_refused: 0, connection_reset: 0, expectation_failed: 0, other: 0 },
  errorCount: 0, errorRate: 0, statusCodes: { '200': 10_000 }, bytesIn: 0, bytesOut: 0, startedLate: 0, skipped: 0, dropped: 0,
  ...over,
});

describe('compareRuns', () => {
  it('flags an endpoint whose p95 went up by more than 10 % and says by how much', () => {
    const base = stored(1, DEFAULT_ENDPOINTS, 1);
    const slower = DEFAULT_ENDPOINTS.map((e) => (e.endpoint === 'POST /api/v1/goals' ? { ...e, medianMs: e.medianMs * 1.5 } : e));
    const current = stored(2, slower, 2);
    const comparison = compareRuns(base.run, current.run, base.stats, current.stats);
    expect(LoadComparisonSchema.parse(comparison)).toBeTruthy();
    const post = comparison.endpoints.find((row) => row.endpoint === 'POST /api/v1/goals')!;
    expect(post.regression).toBe(true);
    expect(post.p95ChangePct).toBeGreaterThan(30);
    expect(post.reasons).toEqual([expect.stringMatching(/^p95 [\d.]+ → [\d.]+ ms \(\+\d+\.\d %\)$/)]);
    const others = comparison.endpoints.filter((row) => row.endpoint !== 'POST /api/v1/goals');
    expect(others.map((row) => row.regression)).toEqual([false, false]);
    // Histograms stay in the store; a comparison carries the numbers only.
    expect(post.base!.histogram).toBeUndefined();
  });

  it('flags an error rate up by more than one percentage point', () => {
    const base = stored(1, DEFAULT_ENDPOINTS, 1);
    const failing = DEFAULT_ENDPOINTS.map((e) => (e.endpoint === 'GET /api/v1/goals/{id}' ? { ...e, errorRate: 0.03 } : e));
    const current = stored(2, failing, 1);
    const row = compareRuns(base.run, current.run, base.stats, current.stats).endpoints.find((r) => r.endpoint === 'GET /api/v1/goals/{id}')!;
    expect(row.regression).toBe(true);
    expect(row.errorRateChange).toBeGreaterThan(0.01);
    expect(row.reasons).toEqual([expect.stringMatching(/^error rate 0\.\d+ % → \d\.\d %$/)]);
  });

  it('does not flag the small changes between two runs of the same system', () => {
    const base = stored(1, DEFAULT_ENDPOINTS, 1);
    const current = stored(2, DEFAULT_ENDPOINTS, 99);
    const comparison = compareRuns(base.run, current.run, base.stats, current.stats);
    expect(comparison.total.regression).toBe(false);
    expect(comparison.endpoints.map((row) => [row.endpoint, row.regression])).toEqual(DEFAULT_ENDPOINTS.map((e) => [e.endpoint, false]));
    expect(Math.abs(comparison.total.p95ChangePct!)).toBeLessThan(10);
    expect(comparison.total.reasons).toEqual([]);
  });

  it('applies the rule with "more than": 10 % and 1 point exactly are not regressions', () => {
    expect(compareStats('x', stats({ p95Ms: 500 }), stats({ p95Ms: 550 }))).toMatchObject({ p95ChangePct: 10, regression: false });
    expect(compareStats('x', stats({ p95Ms: 500 }), stats({ p95Ms: 550.5 }))).toMatchObject({ regression: true, reasons: ['p95 500 → 551 ms (+10.1 %)'] });
    expect(compareStats('x', stats({ errorRate: 0.02 }), stats({ errorRate: 0.03 }))).toMatchObject({ errorRateChange: 0.01, regression: false });
    expect(compareStats('x', stats({ p95Ms: 412, errorRate: 0.002 }), stats({ p95Ms: 530, errorRate: 0.031 }))).toMatchObject({
      regression: true,
      reasons: ['p95 412 → 530 ms (+28.6 %)', 'error rate 0.2 % → 3.1 %'],
    });
    // Faster and fewer errors is no regression.
    expect(compareStats('x', stats({ p95Ms: 500, errorRate: 0.05 }), stats({ p95Ms: 200, errorRate: 0 }))).toMatchObject({ p95ChangePct: -60, regression: false });
    expect(compareStats('x', stats({ rps: 100 }), stats({ rps: 150 })).rpsChangePct).toBe(50);
  });

  it('keeps an endpoint that only one of the runs has, with the other side null', () => {
    const base = stored(1, [...DEFAULT_ENDPOINTS, { endpoint: 'GET /api/v1/legacy', weight: 1, medianMs: 50 }], 1);
    const current = stored(2, [...DEFAULT_ENDPOINTS, { endpoint: 'GET /api/v2/goals', weight: 1, medianMs: 900, errorRate: 0.5 }], 1);
    const comparison = compareRuns(base.run, current.run, base.stats, current.stats);
    expect(comparison.endpoints.map((row) => row.endpoint)).toEqual([...DEFAULT_ENDPOINTS.map((e) => e.endpoint), 'GET /api/v2/goals', 'GET /api/v1/legacy']);
    expect(comparison.endpoints.at(-2)).toMatchObject({ base: null, p95ChangePct: null, errorRateChange: null, regression: false, reasons: ['only in this run'] });
    expect(comparison.endpoints.at(-2)!.current!.requests).toBeGreaterThan(0);
    expect(comparison.endpoints.at(-1)).toMatchObject({ current: null, regression: false, reasons: ['only in the base run'] });
  });

  it('compares the totals from the summary when there are no stored stats, and from nothing for an interrupted run', () => {
    const base = stored(1, DEFAULT_ENDPOINTS, 1);
    const current = stored(2, DEFAULT_ENDPOINTS, 3);
    const fromSummaries = compareRuns(base.run, current.run, [], []);
    expect(fromSummaries.total.base!.requests).toBe(base.run.summary!.total.requests);
    expect(fromSummaries.endpoints).toHaveLength(DEFAULT_ENDPOINTS.length);
    const interrupted = { ...current.run, state: 'interrupted' as const, summary: null };
    const partial = compareRuns(base.run, interrupted, base.stats, []);
    expect(partial.total).toMatchObject({ current: null, regression: false, reasons: ['only in the base run'] });
    expect(LoadComparisonSchema.parse(partial)).toBeTruthy();
  });

  it('does not compare percentiles of a side that made no requests', () => {
    const row = compareStats('x', stats({ requests: 0, p95Ms: 0, rps: 0 }), stats({ p95Ms: 900 }));
    expect(row).toMatchObject({ p95ChangePct: null, errorRateChange: null, rpsChangePct: null, regression: false, reasons: ['no requests in the base run'] });
  });
});
