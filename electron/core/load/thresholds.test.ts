import { describe, expect, it } from 'vitest';
import { evaluateThreshold, parseThreshold, ThresholdSyntaxError, type ThresholdFacts } from './thresholds.js';

const facts = (over: Partial<ThresholdFacts> = {}): ThresholdFacts => ({
  requests: 1000,
  errorCount: 5,
  errors: { status_5xx: 3, status_4xx: 0, timeout: 2, connection_refused: 0, connection_reset: 0, expectation_failed: 0, other: 0 },
  skipped: 10,
  startedLate: 4,
  dropped: 0,
  elapsedSeconds: 10,
  percentileMs: (p) => p * 5,
  meanMs: 120,
  minMs: 1,
  maxMs: 900,
  ...over,
});

describe('parseThreshold', () => {
  it('reads percentiles, aggregates, rates, counts and rps with their units', () => {
    expect(parseThreshold('p(95) < 500')).toMatchObject({ metric: { kind: 'percentile', percentile: 95 }, operator: '<', value: 500 });
    expect(parseThreshold('p(99.9) <= 1.5s')).toMatchObject({ metric: { kind: 'percentile', percentile: 99.9 }, operator: '<=', value: 1500 });
    expect(parseThreshold('rate(errors) < 0.01')).toMatchObject({ metric: { kind: 'rate', of: 'errors' }, value: 0.01 });
    expect(parseThreshold('rate(timeout)<1%')).toMatchObject({ metric: { kind: 'rate', of: 'timeout' }, value: 0.01 });
    expect(parseThreshold('rps > 100')).toMatchObject({ metric: { kind: 'rps' }, operator: '>', value: 100 });
    expect(parseThreshold('count(started_late) == 0')).toMatchObject({ metric: { kind: 'count', of: 'started_late' }, operator: '==', value: 0 });
    expect(parseThreshold('  avg   !=  3ms ')).toMatchObject({ metric: { kind: 'avg' }, operator: '!=', value: 3 });
  });

  it.each([
    ['p(95 < 500', "p(95 < 500: expected ')' at column 6"],
    ['p95 < 500', "p95 < 500: unknown metric 'p95' (expected p(N), avg, min, max, med, rps, rate(…) or count(…)) at column 1"],
    ['p(95) 500', 'p(95) 500: expected a comparison (<, <=, >, >=, ==, !=) at column 7'],
    ['p(95) <', 'p(95) <: expected a number at column 8'],
    ['p(0) < 5', 'p(0) < 5: expected a percentile between 0 and 100 at column 3'],
    ['rate(oops) < 1', 'rate(oops) < 1: expected one of errors, status_5xx, status_4xx, timeout, connection_refused, connection_reset, expectation_failed, other, skipped, started_late at column 6'],
    ['rate(errors) < 5ms', 'rate(errors) < 5ms: a rate is a fraction (0.01) or a percentage (1%) at column 16'],
    ['p(95) < 500 ms extra', "p(95) < 500 ms extra: unexpected 'ms' at column 13"],
    ['p(95) < 5 $', "p(95) < 5 $: unexpected '$' at column 11"],
  ])('refuses %j with the column', (source, message) => {
    const attempt = (): unknown => parseThreshold(source);
    expect(attempt).toThrow(ThresholdSyntaxError);
    expect(attempt).toThrow(message);
  });
});

describe('evaluateThreshold', () => {
  it('judges each metric on the facts', () => {
    const judge = (source: string, over?: Partial<ThresholdFacts>) => evaluateThreshold(parseThreshold(source), facts(over));
    expect(judge('p(95) < 500')).toEqual({ actual: 475, passed: true });
    expect(judge('p(99) < 400')).toEqual({ actual: 495, passed: false });
    expect(judge('rate(errors) < 0.01')).toEqual({ actual: 0.005, passed: true });
    expect(judge('rate(status_5xx) <= 0.002')).toEqual({ actual: 0.003, passed: false });
    expect(judge('rps > 100')).toEqual({ actual: 100, passed: false });
    expect(judge('rps >= 100')).toEqual({ actual: 100, passed: true });
    expect(judge('max < 1s')).toEqual({ actual: 900, passed: true });
    expect(judge('count(timeout) == 0')).toEqual({ actual: 2, passed: false });
    expect(judge('rate(skipped) < 1%')).toEqual({ actual: 10 / 1010, passed: true });
  });

  it('does not pass without data', () => {
    const empty = facts({ requests: 0, percentileMs: () => null, meanMs: null, elapsedSeconds: 0 });
    expect(evaluateThreshold(parseThreshold('p(95) < 500'), empty)).toEqual({ actual: null, passed: false });
    expect(evaluateThreshold(parseThreshold('rate(errors) < 0.01'), empty)).toEqual({ actual: null, passed: false });
    expect(evaluateThreshold(parseThreshold('rps > 1'), empty)).toEqual({ actual: null, passed: false });
  });
});
