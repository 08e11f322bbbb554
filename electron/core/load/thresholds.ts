/**
 * Threshold expressions: `p(95) < 500`, `p(99.9) <= 1.5s`, `avg < 200`, `rate(errors) < 1%`,
 * `rps > 100`, `count(timeout) == 0`. Latencies are in ms unless a unit says otherwise. Parse
 * errors name the column, e.g. `p(95 < 500: expected ')' at column 6`.
 */
import { LOAD_ERROR_KINDS, type LoadErrorCounts, type LoadErrorKind } from '../../../shared/domain/load.js';

export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

const RATE_OF = ['errors', ...LOAD_ERROR_KINDS, 'skipped', 'started_late'] as const;
const COUNT_OF = ['requests', ...RATE_OF, 'dropped'] as const;
type RateOf = (typeof RATE_OF)[number];
type CountOf = (typeof COUNT_OF)[number];

export type ThresholdMetric =
  | { kind: 'percentile'; percentile: number }
  | { kind: 'avg' | 'min' | 'max' | 'med' | 'rps' }
  | { kind: 'rate'; of: RateOf }
  | { kind: 'count'; of: CountOf };

/** A parsed threshold: `metric op value`, value already in the metric's unit (ms, fraction, count, per second). */
export interface ParsedThreshold {
  source: string;
  metric: ThresholdMetric;
  operator: ThresholdOperator;
  value: number;
}

/** A threshold that does not parse; `column` is 1-based. */
export class ThresholdSyntaxError extends Error {
  constructor(
    readonly source: string,
    readonly reason: string,
    readonly column: number,
  ) {
    super(`${source}: ${reason} at column ${column}`);
    this.name = 'ThresholdSyntaxError';
  }
}

interface Token {
  type: 'word' | 'number' | 'punct' | 'op' | 'end';
  text: string;
  column: number;
  unit?: string;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(\d+(?:\.\d+)?|\.\d+)(ms|s|%)?|([()])|(<=|>=|==|!=|<|>))/y;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(source);
    if (!match) {
      const column = at + (source.slice(at).length - source.slice(at).trimStart().length) + 1;
      throw new ThresholdSyntaxError(source, `unexpected '${source[column - 1]}'`, column);
    }
    const column = pattern.lastIndex - match[0].trimStart().length + 1;
    if (match[1] !== undefined) tokens.push({ type: 'word', text: match[1], column });
    else if (match[2] !== undefined) tokens.push({ type: 'number', text: match[2], column, ...(match[3] ? { unit: match[3] } : {}) });
    else if (match[4] !== undefined) tokens.push({ type: 'punct', text: match[4], column });
    else tokens.push({ type: 'op', text: match[5]!, column });
    at = pattern.lastIndex;
  }
  tokens.push({ type: 'end', text: '', column: source.trimEnd().length + 1 });
  return tokens;
}

const describe = (token: Token): string => (token.type === 'end' ? 'the end' : `'${token.text}${token.unit ?? ''}'`);

/** Parses one expression; throws ThresholdSyntaxError. */
export function parseThreshold(source: string): ParsedThreshold {
  const tokens = tokenize(source);
  let index = 0;
  const peek = (): Token => tokens[index]!;
  const fail = (reason: string, token = peek()): never => {
    throw new ThresholdSyntaxError(source, reason, token.column);
  };
  const expect = (text: string): void => {
    if (peek().text !== text || peek().type === 'number') fail(`expected '${text}'`);
    index += 1;
  };
  const name = peek();
  if (name.type !== 'word') fail('expected a metric: p(N), avg, min, max, med, rps, rate(…) or count(…)');
  index += 1;
  let metric: ThresholdMetric;
  switch (name.text) {
    case 'p': {
      expect('(');
      const number = peek();
      if (number.type !== 'number' || number.unit) fail('expected a percentile between 0 and 100');
      const percentile = Number(number.text);
      if (!(percentile > 0 && percentile <= 100)) fail('expected a percentile between 0 and 100', number);
      index += 1;
      expect(')');
      metric = { kind: 'percentile', percentile };
      break;
    }
    case 'avg':
    case 'min':
    case 'max':
    case 'med':
    case 'rps':
      metric = { kind: name.text };
      break;
    case 'rate':
    case 'count': {
      expect('(');
      const of = peek();
      const allowed: readonly string[] = name.text === 'rate' ? RATE_OF : COUNT_OF;
      if (of.type !== 'word' || !allowed.includes(of.text)) fail(`expected one of ${allowed.join(', ')}`);
      index += 1;
      expect(')');
      metric = name.text === 'rate' ? { kind: 'rate', of: of.text as RateOf } : { kind: 'count', of: of.text as CountOf };
      break;
    }
    default:
      return fail(`unknown metric '${name.text}' (expected p(N), avg, min, max, med, rps, rate(…) or count(…))`, name);
  }
  const operator = peek();
  if (operator.type !== 'op') fail('expected a comparison (<, <=, >, >=, ==, !=)');
  index += 1;
  const number = peek();
  if (number.type !== 'number') fail('expected a number');
  const value = valueIn(metric, number, fail);
  index += 1;
  if (peek().type !== 'end') fail(`unexpected ${describe(peek())}`);
  return { source, metric, operator: operator.text as ThresholdOperator, value };
}

