/** How load-test outcomes, errors and threshold values read in the report, the CLI and the Load view. */
import { LOAD_ERROR_KINDS } from '../domain/load.js';
import type { LoadErrorCounts, LoadErrorKind, LoadStopReason, ThresholdVerdict } from '../domain/load.js';
import type { LoadRunState } from '../domain/load-runs.js';
import { formatInt, formatMs, formatPercent, formatRate } from './numbers.js';

export const LOAD_STATE_WORDS: Record<LoadRunState, string> = {
  running: 'Running',
  passed: 'Passed',
  failed: 'Failed',
  aborted: 'Aborted',
  interrupted: 'Interrupted',
};

/** Why a run ended, to follow "It ended because …". */
export const LOAD_STOP_REASONS: Record<LoadStopReason, string> = {
  completed: 'it ran its full course',
  threshold: 'an abort-on-fail threshold stopped it early',
  stopped: 'an operator stopped it',
  interrupted: 'Warroom stopped while it ran',
  error: 'the engine failed',
};

export const ERROR_KIND_LABELS: Record<LoadErrorKind, string> = {
  status_5xx: '5xx',
  status_4xx: '4xx',
  timeout: 'timeout',
  connection_refused: 'refused',
  connection_reset: 'reset',
  expectation_failed: 'expectation failed',
  other: 'other',
};

/** Errors by kind, the ones that happened: [["5xx", 12], ["timeout", 3]]. */
export function errorKinds(errors: LoadErrorCounts): [string, number][] {
  return LOAD_ERROR_KINDS.filter((kind) => errors[kind] > 0).map((kind) => [ERROR_KIND_LABELS[kind], errors[kind]]);
}

export type ThresholdUnit = 'ms' | 'fraction' | 'count' | 'rate';

/** The unit of a threshold's actual value, from the metric its expression starts with. */
export function thresholdUnit(expression: string): ThresholdUnit {
  const metric = expression.trim().toLowerCase();
  if (/^rate\s*\(/.test(metric)) return 'fraction';
  if (/^count\s*\(/.test(metric)) return 'count';
  if (/^rps\b/.test(metric)) return 'rate';
  return 'ms';
}

/** A verdict's actual value in the unit of its metric: "731 ms", "2.40 %", "12", "118 req/s"; "no data" before any. */
export function formatActual(verdict: Pick<ThresholdVerdict, 'expression' | 'actual'>): string {
  if (verdict.actual === null) return 'no data';
  switch (thresholdUnit(verdict.expression)) {
    case 'fraction':
      return formatPercent(verdict.actual);
    case 'count':
      return formatInt(verdict.actual);
    case 'rate':
      return `${formatRate(verdict.actual)} req/s`;
    case 'ms':
      return `${formatMs(verdict.actual)} ms`;
  }
}

/** "p(95) < 500 — actual 731 ms", with the endpoint when the threshold is about one. */
export function verdictLine(verdict: Pick<ThresholdVerdict, 'expression' | 'actual' | 'endpoint'>): string {
  return `${verdict.expression}${verdict.endpoint ? ` on ${verdict.endpoint}` : ''} — actual ${formatActual(verdict)}`;
}
