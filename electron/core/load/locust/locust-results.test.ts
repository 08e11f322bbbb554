import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeRows, parseCsv } from './csv.js';
import { errorKindOf, LocustCsvError, readLocustRun } from './locust-results.js';
import type { LocustCsvSet } from './locust-results.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const read = (run: string, suffix: string) => {
  const file = join(fixtures, run, `mixed_${suffix}.csv`);
  return { file, rows: parseCsv(readFileSync(file, 'utf8')) };
};
const setOf = (run: string): LocustCsvSet => ({ stats: read(run, 'stats'), failures: read(run, 'failures'), exceptions: read(run, 'exceptions'), history: read(run, 'stats_history') });
const facts = { thresholds: [], stopReason: 'completed' as const, startedAt: 1000, endedAt: 6000, workers: 1, users: 4 };

describe('Locust CSV results (real Locust 2.12.1 output, scripts/locust-fixtures.sh)', () => {
  it('reads the whole run per endpoint as Locust wrote it, with failures sorted into kinds and exceptions named', () => {
    const { summary } = readLocustRun(setOf('completed'), facts);
    expect(summary.total).toMatchObject({ requests: 78, errorCount: 29, p50Ms: 12, p95Ms: 49, p99Ms: 50, rps: 17.800007149259063 });
    expect(summary.total.errors).toEqual({ status_5xx: 0, status_4xx: 9, timeout: 0, connection_refused: 12, connection_reset: 0, expectation_failed: 8, other: 0 });
    expect(summary.endpoints.map((e) => [e.endpoint, e.requests, e.errorCount])).toEqual([
      ['GET /api/v1/agents/{agent_id}', 49, 0],
      ['GET /api/v1/goals/{goal_id}', 9, 9],
      ['GET /refused', 12, 12],
      ['POST /api/v1/goals/', 8, 8],
    ]);
    expect(summary.error).toBe('exceptions in the locustfile: 6× the task itself broke');
  });

  it('makes one tick per second of the history whose requests add up to the final totals', () => {
    const { ticks, summary } = readLocustRun(setOf('completed'), facts);
    expect(ticks.map((t) => t.second)).toEqual(ticks.map((_, i) => i + 1));
    expect(ticks.reduce((sum, t) => sum + t.total.requests, 0)).toBe(summary.total.requests);
    expect(ticks.reduce((sum, t) => sum + t.total.errorCount, 0)).toBe(summary.total.errorCount);
    for (const endpoint of summary.endpoints) {
      expect(ticks.reduce((sum, t) => sum + (t.endpoints.find((e) => e.endpoint === endpoint.endpoint)?.requests ?? 0), 0)).toBe(endpoint.requests);
    }
  });

  it('gives each second the rate of its own requests, where Locust’s trailing Requests/s still reads 0', () => {
    const { ticks } = readLocustRun(setOf('completed'), facts);
    // The history's first seconds of load: 19 then 18 requests, while its Requests/s column says 0.
    expect(ticks.slice(0, 4).map((t) => [t.total.requests, t.total.rps])).toEqual([[0, 0], [19, 19], [18, 18], [15, 15]]);
    for (const tick of ticks) {
      expect(tick.total.rps).toBe(tick.total.requests);
      for (const endpoint of tick.endpoints) expect(endpoint.rps).toBe(endpoint.requests);
    }
  });

  it('judges a live rate threshold on the mean rate so far, not on Locust’s lagging Requests/s', () => {
    const { ticks } = readLocustRun(setOf('completed'), { ...facts, thresholds: [{ expression: 'rps > 5', abortOnFail: false, abortAfter: 0 }] });
    // Second 2: 19 requests in the 2 s since the run began; Locust's own column still says 0.
    expect(ticks[1]!.thresholds[0]).toMatchObject({ passed: true, actual: 9.5 });
    let total = 0;
    for (const tick of ticks) {
      total += tick.total.requests;
      expect(tick.thresholds[0]!.actual).toBeCloseTo(total / (tick.elapsedMs / 1000 + 1), 6);
    }
  });

  it('reads a run stopped early the same way', () => {
    const { ticks, summary } = readLocustRun(setOf('stopped'), { ...facts, stopReason: 'stopped' });
    expect(summary.outcome).toBe('aborted');
    expect(summary.total.requests).toBeGreaterThan(0);
    expect(ticks.reduce((sum, t) => sum + t.total.requests, 0)).toBe(summary.total.requests);
  });

  it('judges thresholds on Locust figures, a percentile it did not report by the next one up', () => {
    const thresholds = [
      { expression: 'rate(errors) < 0.5', endpoint: undefined, abortOnFail: false, abortAfter: 0 },
      { expression: 'p(97) < 50', endpoint: undefined, abortOnFail: false, abortAfter: 0 },
      { expression: 'count(connection_refused) == 0', endpoint: 'GET /refused', abortOnFail: false, abortAfter: 0 },
    ];
    const { summary } = readLocustRun(setOf('completed'), { ...facts, thresholds });
    expect(summary.thresholds.map((t) => [t.actual, t.passed])).toEqual([[29 / 78, true], [50, false], [12, false]]);
    expect(summary.outcome).toBe('failed');
    expect(summary.decidedBy?.expression).toBe('p(97) < 50');
  });

  it('refuses a file that is not Locust output, naming file and line', () => {
    const bad = { file: 'x_stats.csv', rows: parseCsv('Type,Name\nGET,/\n') };
    expect(() => readLocustRun({ stats: bad }, facts)).toThrow(LocustCsvError);
    expect(() => readLocustRun({ stats: bad }, facts)).toThrow(/x_stats.csv:1: not a Locust CSV header: missing Request Count/);
    const text = readFileSync(join(fixtures, 'completed', 'mixed_stats.csv'), 'utf8').replace(',49,0,', ',forty,0,');
    expect(() => readLocustRun({ stats: { file: 's.csv', rows: parseCsv(text) } }, facts)).toThrow(/s.csv:2: Request Count: expected a number, got "forty"/);
  });

  it('leaves a row Locust has only half written for the next read, also inside quotes', () => {
    expect(completeRows('a,b\n1,"x\ny"\n2,"half')).toEqual({ rows: [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', 'x\ny'] }], consumed: 12, nextLine: 4 });
  });

  it('sorts Locust error texts into kinds', () => {
    expect(errorKindOf("HTTPError('503 Server Error: Service Unavailable for url: /x')")).toBe('status_5xx');
    expect(errorKindOf("HTTPError('404 Client Error: Not Found for url: /x')")).toBe('status_4xx');
    expect(errorKindOf("ConnectionResetError(104, 'Connection reset by peer')")).toBe('connection_reset');
    expect(errorKindOf("ReadTimeout(ReadTimeoutError(\"HTTPConnectionPool(host='x', port=1): Read timed out.\"))")).toBe('timeout');
    expect(errorKindOf('RuntimeError(boom)')).toBe('other');
  });
});
