/**
 * Compares two load runs per endpoint and in total. A regression is a p95 up by more than 10 %
 * or an error rate up by more than 1 percentage point (a baseline comparison: p50/p95/p99, error
 * rate and throughput, with the config's tolerance); each one is explained in words.
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

/**
 * What counts as a regression. A two-run comparison flags p95 and the error rate; a comparison
 * with a profile's baseline flags p50, p95 and p99, the error rate and a drop in throughput,
 * with the config's tolerance (`load.baselineTolerance`).
 */
export interface RegressionTolerance {
  latencyPct: number;
  /** Percentage points. */
  errorRatePoints: number;
  /** Throughput down by more than this many percent; null: not flagged. */
  rpsDropPct: number | null;
  percentiles: readonly ('p50' | 'p95' | 'p99')[];
}
export const TWO_RUN_TOLERANCE: RegressionTolerance = { latencyPct: P95_REGRESSION_PCT, errorRatePoints: ERROR_RATE_REGRESSION * 100, rpsDropPct: null, percentiles: ['p95'] };

/** The tolerance of a baseline comparison, from the config's `load.baselineTolerance`. */
export function baselineTolerance(config: { latencyPct: number; errorRatePoints: number; rpsDropPct: number }): RegressionTolerance {
  return { ...config, percentiles: ['p50', 'p95', 'p99'] };
}

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

const PERCENTILE_KEY = { p50: 'p50Ms', p95: 'p95Ms', p99: 'p99Ms' } as const;

/**
 * One row: the *ChangePct in percent of the base; errorRateChange as a fraction like errorRate
 * itself (0.029 = 2.9 points). Null where a side is missing or the base is zero.
 */
export function compareStats(endpoint: string, base: LoadStats | null, current: LoadStats | null, tolerance: RegressionTolerance = TWO_RUN_TOLERANCE): Row {
  if (!base || !current) {
    return {
      endpoint,
      base,
      current,
      p50ChangePct: null,
      p95ChangePct: null,
      p99ChangePct: null,
      errorRateChange: null,
      rpsChangePct: null,
      regression: false,
      reasons: [base ? 'only in the base run' : 'only in this run'],
    };
  }
  const bothMeasured = base.requests > 0 && current.requests > 0;
  const latencyChange = (key: 'p50Ms' | 'p95Ms' | 'p99Ms') => (bothMeasured ? changePct(base[key], current[key]) : null);
  const changes = { p50Ms: latencyChange('p50Ms'), p95Ms: latencyChange('p95Ms'), p99Ms: latencyChange('p99Ms') };
  const errorRateChange = bothMeasured ? round(current.errorRate - base.errorRate, 9) : null;
  const rpsChangePct = changePct(base.rps, current.rps);
  const reasons: string[] = [];
  if (!bothMeasured) reasons.push(base.requests === 0 ? 'no requests in the base run' : 'no requests in this run');
  let regression = false;
  for (const percentile of tolerance.percentiles) {
    const key = PERCENTILE_KEY[percentile];
    const change = changes[key];
    if (change !== null && change > tolerance.latencyPct) {
      regression = true;
      reasons.push(`${percentile} ${ms(base[key])} → ${ms(current[key])} ms (${signed(change)} %)`);
    }
  }
  if (errorRateChange !== null && round(errorRateChange * 100, 6) > tolerance.errorRatePoints) {
    regression = true;
    reasons.push(`error rate ${pct(base.errorRate)} → ${pct(current.errorRate)}`);
  }
  if (tolerance.rpsDropPct !== null && bothMeasured && rpsChangePct !== null && -rpsChangePct > tolerance.rpsDropPct) {
    regression = true;
    reasons.push(`rps ${base.rps.toFixed(1)} → ${current.rps.toFixed(1)} (${signed(rpsChangePct)} %)`);
  }
  return {
    endpoint,
    base,
    current,
    p50ChangePct: changes.p50Ms,
    p95ChangePct: changes.p95Ms,
    p99ChangePct: changes.p99Ms,
    errorRateChange,
    rpsChangePct,
    regression,
    reasons,
  };
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
  tolerance: RegressionTolerance = TWO_RUN_TOLERANCE,
): LoadComparison {
  const baseSide = sideOf(base, baseStats);
  const currentSide = sideOf(current, currentStats);
  const names = [...new Set([...currentSide.endpoints.keys(), ...baseSide.endpoints.keys()])];
  return {
    base,
    current,
    total: compareStats('total', baseSide.total, currentSide.total, tolerance),
    endpoints: names.map((name) => compareStats(name, baseSide.endpoints.get(name) ?? null, currentSide.endpoints.get(name) ?? null, tolerance)),
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
