/** Load-test runs: the run record, its per-second ticks and its per-endpoint summary with histograms. */
import type { LoadStats, LoadSummary, LoadTick, ThresholdVerdict } from '../../../../shared/domain/load.js';
import { summaryHeadline } from '../../../../shared/domain/load-runs.js';
import type { LoadEngine, LoadEngineDetail, LoadHeadline, LoadRunRecord, LoadRunState, LoadSeriesPoint } from '../../../../shared/domain/load-runs.js';
import type { WritableDb } from '../db.js';

/** What a run records when it starts; it starts in state running. */
export interface NewLoadRun {
  profile: string;
  scenario: string;
  environment: string;
  baseUrl: string;
  actor: string;
  model: 'closed' | 'open';
  /** Planned length without the graceful stop. */
  plannedMs: number;
  startedAt: number;
  /** Default: the built-in engine. */
  engine?: LoadEngine;
  engineDetail?: LoadEngineDetail | null;
}

/** The whole run of one endpoint, with its histogram; the total is the one named TOTAL_ENDPOINT. */
export type LoadEndpointStats = LoadStats & { endpoint: string };

/** The endpoint label of the total row in endpointStats(). */
export const TOTAL_ENDPOINT = '*';

/** Thrown when a run is not in a state that allows the step (only a running run can end). */
export class LoadRunStateError extends Error {
  constructor(id: number, step: string, why: string) {
    super(`Load run ${id} cannot be ${step}: ${why}`);
    this.name = 'LoadRunStateError';
  }
}

export interface LoadRunsRepo {
  create(run: NewLoadRun): LoadRunRecord;
  /** Stores one second of a running run: one INSERT, cheap enough to call from the tick. */
  addTick(runId: number, tick: LoadTick, at: number): void;
  /**
   * Ends a running run with the engine's summary, in one transaction: the state (from the
   * outcome), what decided it, the summary without histograms, and one endpoint row per
   * endpoint plus the total, with histograms.
   */
  finish(runId: number, summary: LoadSummary, at: number): LoadRunRecord;
  /**
   * Ends a running run the engine could not carry out (no summary). It ends `aborted`, as the
   * engine's own errors do; its ticks, if any, are kept and its headline columns filled from them.
   */
  fail(runId: number, error: string, at: number): LoadRunRecord;
  /**
   * Marks `interrupted` every run left running by a Warroom that died (call once at start,
   * before any new run; runs started after `at` are left alone). Every stored tick is kept and
   * ended_at is the last one's time. The summary stays null: a summary claims whole-run
   * percentiles from histograms, which died with the app. The headline columns are filled from
   * the ticks instead (requests, rps and error rate exact; p95/p99 the worst second's, an upper
   * bound), and the last tick still holds the engine's live threshold verdicts over the whole run.
   * The record's `headline` is read from the same ticks, marked approximate.
   */
  markInterrupted(at: number): LoadRunRecord[];
  /**
   * Stores a run produced elsewhere (an import) whole, in one transaction: the record, its ticks
   * (stored at the run's start plus their elapsed time) and its summary. Nothing is kept if any part fails.
   */
  importRun(run: NewLoadRun, ticks: LoadTick[], summary: LoadSummary, at: number): LoadRunRecord;
  get(id: number): LoadRunRecord | null;
  /** Newest first (by start time, then id). */
  list(query: { limit: number; profile?: string | undefined }): LoadRunRecord[];
  /** The per-second total series, in order. */
  series(runId: number): LoadSeriesPoint[];
  /** The last stored tick in full (endpoints and live verdicts), or null before the first. */
  latestTick(runId: number): LoadTick | null;
  /** Every stored tick in full, in order (reports of runs without a summary). */
  ticks(runId: number): LoadTick[];
  /** The total (endpoint TOTAL_ENDPOINT) first, then the endpoints in scenario order, with histograms; empty until finish. */
  endpointStats(runId: number): LoadEndpointStats[];
}

