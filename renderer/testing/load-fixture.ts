/**
 * Load profiles, runs, ticks and summaries shaped like the core's reports for the rehearsal
 * config (the api-mix scenario against the gateway). Tests change what they need.
 */
import type { LoadErrorCounts, LoadStats, LoadSummary, LoadTick, LoadTickStats, ThresholdVerdict } from '../../shared/domain/load.js';
import { summaryHeadline } from '../../shared/domain/load-runs.js';
import type { LoadProfileView, LoadRunRecord, LoadSeriesPoint } from '../../shared/domain/load-runs.js';

export const LOAD_BASE_URL = 'http://127.0.0.1:8010';

export const LOAD_ENDPOINTS = [
  'POST /api/v1/goals/',
  'GET /api/v1/goals/{goal_id}',
  'POST /api/v1/tasks/',
  'GET /api/v1/tasks/{task_id}',
  'GET /api/v1/agents/{id}',
  'PATCH /api/v1/agents/{id}',
] as const;

const THRESHOLDS = ['p(95) < 500', 'rate(errors) < 0.01'];

function profile(id: string, durationMs: number, peak: number, patch: Partial<LoadProfileView> = {}): LoadProfileView {
  return { id, description: null, model: 'closed', scenario: 'api-mix', durationMs, peak, thresholds: THRESHOLDS, baseUrl: LOAD_BASE_URL, engine: 'builtin', workers: null, ...patch };
}

/** The rehearsal config's five profiles, plus an open-model one. */
export function loadProfiles(): LoadProfileView[] {
  return [
    profile('smoke', 60_000, 10, { description: 'Does the API answer at all under a trickle of users?' }),
    profile('light', 300_000, 10),
    profile('normal', 600_000, 100),
    profile('peak', 900_000, 500),
    profile('endurance', 3_600_000, 200, { description: 'An hour at a steady load, to catch leaks and slow drift.' }),
    profile('spike', 120_000, 400, { model: 'open', thresholds: [...THRESHOLDS, 'p(99) < 1500 on GET /api/v1/goals/{goal_id}'] }),
  ];
}

export const noErrors = (): LoadErrorCounts => ({
  status_5xx: 0,
  status_4xx: 0,
  timeout: 0,
  connection_refused: 0,
  connection_reset: 0,
  expectation_failed: 0,
  other: 0,
});

export interface TickShape {
  rps?: number;
  p95Ms?: number;
  errors?: Partial<LoadErrorCounts>;
  activeUsers?: number;
  target?: number;
  thresholds?: ThresholdVerdict[];
}

function tickStats(rps: number, p95Ms: number, errors: LoadErrorCounts): LoadTickStats {
  const errorCount = Object.values(errors).reduce((sum, n) => sum + n, 0);
  return {
    requests: Math.round(rps),
    rps,
    p50Ms: p95Ms * 0.4,
    p90Ms: p95Ms * 0.8,
    p95Ms,
    p99Ms: p95Ms * 1.6,
    maxMs: p95Ms * 2.5,
    errors,
    errorCount,
    bytesIn: Math.round(rps) * 512,
    bytesOut: Math.round(rps) * 128,
    startedLate: 0,
    skipped: 0,
  };
}

/** One second of a run: the total and six endpoints sharing its rate; errors land on the first endpoint. */
export function loadTick(second: number, shape: TickShape = {}): LoadTick {
  const rps = shape.rps ?? 120;
  const p95Ms = shape.p95Ms ?? 180;
  const errors = { ...noErrors(), ...shape.errors };
  const per = rps / LOAD_ENDPOINTS.length;
  return {
    second,
    elapsedMs: second * 1000,
    activeUsers: shape.activeUsers ?? 10,
    inFlight: 4,
    target: shape.target ?? 10,
    total: tickStats(rps, p95Ms, errors),
    endpoints: LOAD_ENDPOINTS.map((endpoint, i) => ({ endpoint, ...tickStats(per, p95Ms * (0.6 + i * 0.1), i === 0 ? errors : noErrors()) })),
    thresholds: shape.thresholds ?? [
      { expression: 'p(95) < 500', actual: p95Ms, passed: p95Ms < 500, abortOnFail: false },
      { expression: 'rate(errors) < 0.01', actual: 0, passed: true, abortOnFail: false },
    ],
  };
}

export function seriesOf(ticks: readonly LoadTick[]): LoadSeriesPoint[] {
  return ticks.map((tick) => ({
    second: tick.second,
    rps: tick.total.rps,
    p50Ms: tick.total.p50Ms,
    p90Ms: tick.total.p90Ms,
    p95Ms: tick.total.p95Ms,
    p99Ms: tick.total.p99Ms,
    maxMs: tick.total.maxMs,
    errorCount: tick.total.errorCount,
    activeUsers: tick.activeUsers,
  }));
}

export function loadStats(patch: Partial<LoadStats> = {}): LoadStats {
  return {
    requests: 7200,
    rps: 120,
    minMs: 3,
    meanMs: 80,
    p50Ms: 72,
    p90Ms: 150,
    p95Ms: 180,
    p99Ms: 290,
    p999Ms: 420,
    maxMs: 640,
    errors: noErrors(),
    errorCount: 0,
    errorRate: 0,
    statusCodes: { '200': 4800, '201': 2400 },
    bytesIn: 3_686_400,
    bytesOut: 921_600,
    startedLate: 0,
    skipped: 0,
    dropped: 0,
    ...patch,
  };
}

export function loadSummary(outcome: LoadSummary['outcome'], patch: Partial<LoadSummary> = {}): LoadSummary {
  const thresholds: ThresholdVerdict[] = [
    { expression: 'p(95) < 500', actual: 180, passed: true, abortOnFail: false },
    { expression: 'rate(errors) < 0.01', actual: 0, passed: true, abortOnFail: false },
  ];
  return {
    outcome,
    stopReason: outcome === 'aborted' ? 'stopped' : 'completed',
    decidedBy: null,
    model: 'closed',
    workers: 2,
    startedAt: 1_747_058_580_000,
    endedAt: 1_747_058_640_000,
    durationMs: 60_000,
    seconds: 60,
    total: loadStats(),
    endpoints: LOAD_ENDPOINTS.map((endpoint) => ({ endpoint, ...loadStats({ requests: 1200, rps: 20 }) })),
    thresholds,
    ...patch,
  };
}

export function loadRun(id: number, patch: Partial<LoadRunRecord> = {}): LoadRunRecord {
  return {
    id,
    profile: 'smoke',
    scenario: 'api-mix',
    environment: 'production',
    baseUrl: LOAD_BASE_URL,
    actor: 'Dana',
    model: 'closed',
    state: 'running',
    startedAt: 1_747_058_580_000,
    endedAt: null,
    plannedMs: 60_000,
    decidedBy: null,
    error: null,
    summary: null,
    headline: null,
    engine: 'builtin',
    engineDetail: null,
    ...patch,
  };
}

/** A run that ended with `outcome`, with a summary to match. */
export function endedRun(id: number, outcome: LoadSummary['outcome'], patch: Partial<LoadRunRecord> = {}, summary: Partial<LoadSummary> = {}): LoadRunRecord {
  const base = loadRun(id, patch);
  const full = loadSummary(outcome, { startedAt: base.startedAt, endedAt: base.startedAt + 60_000, ...summary });
  return { ...base, state: outcome, endedAt: full.endedAt, decidedBy: full.decidedBy, summary: full, headline: summaryHeadline(full), ...patch };
}
