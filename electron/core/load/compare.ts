/**
 * Compares two load runs per endpoint and in total. A regression is a p95 up by more than 10 %
 * or an error rate up by more than 1 percentage point; each one is explained in words.
 */
import type { LoadStats } from '../../../shared/domain/load.js';
import type { LoadComparison, LoadRunRecord } from '../../../shared/domain/load-runs.js';
import { TOTAL_ENDPOINT } from '../store/repos/load-runs-repo.js';

type Row = LoadComparison['total'];
type NamedStats = LoadStats & { endpoint: string };

/** p95 up by more than this many percent is a regression. */
export const P95_REGRESSION_PCT = 10;
/** Error rate up by more than this (a fraction: 0.01 is one percentage point) is a regression. */
export const ERROR_RATE_REGRESSION = 0.01;

// Differences are rounded before the rule is applied, so 10 % exactly is not "more than 10 %"
// because of a float that came out as 10.000000000000002.
const round = (value: number, digits = 6): number => Math.round(value * 10 ** digits) / 10 ** digits;

function changePct(base: number, current: number): number | null {
  if (base === 0) return current === 0 ? 0 : null;
  return round(((current - base) / base) * 100);
}

const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const pct = (fraction: number): string => `${(fraction * 100).toFixed(fraction < 0.001 && fraction > 0 ? 2 : 1)} %`;
const signed = (value: number): string => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;

/**
 * One row: p95ChangePct and rpsChangePct in percent of the base; errorRateChange as a fraction
 * like errorRate itself (0.029 = 2.9 points). Null where a side is missing or the base is zero.
 */
export function compareStats(endpoint: string, base: LoadStats | null, current: LoadStats | null): Row {
  if (!base || !current) {
    return {
      endpoint,
      base,
      current,
      p95ChangePct: null,
      errorRateChange: null,
      rpsChangePct: null,
      regression: false,
      reasons: [base ? 'only in the base run' : 'only in this run'],
    };
  }
  const bothMeasured = base.requests > 0 && current.requests > 0;
  const p95ChangePct = bothMeasured ? changePct(base.p95Ms, current.p95Ms) : null;
  const errorRateChange = bothMeasured ? round(current.errorRate - base.errorRate, 9) : null;
  const rpsChangePct = changePct(base.rps, current.rps);
  const p95Regressed = p95ChangePct !== null && p95ChangePct > P95_REGRESSION_PCT;
  const errorsRegressed = errorRateChange !== null && errorRateChange > ERROR_RATE_REGRESSION;
  const reasons: string[] = [];
  if (!bothMeasured) reasons.push(base.requests === 0 ? 'no requests in the base run' : 'no requests in this run');
  if (p95Regressed) reasons.push(`p95 ${ms(base.p95Ms)} → ${ms(current.p95Ms)} ms (${signed(p95ChangePct)} %)`);
  if (errorsRegressed) reasons.push(`error rate ${pct(base.errorRate)} → ${pct(current.errorRate)}`);
  const regression = p95Regressed || errorsRegressed;
  return { endpoint, base, current, p95ChangePct, errorRateChange, rpsChangePct, regression, reasons };
}

/**
 * Compares `current` with `base`. The stats are the runs' stored endpoint stats (the total
 * named '*'); a run without them (interrupted: no summary) falls back to its summary, if any.
 * Endpoints are the union of both runs, in the current run's order, then the base's leftovers.
 */
export function compareRuns(
  base: LoadRunRecord,
  current: LoadRunRecord,
  baseStats: readonly NamedStats[],
  currentStats: readonly NamedStats[],
): LoadComparison {
  const baseSide = sideOf(base, baseStats);
  const currentSide = sideOf(current, currentStats);
  const names = [...new Set([...currentSide.endpoints.keys(), ...baseSide.endpoints.keys()])];
  return {
    base,
    current,
    total: compareStats('total', baseSide.total, currentSide.total),
    endpoints: names.map((name) => compareStats(name, baseSide.endpoints.get(name) ?? null, currentSide.endpoints.get(name) ?? null)),
  };
}

function sideOf(run: LoadRunRecord, stats: readonly NamedStats[]): { total: LoadStats | null; endpoints: Map<string, LoadStats> } {
  const rows = stats.length > 0 ? stats : (run.summary ? [{ ...run.summary.total, endpoint: TOTAL_ENDPOINT }, ...run.summary.endpoints] : []);
  const endpoints = new Map<string, LoadStats>();
  let total: LoadStats | null = null;
  // Histograms stay in the store: a comparison travels to the renderer and needs none.
  for (const { endpoint, histogram: _histogram, ...rest } of rows) {
    if (endpoint === TOTAL_ENDPOINT && total === null) total = rest;
    else if (!endpoints.has(endpoint)) endpoints.set(endpoint, rest);
  }
  return { total, endpoints };
}