interface LoadRunRow {
  id: number;
  profile: string;
  scenario: string;
  environment: string;
  base_url: string;
  actor: string;
  model: 'closed' | 'open';
  state: LoadRunState;
  started_at: number;
  ended_at: number | null;
  planned_ms: number;
  decided_by: string | null;
  error: string | null;
  summary: string | null;
  engine: LoadEngine;
  engine_detail: string | null;
}

interface SeriesRow {
  second: number;
  rps: number;
  p50_ms: number;
  p90_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  error_count: number;
  active_users: number;
}

interface EndpointRow {
  endpoint: string;
  requests: number;
  rps: number;
  min_ms: number;
  mean_ms: number;
  p50_ms: number;
  p90_ms: number;
  p95_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
  error_count: number;
  error_rate: number;
  errors: string;
  status_codes: string;
  bytes_in: number;
  bytes_out: number;
  started_late: number;
  skipped: number;
  dropped: number;
  histogram: string | null;
}

interface TickTotalsRow {
  seconds: number;
  requests: number | null;
  errors: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  last_at: number | null;
  elapsed_ms: number | null;
}

// The headline columns are not part of the record: the summary holds them.
const COLUMNS = `id, profile, scenario, environment, base_url, actor, model, state, started_at, ended_at, planned_ms,
  decided_by, error, summary, engine, engine_detail`;
const SERIES_COLUMNS = 'second, rps, p50_ms, p90_ms, p95_ms, p99_ms, max_ms, error_count, active_users';

/** Queries whose plans tests check. */
export const HOT_QUERIES = {
  listAll: `SELECT ${COLUMNS} FROM load_runs ORDER BY started_at DESC, id DESC LIMIT @limit`,
  listOfProfile: `SELECT ${COLUMNS} FROM load_runs WHERE profile = @profile ORDER BY started_at DESC, id DESC LIMIT @limit`,
  series: `SELECT ${SERIES_COLUMNS} FROM load_ticks WHERE run_id = @runId ORDER BY second`,
  latestTick: 'SELECT tick FROM load_ticks WHERE run_id = @runId ORDER BY second DESC LIMIT 1',
} as const;

/** The record of a row; `headline` is the summary's, or the one from the stored seconds the caller passes. */
function toRecord(row: LoadRunRow, headlineFromTicks: () => LoadHeadline | null): LoadRunRecord {
  const summary = row.summary === null ? null : (JSON.parse(row.summary) as LoadSummary);
  return {
    id: row.id,
    profile: row.profile,
    scenario: row.scenario,
    environment: row.environment,
    baseUrl: row.base_url,
    actor: row.actor,
    model: row.model,
    state: row.state,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    plannedMs: row.planned_ms,
    decidedBy: row.decided_by === null ? null : (JSON.parse(row.decided_by) as ThresholdVerdict),
    error: row.error,
    summary,
    headline: summary ? summaryHeadline(summary) : row.state === 'running' ? null : headlineFromTicks(),
    engine: row.engine,
    engineDetail: row.engine_detail === null ? null : (JSON.parse(row.engine_detail) as LoadEngineDetail),
  };
}

/**
 * The headline of a run without a summary, from its stored seconds: counts exact; a percentile of
 * the run is at most the worst second's (at least that share of every second's requests were
 * faster), so that is what it shows, marked approximate.
 */
function ticksHeadline(totals: TickTotalsRow): LoadHeadline | null {
  if (totals.seconds === 0) return null;
  const requests = totals.requests ?? 0;
  const errorCount = totals.errors ?? 0;
  const elapsedSeconds = (totals.elapsed_ms ?? 0) / 1000;
  return {
    requests,
    errorCount,
    errorRate: requests > 0 ? Math.min(1, errorCount / requests) : 0,
    rps: elapsedSeconds > 0 ? requests / elapsedSeconds : 0,
    p50Ms: totals.p50_ms ?? 0,
    p95Ms: totals.p95_ms ?? 0,
    p99Ms: totals.p99_ms ?? 0,
    approximate: true,
  };
}

