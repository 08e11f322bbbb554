import { describe, expect, it } from 'vitest';
import { errorKinds, formatActual, thresholdUnit, verdictLine } from './load.js';

describe('load formatting', () => {
  it('labels the error kinds that happened, in a fixed order', () => {
    expect(
      errorKinds({ status_5xx: 12, status_4xx: 0, timeout: 3, connection_refused: 0, connection_reset: 1, expectation_failed: 0, other: 0 }),
    ).toEqual([['5xx', 12], ['timeout', 3], ['reset', 1]]);
  });

  it('knows the unit of a threshold from its metric', () => {
    expect(['p(95) < 500', 'avg<200', 'rate(errors) < 0.01', 'rate (errors) < 0.01', 'count(timeouts) == 0', 'rps > 100'].map(thresholdUnit)).toEqual([
      'ms', 'ms', 'fraction', 'fraction', 'count', 'rate',
    ]);
  });

  it('shows an actual value in its unit, the same in the report, the CLI and the Load view', () => {
    expect(formatActual({ expression: 'p(95) < 500', actual: 731.2 })).toBe('731 ms');
    expect(formatActual({ expression: 'rate(errors) < 0.01', actual: 0.024 })).toBe('2.40 %');
    expect(formatActual({ expression: 'count(errors) < 10', actual: 1204 })).toBe('1,204');
    expect(formatActual({ expression: 'rps > 100', actual: 118.4 })).toBe('118 req/s');
    expect(formatActual({ expression: 'p(99) < 900', actual: null })).toBe('no data');
  });

  it('writes a verdict as a line, naming the endpoint when it is about one', () => {
    expect(verdictLine({ expression: 'p(95) < 500', actual: 731, endpoint: 'GET /api' })).toBe('p(95) < 500 on GET /api — actual 731 ms');
    expect(verdictLine({ expression: 'rate(errors) < 0.01', actual: 0.024 })).toBe('rate(errors) < 0.01 — actual 2.40 %');
  });
});
