/**
 * Test fixtures: a load run as the engine would report it (ticks once a second and a summary
 * from full-resolution histograms), built from seeded random latencies so the numbers agree
 * with each other the way real ones do. Thresholds are judged by the engine's own evaluator.
 */
import type { LoadErrorCounts, LoadErrorKind, LoadStats, LoadSummary, LoadTick, LoadTickStats, ThresholdVerdict } from '../../../../../shared/domain/load.js';
import { evaluateThreshold, newMergeHistogram, parseThreshold, percentileMs } from '../../index.js';
import type { ThresholdFacts } from '../../index.js';
import { encodeHistogram, type Histogram } from '../../histograms.js';

export interface FixtureEndpoint {
  endpoint: string;
  /** Share of the requests (weights are normalised). */
  weight: number;
  medianMs: number;
  /** Log-normal spread; 0.5 gives a p95 about 2.3 × the median. */
  sigma?: number;
  errorRate?: number;
  errorKind?: LoadErrorKind;
}

export interface FixtureOptions {
  seconds?: number;
  /** Requests per second in total. */
  rps?: number;
  users?: number;
  startedAt?: number;
  endpoints?: FixtureEndpoint[];
  thresholds?: { expression: string; endpoint?: string; abortOnFail?: boolean }[];
  seed?: number;
}

export const DEFAULT_ENDPOINTS: FixtureEndpoint[] = [
  { endpoint: 'GET /api/v1/goals', weight: 5, medianMs: 38, sigma: 0.45 },
  { endpoint: 'POST /api/v1/goals', weight: 2, medianMs: 95, sigma: 0.5, errorRate: 0.004, errorKind: 'status_5xx' },
  { endpoint: 'GET /api/v1/goals/{id}', weight: 3, medianMs: 22, sigma: 0.4, errorRate: 0.002, errorKind: 'timeout' },
];

const noErrors = (): LoadErrorCounts => ({
  status_5xx: 0,
  status_4xx: 0,
  timeout: 0,
  connection_refused: 0,
  connection_reset: 0,
  expectation_failed: 0,
  other: 0,
});