function toSeriesPoint(row: SeriesRow): LoadSeriesPoint {
  return {
    second: row.second,
    rps: row.rps,
    p50Ms: row.p50_ms,
    p90Ms: row.p90_ms,
    p95Ms: row.p95_ms,
    p99Ms: row.p99_ms,
    maxMs: row.max_ms,
    errorCount: row.error_count,
    activeUsers: row.active_users,
  };
}

function toEndpointStats(row: EndpointRow): LoadEndpointStats {
  return {
    endpoint: row.endpoint,
    requests: row.requests,
    rps: row.rps,
    minMs: row.min_ms,
    meanMs: row.mean_ms,
    p50Ms: row.p50_ms,
    p90Ms: row.p90_ms,
    p95Ms: row.p95_ms,
    p99Ms: row.p99_ms,
    p999Ms: row.p999_ms,
    maxMs: row.max_ms,
    errors: JSON.parse(row.errors) as LoadStats['errors'],
    errorCount: row.error_count,
    errorRate: row.error_rate,
    statusCodes: JSON.parse(row.status_codes) as LoadStats['statusCodes'],
    bytesIn: row.bytes_in,
    bytesOut: row.bytes_out,
    startedLate: row.started_late,
    skipped: row.skipped,
    dropped: row.dropped,
    ...(row.histogram !== null ? { histogram: row.histogram } : {}),
  };
}

function endpointParams(runId: number, position: number, stats: LoadEndpointStats): Record<string, unknown> {
  return {
    runId,
    position,
    endpoint: stats.endpoint,
    requests: stats.requests,
    rps: stats.rps,
    minMs: stats.minMs,
    meanMs: stats.meanMs,
    p50Ms: stats.p50Ms,
    p90Ms: stats.p90Ms,
    p95Ms: stats.p95Ms,
    p99Ms: stats.p99Ms,
    p999Ms: stats.p999Ms,
    maxMs: stats.maxMs,
    errorCount: stats.errorCount,
    errorRate: stats.errorRate,
    errors: JSON.stringify(stats.errors),
    statusCodes: JSON.stringify(stats.statusCodes),
    bytesIn: stats.bytesIn,
    bytesOut: stats.bytesOut,
    startedLate: stats.startedLate,
    skipped: stats.skipped,
    dropped: stats.dropped,
    histogram: stats.histogram ?? null,
  };
}

function withoutHistogram<T extends LoadStats>(stats: T): Omit<T, 'histogram'> {
  const { histogram: _histogram, ...rest } = stats;
  return rest;
}

/** The summary as stored in the run row: histograms go to load_endpoint_stats only. */
function compactSummary(summary: LoadSummary): LoadSummary {
  return { ...summary, total: withoutHistogram(summary.total), endpoints: summary.endpoints.map(withoutHistogram) };
}