function valueIn(metric: ThresholdMetric, token: Token, fail: (reason: string, token?: Token) => never): number {
  const number = Number(token.text);
  const latency = metric.kind === 'percentile' || metric.kind === 'avg' || metric.kind === 'min' || metric.kind === 'max' || metric.kind === 'med';
  if (latency) {
    if (token.unit === '%') fail('a latency takes ms or s, not %', token);
    return token.unit === 's' ? number * 1000 : number;
  }
  if (metric.kind === 'rate') {
    if (token.unit === 'ms' || token.unit === 's') fail('a rate is a fraction (0.01) or a percentage (1%)', token);
    return token.unit === '%' ? number / 100 : number;
  }
  if (token.unit) fail(`${metric.kind === 'rps' ? 'rps' : 'a count'} takes a plain number`, token);
  return number;
}

/** The facts a threshold is judged on, for one endpoint or for all requests. */
export interface ThresholdFacts {
  requests: number;
  errorCount: number;
  errors: LoadErrorCounts;
  skipped: number;
  startedLate: number;
  dropped: number;
  /** Seconds the run has lasted so far (for rps). */
  elapsedSeconds: number;
  /** Latency percentile in ms, null without samples. */
  percentileMs(percentile: number): number | null;
  meanMs: number | null;
  minMs: number | null;
  maxMs: number | null;
}

/** The measured value of a metric; null when there is nothing to measure yet. */
export function measure(metric: ThresholdMetric, facts: ThresholdFacts): number | null {
  switch (metric.kind) {
    case 'percentile':
      return facts.percentileMs(metric.percentile);
    case 'med':
      return facts.percentileMs(50);
    case 'avg':
      return facts.meanMs;
    case 'min':
      return facts.minMs;
    case 'max':
      return facts.maxMs;
    case 'rps':
      return facts.elapsedSeconds > 0 ? facts.requests / facts.elapsedSeconds : null;
    case 'rate': {
      // Skipped requests were never sent, so their rate is out of everything attempted.
      const denominator = metric.of === 'skipped' ? facts.requests + facts.skipped : facts.requests;
      return denominator > 0 ? countOf(metric.of, facts) / denominator : null;
    }
    case 'count':
      return countOf(metric.of, facts);
  }
}

function countOf(of: CountOf, facts: ThresholdFacts): number {
  switch (of) {
    case 'requests':
      return facts.requests;
    case 'errors':
      return facts.errorCount;
    case 'skipped':
      return facts.skipped;
    case 'started_late':
      return facts.startedLate;
    case 'dropped':
      return facts.dropped;
    default:
      return facts.errors[of satisfies LoadErrorKind];
  }
}

export function compare(actual: number, operator: ThresholdOperator, value: number): boolean {
  switch (operator) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
  }
}

/** Judges a threshold: without data it has not passed (and a live check must not abort on it). */
export function evaluateThreshold(threshold: ParsedThreshold, facts: ThresholdFacts): { actual: number | null; passed: boolean } {
  const actual = measure(threshold.metric, facts);
  return { actual, passed: actual !== null && compare(actual, threshold.operator, threshold.value) };
}