/** mulberry32: small, seeded, good enough for shapes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Window {
  histogram: Histogram;
  requests: number;
  errors: LoadErrorCounts;
  maxUs: number;
  minUs: number;
  sumUs: number;
  statusCodes: Record<string, number>;
}

const newWindow = (): Window => ({
  histogram: newMergeHistogram(),
  requests: 0,
  errors: noErrors(),
  maxUs: 0,
  minUs: Number.POSITIVE_INFINITY,
  sumUs: 0,
  statusCodes: {},
});

function record(window: Window, us: number, error: LoadErrorKind | null): void {
  window.histogram.recordValue(us);
  window.requests += 1;
  window.maxUs = Math.max(window.maxUs, us);
  window.minUs = Math.min(window.minUs, us);
  window.sumUs += us;
  if (error) window.errors[error] += 1;
  const status = error === 'status_5xx' ? '503' : error === 'status_4xx' ? '404' : error === null ? '200' : null;
  if (status) window.statusCodes[status] = (window.statusCodes[status] ?? 0) + 1;
}

const errorTotal = (errors: LoadErrorCounts): number => Object.values(errors).reduce((sum, n) => sum + n, 0);
const at = (window: Window, percentile: number): number => Math.min(percentileMs(window.histogram, percentile) ?? 0, window.maxUs / 1000);

function tickStats(window: Window): LoadTickStats {
  const errorCount = errorTotal(window.errors);
  return {
    requests: window.requests,
    rps: window.requests,
    p50Ms: at(window, 50),
    p90Ms: at(window, 90),
    p95Ms: at(window, 95),
    p99Ms: at(window, 99),
    maxMs: window.maxUs / 1000,
    errors: { ...window.errors },
    errorCount,
    bytesIn: window.requests * 512,
    bytesOut: window.requests * 120,
    startedLate: 0,
    skipped: 0,
  };
}

function runStats(window: Window, seconds: number): LoadStats {
  const errorCount = errorTotal(window.errors);
  const requests = window.requests;
  return {
    requests,
    rps: Math.round((requests / seconds) * 1000) / 1000,
    minMs: requests > 0 ? window.minUs / 1000 : 0,
    meanMs: requests > 0 ? Math.round(window.sumUs / requests) / 1000 : 0,
    p50Ms: at(window, 50),
    p90Ms: at(window, 90),
    p95Ms: at(window, 95),
    p99Ms: at(window, 99),
    p999Ms: at(window, 99.9),
    maxMs: window.maxUs / 1000,
    errors: { ...window.errors },
    errorCount,
    errorRate: requests > 0 ? errorCount / requests : 0,
    statusCodes: { ...window.statusCodes },
    bytesIn: requests * 512,
    bytesOut: requests * 120,
    startedLate: 0,
    skipped: 0,
    dropped: 0,
    ...(requests > 0 ? { histogram: encodeHistogram(window.histogram) } : {}),
  };
}

function facts(window: Window, seconds: number): ThresholdFacts {
  return {
    requests: window.requests,
    errorCount: errorTotal(window.errors),
    errors: window.errors,
    skipped: 0,
    startedLate: 0,
    dropped: 0,
    elapsedSeconds: seconds,
    percentileMs: (p) => (window.requests > 0 ? at(window, p) : null),
    meanMs: window.requests > 0 ? window.sumUs / window.requests / 1000 : null,
    minMs: window.requests > 0 ? window.minUs / 1000 : null,
    maxMs: window.requests > 0 ? window.maxUs / 1000 : null,
  };
}

/** A finished run: its ticks (one per second) and the summary the engine would give. */
export function buildLoadRun(options: FixtureOptions = {}): { ticks: LoadTick[]; summary: LoadSummary } {
  const seconds = options.seconds ?? 30;
  const rps = options.rps ?? 200;
  const users = options.users ?? 50;
  const startedAt = options.startedAt ?? Date.UTC(2025, 4, 12, 14, 3, 0);
  const endpoints = options.endpoints ?? DEFAULT_ENDPOINTS;
  const thresholds = (options.thresholds ?? [{ expression: 'p(95) < 500' }, { expression: 'rate(errors) < 0.01' }]).map((t) => ({
    ...t,
    parsed: parseThreshold(t.expression),
  }));
  const next = random(options.seed ?? 7);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const weights = endpoints.reduce((sum, e) => sum + e.weight, 0);
  const run = { total: newWindow(), endpoints: endpoints.map(newWindow) };

  const judge = (elapsed: number): ThresholdVerdict[] =>
    thresholds.map((t) => {
      const index = t.endpoint === undefined ? -1 : endpoints.findIndex((e) => e.endpoint === t.endpoint);
      const window = index < 0 ? run.total : run.endpoints[index]!;
      const { actual, passed } = evaluateThreshold(t.parsed, facts(window, elapsed));
      return {
        expression: t.expression,
        ...(t.endpoint !== undefined ? { endpoint: t.endpoint } : {}),
        actual: actual === null ? null : Math.round(actual * 1e6) / 1e6,
        passed,
        abortOnFail: t.abortOnFail ?? false,
      };
    });

  const ticks: LoadTick[] = [];
  for (let second = 1; second <= seconds; second += 1) {
    const now = { total: newWindow(), endpoints: endpoints.map(newWindow) };
    // Users ramp up over the first fifth of the run, and so do the requests they send.
    const ramp = Math.min(1, second / Math.max(1, seconds / 5));
    endpoints.forEach((e, index) => {
      const count = Math.round((rps * ramp * e.weight) / weights);
      for (let i = 0; i < count; i += 1) {
        const us = Math.max(1, Math.round(Math.exp(Math.log(e.medianMs * 1000) + (e.sigma ?? 0.5) * normal())));
        const error = next() < (e.errorRate ?? 0) ? (e.errorKind ?? 'status_5xx') : null;
        for (const window of [now.total, now.endpoints[index]!, run.total, run.endpoints[index]!]) record(window, us, error);
      }
    });
    ticks.push({
      second,
      elapsedMs: second * 1000 + 3,
      activeUsers: Math.round(users * ramp),
      inFlight: Math.round(users * ramp * 0.4),
      target: users,
      total: tickStats(now.total),
      endpoints: endpoints.map((e, index) => ({ endpoint: e.endpoint, ...tickStats(now.endpoints[index]!) })),
      thresholds: judge(second),
    });
  }

  const verdicts = judge(seconds);
  const failed = verdicts.find((v) => !v.passed) ?? null;
  return {
    ticks,
    summary: {
      outcome: failed ? 'failed' : 'passed',
      stopReason: 'completed',
      decidedBy: failed,
      model: 'closed',
      workers: 2,
      startedAt,
      endedAt: startedAt + seconds * 1000 + 250,
      durationMs: seconds * 1000,
      seconds,
      total: runStats(run.total, seconds),
      endpoints: endpoints.map((e, index) => ({ endpoint: e.endpoint, ...runStats(run.endpoints[index]!, seconds) })),
      thresholds: verdicts,
    },
  };
}