export function createLoadRunsRepo(db: WritableDb): LoadRunsRepo {
  const insertRun = db.prepare(
    `INSERT INTO load_runs (profile, scenario, environment, base_url, actor, model, state, started_at, planned_ms, engine, engine_detail)
     VALUES (@profile, @scenario, @environment, @baseUrl, @actor, @model, 'running', @startedAt, @plannedMs, @engine, @engineDetail)`,
  );
  const select = db.prepare<[number], LoadRunRow>(`SELECT ${COLUMNS} FROM load_runs WHERE id = ?`);
  const insertTick = db.prepare(
    `INSERT INTO load_ticks (run_id, second, at, requests, rps, p50_ms, p90_ms, p95_ms, p99_ms, max_ms, error_count, active_users, tick)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const end = db.prepare(
    `UPDATE load_runs SET state = @state, ended_at = @endedAt, decided_by = @decidedBy, error = @error, summary = @summary,
       requests = @requests, rps = @rps, p95_ms = @p95Ms, p99_ms = @p99Ms, error_rate = @errorRate
     WHERE id = @id AND state = 'running'`,
  );
  const insertEndpoint = db.prepare(
    `INSERT INTO load_endpoint_stats (run_id, position, endpoint, requests, rps, min_ms, mean_ms, p50_ms, p90_ms, p95_ms, p99_ms,
       p999_ms, max_ms, error_count, error_rate, errors, status_codes, bytes_in, bytes_out, started_late, skipped, dropped, histogram)
     VALUES (@runId, @position, @endpoint, @requests, @rps, @minMs, @meanMs, @p50Ms, @p90Ms, @p95Ms, @p99Ms,
       @p999Ms, @maxMs, @errorCount, @errorRate, @errors, @statusCodes, @bytesIn, @bytesOut, @startedLate, @skipped, @dropped, @histogram)`,
  );
  const running = db.prepare<[number], LoadRunRow>(`SELECT ${COLUMNS} FROM load_runs WHERE state = 'running' AND started_at <= ?`);
  const tickTotals = db.prepare<[{ runId: number }], TickTotalsRow>(
    `SELECT count(*) AS seconds, sum(requests) AS requests, sum(error_count) AS errors, max(p50_ms) AS p50_ms, max(p95_ms) AS p95_ms, max(p99_ms) AS p99_ms,
       max(at) AS last_at, (SELECT json_extract(tick, '$.elapsedMs') FROM load_ticks WHERE run_id = @runId ORDER BY second DESC LIMIT 1) AS elapsed_ms
     FROM load_ticks WHERE run_id = @runId`,
  );
  const listAll = db.prepare<[{ limit: number }], LoadRunRow>(HOT_QUERIES.listAll);
  const listOfProfile = db.prepare<[{ limit: number; profile: string }], LoadRunRow>(HOT_QUERIES.listOfProfile);
  const series = db.prepare<[{ runId: number }], SeriesRow>(HOT_QUERIES.series);
  const latestTick = db.prepare<[{ runId: number }], { tick: string }>(HOT_QUERIES.latestTick);
  const allTicks = db.prepare<[number], string>('SELECT tick FROM load_ticks WHERE run_id = ? ORDER BY second').pluck();
  const endpoints = db.prepare<[number], EndpointRow>(
    `SELECT endpoint, requests, rps, min_ms, mean_ms, p50_ms, p90_ms, p95_ms, p99_ms, p999_ms, max_ms, error_count, error_rate,
       errors, status_codes, bytes_in, bytes_out, started_late, skipped, dropped, histogram
     FROM load_endpoint_stats WHERE run_id = ? ORDER BY position`,
  );

  const recordOf = (row: LoadRunRow): LoadRunRecord => toRecord(row, () => ticksHeadline(tickTotals.get({ runId: row.id })!));

  function get(id: number): LoadRunRecord | null {
    const row = select.get(id);
    return row ? recordOf(row) : null;
  }

  function ended(id: number, step: string, changes: number): LoadRunRecord {
    const run = get(id);
    if (!run) throw new LoadRunStateError(id, step, 'there is no such run');
    if (changes !== 1) throw new LoadRunStateError(id, step, `it is ${run.state}, and only a running run can end`);
    return run;
  }

  // Headline columns of a run without a summary, from its stored seconds: counts exact,
  // percentiles the worst second's (an upper bound of the run's).
  function fromTicks(runId: number) {
    const totals = tickTotals.get({ runId })!;
    const requests = totals.requests ?? 0;
    const elapsedSeconds = (totals.elapsed_ms ?? 0) / 1000;
    const columns = {
      decidedBy: null,
      summary: null,
      requests: totals.seconds > 0 ? requests : null,
      rps: totals.seconds > 0 && elapsedSeconds > 0 ? requests / elapsedSeconds : null,
      p95Ms: totals.p95_ms,
      p99Ms: totals.p99_ms,
      errorRate: requests > 0 ? Math.min(1, (totals.errors ?? 0) / requests) : null,
    };
    return { totals, columns };
  }

  const finishTx = db.transaction((runId: number, summary: LoadSummary, at: number): number => {
    const { changes } = end.run({
      id: runId,
      state: summary.outcome,
      endedAt: at,
      decidedBy: summary.decidedBy === null ? null : JSON.stringify(summary.decidedBy),
      error: summary.error ?? null,
      summary: JSON.stringify(compactSummary(summary)),
      requests: summary.total.requests,
      rps: summary.total.rps,
      p95Ms: summary.total.p95Ms,
      p99Ms: summary.total.p99Ms,
      errorRate: summary.total.errorRate,
    });
    if (changes !== 1) return changes;
    insertEndpoint.run(endpointParams(runId, 0, { ...summary.total, endpoint: TOTAL_ENDPOINT }));
    summary.endpoints.forEach((stats, index) => insertEndpoint.run(endpointParams(runId, index + 1, stats)));
    return changes;
  });

  const interruptTx = db.transaction((at: number): LoadRunRecord[] =>
    running.all(at).map((row) => {
      const { totals, columns } = fromTicks(row.id);
      end.run({
        id: row.id,
        state: 'interrupted',
        // The app died some time after its last stored second; that second is the best end we know.
        endedAt: Math.max(row.started_at, totals.last_at ?? row.started_at),
        error: `Warroom stopped while the run was going: ${totals.seconds} s kept, no summary`,
        ...columns,
      });
      return get(row.id)!;
    }),
  );

  const create = (run: NewLoadRun): LoadRunRecord => {
    const { lastInsertRowid } = insertRun.run({
      profile: run.profile,
      scenario: run.scenario,
      environment: run.environment,
      baseUrl: run.baseUrl,
      actor: run.actor,
      model: run.model,
      startedAt: run.startedAt,
      plannedMs: Math.round(run.plannedMs),
      engine: run.engine ?? 'builtin',
      engineDetail: run.engineDetail ? JSON.stringify(run.engineDetail) : null,
    });
    return get(Number(lastInsertRowid))!;
  };
  const addTick = (runId: number, tick: LoadTick, at: number): void => {
    const { total } = tick;
    insertTick.run(runId, tick.second, at, total.requests, total.rps, total.p50Ms, total.p90Ms, total.p95Ms, total.p99Ms,
      total.maxMs, total.errorCount, tick.activeUsers, JSON.stringify(tick));
  };
  const importTx = db.transaction((run: NewLoadRun, ticks: LoadTick[], summary: LoadSummary, at: number): LoadRunRecord => {
    const created = create(run);
    for (const tick of ticks) addTick(created.id, tick, run.startedAt + tick.elapsedMs);
    return ended(created.id, 'imported', finishTx(created.id, summary, at));
  });

  return {
    importRun: (run, ticks, summary, at) => importTx(run, ticks, summary, at),
    create: (run) => create(run),
    addTick,
    finish(runId, summary, at) {
      return ended(runId, 'finished', finishTx(runId, summary, at));
    },
    fail(runId, error, at) {
      const { changes } = end.run({ id: runId, state: 'aborted', endedAt: at, error, ...fromTicks(runId).columns });
      return ended(runId, 'failed', changes);
    },
    markInterrupted(at) {
      return interruptTx(at);
    },
    get,
    list({ limit, profile }) {
      const rows = profile === undefined ? listAll.all({ limit }) : listOfProfile.all({ limit, profile });
      return rows.map(recordOf);
    },
    series(runId) {
      return series.all({ runId }).map(toSeriesPoint);
    },
    latestTick(runId) {
      const row = latestTick.get({ runId });
      return row ? (JSON.parse(row.tick) as LoadTick) : null;
    },
    ticks(runId) {
      return allTicks.all(runId).map((tick) => JSON.parse(tick) as LoadTick);
    },
    endpointStats(runId) {
      return endpoints.all(runId).map(toEndpointStats);
    },
  };
}
