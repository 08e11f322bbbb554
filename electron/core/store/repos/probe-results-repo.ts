/**
 * Raw probe results and their per-minute rollups: the evidence behind every health chart. Each
 * row belongs to the environment whose core probed it; readers ask for one environment, so rows
 * stored before environments were recorded (environment unknown) count for none.
 */
import type { ProbeOutcome, ProbeResult } from '../../../../shared/domain/probes.js';
import { readOnlyView } from '../db.js';
import type { ReadableDb, WritableDb } from '../db.js';

/** One stored check as history and the rollup job read it (the detail text stays in the table). */
export interface ProbeSample {
  /** Null for checks stored before the environment was recorded. */
  environment: string | null;
  probeId: string;
  service: string;
  at: number;
  outcome: ProbeOutcome;
  latencyMs: number;
}

/**
 * One probe's checks within one minute. Latency figures cover checks that got an answer (up or
 * degraded); down checks count only in `failures`, since their latency is mostly a timeout.
 */
export interface ProbeRollup {
  /** That of its checks: null when they were stored before the environment was recorded. */
  environment: string | null;
  probeId: string;
  service: string;
  /** Start of the minute, epoch ms. */
  minuteAt: number;
  count: number;
  /** Down checks. */
  failures: number;
  degraded: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  /** Sum over the answered checks: the mean is sumMs / (count - failures). */
  sumMs: number;
}

/**
 * One probe's minute rollups merged over one chart bucket. Counts are summed and p95/max are the
 * highest of the minutes'; the minute p50s come back as a list (with each minute's answered
 * checks as weights) because a median of medians needs them all, not a sum.
 */
export interface RollupBucket {
  /** Start of the bucket: a multiple of its width since the epoch. */
  bucketAt: number;
  count: number;
  failures: number;
  degraded: number;
  p95Ms: number | null;
  maxMs: number | null;
  /** p50 of every minute with answered checks ... */
  p50s: number[];
  /** ... and how many answered checks that minute had, in the same order. */
  weights: number[];
}

/** One service's probes in one environment, or only one of them. */
export interface ProbeTarget {
  environment: string;
  service: string;
  probeId?: string | undefined;
}

/** Read side, for the history query (it cannot write). */
export interface ProbeResultsReader {
  /** Checks of the target with `fromAt <= at < toAt`, oldest first. */
  samplesOf(target: ProbeTarget, fromAt: number, toAt: number): ProbeSample[];
  /** Checks of every probe of every environment with `fromAt <= at < toAt`, oldest first (the rollup job's input). */
  samplesBetween(fromAt: number, toAt: number): ProbeSample[];
  /** Time of the first check at or after `at`, or null when there is none. */
  firstAtOrAfter(at: number): number | null;
  /** Rollups of the target with `fromMinuteAt <= minute_at < toMinuteAt`, grouped by probe, oldest first within one. */
  rollupsOf(target: ProbeTarget, fromMinuteAt: number, toMinuteAt: number): ProbeRollup[];
  /**
   * Rollups of the target with `fromMinuteAt <= minute_at < toMinuteAt` merged per bucket of
   * `bucketMs`, one list per probe: the query behind long-range charts.
   */
  rollupBucketsOf(target: ProbeTarget, fromMinuteAt: number, toMinuteAt: number, bucketMs: number): RollupBucket[];
  /** Every minute before this is in the rollups; null before the first rollup. */
  rolledUntil(): number | null;
}

export interface ProbeResultsRepo extends ProbeResultsReader {
  /** Stores a batch probed in `environment` in one transaction: all of it or, on error, none of it. */
  insertMany(environment: string, results: readonly ProbeResult[]): void;
  /** Upserts rollups and advances the rolled-up mark (never backwards), in one transaction. */
  saveRollups(rollups: readonly ProbeRollup[], rolledUntilAt: number): void;
  /** Deletes at most `limit` raw checks with `at < beforeAt`, oldest first; returns how many. */
  deleteSamplesBefore(beforeAt: number, limit: number): number;
  /** Deletes at most `limit` rollups with `minute_at < beforeAt`; returns how many. */
  deleteRollupsBefore(beforeAt: number, limit: number): number;
}

const OUTCOME_CODES: Record<ProbeOutcome, number> = { up: 0, degraded: 1, down: 2 };
const OUTCOMES: readonly ProbeOutcome[] = ['up', 'degraded', 'down'];

interface SampleRow {
  environment: string | null;
  probeId: string;
  service: string;
  at: number;
  outcome: number;
  latencyMs: number;
}

const SAMPLE_COLUMNS = 'environment, probe_id AS probeId, service, at, outcome, latency_ms AS latencyMs';
const ROLLUP_COLUMNS = `environment, probe_id AS probeId, service, minute_at AS minuteAt, count, failures, degraded,
  p50_ms AS p50Ms, p95_ms AS p95Ms, max_ms AS maxMs, sum_ms AS sumMs`;

/** The queries history and the rollup job run all the time; tests check their plans use the indexes. */
export const HOT_QUERIES = {
  serviceSamples: `SELECT ${SAMPLE_COLUMNS} FROM probe_results WHERE environment = ? AND service = ? AND at >= ? AND at < ? ORDER BY at`,
  probeSamples: `SELECT ${SAMPLE_COLUMNS} FROM probe_results WHERE environment = ? AND probe_id = ? AND at >= ? AND at < ? ORDER BY at`,
  allSamples: `SELECT ${SAMPLE_COLUMNS} FROM probe_results WHERE at >= ? AND at < ? ORDER BY at`,
  probeRollups: `SELECT ${ROLLUP_COLUMNS} FROM probe_rollups WHERE environment = ? AND probe_id = ? AND minute_at >= ? AND minute_at < ? ORDER BY minute_at`,
  // Summing in SQL and handing over the p50s as one JSON array per bucket is several times faster
  // than one JS row per minute (28 days are 40k minutes per probe). Bound numbers arrive as REAL,
  // hence the casts: the division must be an integer one.
  probeRollupBuckets: `SELECT minute_at / CAST(@bucketMs AS INTEGER) * CAST(@bucketMs AS INTEGER) AS bucketAt,
      sum(count) AS count, sum(failures) AS failures, sum(degraded) AS degraded, max(p95_ms) AS p95Ms, max(max_ms) AS maxMs,
      json_group_array(p50_ms) FILTER (WHERE p50_ms IS NOT NULL AND count > failures) AS p50s,
      json_group_array(count - failures) FILTER (WHERE p50_ms IS NOT NULL AND count > failures) AS weights
    FROM probe_rollups WHERE environment = @environment AND probe_id = @probeId AND minute_at >= @fromAt AND minute_at < @toAt
    GROUP BY 1 ORDER BY 1`,
  nextRollupProbe: 'SELECT probe_id AS probeId, service FROM probe_rollups WHERE environment = ? AND probe_id > ? ORDER BY probe_id LIMIT 1',
  // Retention goes over every environment's rollups, the unknown one ('') included.
  nextRollupKey: `SELECT environment, probe_id AS probeId FROM probe_rollups WHERE (environment, probe_id) > (?, ?)
    ORDER BY environment, probe_id LIMIT 1`,
  deleteSamples: 'DELETE FROM probe_results WHERE id IN (SELECT id FROM probe_results WHERE at < ? ORDER BY at LIMIT ?)',
} as const;

/** probe_rollups keeps the unknown environment as '' (its key cannot hold NULL; see migration 170). */
const UNKNOWN_ROLLUP_ENVIRONMENT = '';

function toSample(row: SampleRow): ProbeSample {
  return { ...row, outcome: OUTCOMES[row.outcome] ?? 'down' };
}

export function createProbeResultsRepo(db: WritableDb): ProbeResultsRepo {
  const readable = readOnlyView(db);
  const reader = createProbeResultsReader(readable);
  const listRollupKeys = rollupKeyLister(readable);
  const insert = db.prepare<[string, string, string, number, number, number, string], never>(
    'INSERT INTO probe_results (environment, probe_id, service, at, outcome, latency_ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const upsertRollup = db.prepare<[ProbeRollup & { environment: string }], never>(
    `INSERT OR REPLACE INTO probe_rollups (environment, probe_id, service, minute_at, count, failures, degraded, p50_ms, p95_ms, max_ms, sum_ms)
     VALUES (@environment, @probeId, @service, @minuteAt, @count, @failures, @degraded, @p50Ms, @p95Ms, @maxMs, @sumMs)`,
  );
  const setProgress = db.prepare<[number], never>(
    `INSERT INTO probe_rollup_progress (id, rolled_until_at) VALUES (1, ?)
     ON CONFLICT (id) DO UPDATE SET rolled_until_at = max(rolled_until_at, excluded.rolled_until_at)`,
  );
  const deleteSamples = db.prepare<[number, number], never>(HOT_QUERIES.deleteSamples);
  // Rollups are clustered by environment and probe, so age-based deletes go probe by probe along the primary key.
  const deleteProbeRollups = db.prepare<[{ environment: string; probeId: string; beforeAt: number; limit: number }], never>(
    `DELETE FROM probe_rollups WHERE environment = @environment AND probe_id = @probeId AND minute_at IN
       (SELECT minute_at FROM probe_rollups WHERE environment = @environment AND probe_id = @probeId AND minute_at < @beforeAt ORDER BY minute_at LIMIT @limit)`,
  );

  const insertAll = db.transaction((environment: string, results: readonly ProbeResult[]) => {
    for (const r of results) insert.run(environment, r.probeId, r.service, r.at, OUTCOME_CODES[r.outcome], r.latencyMs, r.detail);
  });
  const saveAll = db.transaction((rollups: readonly ProbeRollup[], rolledUntilAt: number) => {
    for (const rollup of rollups) upsertRollup.run({ ...rollup, environment: rollup.environment ?? UNKNOWN_ROLLUP_ENVIRONMENT });
    setProgress.run(rolledUntilAt);
  });

  return {
    ...reader,
    insertMany(environment, results) {
      if (results.length > 0) insertAll(environment, results);
    },
    saveRollups(rollups, rolledUntilAt) {
      saveAll(rollups, rolledUntilAt);
    },
    deleteSamplesBefore(beforeAt, limit) {
      return deleteSamples.run(beforeAt, limit).changes;
    },
    deleteRollupsBefore(beforeAt, limit) {
      let deleted = 0;
      for (const { environment, probeId } of listRollupKeys()) {
        if (deleted >= limit) break;
        deleted += deleteProbeRollups.run({ environment, probeId, beforeAt, limit: limit - deleted }).changes;
      }
      return deleted;
    },
  };
}

export function createProbeResultsReader(db: ReadableDb): ProbeResultsReader {
  const serviceSamples = db.prepare<[string, string, number, number], SampleRow>(HOT_QUERIES.serviceSamples);
  const probeSamples = db.prepare<[string, string, number, number], SampleRow>(HOT_QUERIES.probeSamples);
  const allSamples = db.prepare<[number, number], SampleRow>(HOT_QUERIES.allSamples);
  const firstAt = db.prepare<[number], { at: number | null }>('SELECT min(at) AS at FROM probe_results WHERE at >= ?');
  const probeRollups = db.prepare<[string, string, number, number], ProbeRollup>(HOT_QUERIES.probeRollups);
  const probeRollupBuckets = db.prepare<
    [{ environment: string; probeId: string; fromAt: number; toAt: number; bucketMs: number }],
    Omit<RollupBucket, 'p50s' | 'weights'> & { p50s: string; weights: string }
  >(HOT_QUERIES.probeRollupBuckets);
  const listRollupProbes = rollupProbeLister(db);
  const probesOf = (target: ProbeTarget) =>
    target.probeId
      ? [target.probeId]
      : listRollupProbes(target.environment)
          .filter((p) => p.service === target.service)
          .map((p) => p.probeId);
  const progress = db.prepare<[], { rolledUntilAt: number }>(
    'SELECT rolled_until_at AS rolledUntilAt FROM probe_rollup_progress WHERE id = 1',
  );

  return {
    samplesOf(target, fromAt, toAt) {
      const rows = target.probeId
        ? probeSamples.all(target.environment, target.probeId, fromAt, toAt)
        : serviceSamples.all(target.environment, target.service, fromAt, toAt);
      return rows.map(toSample);
    },
    samplesBetween(fromAt, toAt) {
      return allSamples.all(fromAt, toAt).map(toSample);
    },
    firstAtOrAfter(at) {
      return firstAt.get(at)?.at ?? null;
    },
    rollupsOf(target, fromMinuteAt, toMinuteAt) {
      return probesOf(target).flatMap((probeId) => probeRollups.all(target.environment, probeId, fromMinuteAt, toMinuteAt));
    },
    rollupBucketsOf(target, fromAt, toAt, bucketMs) {
      return probesOf(target).flatMap((probeId) =>
        probeRollupBuckets.all({ environment: target.environment, probeId, fromAt, toAt, bucketMs }).map((row) => ({
          ...row,
          p50s: JSON.parse(row.p50s) as number[],
          weights: JSON.parse(row.weights) as number[],
        })),
      );
    },
    rolledUntil() {
      return progress.get()?.rolledUntilAt ?? null;
    },
  };
}

/**
 * Rollups are read probe by probe along the primary key, each probe's range one contiguous read
 * (a (service, minute_at) index would need a lookup per row). This lists one environment's probes
 * by hopping along the key, one seek per probe, rather than scanning every row for DISTINCT.
 */
function rollupProbeLister(db: ReadableDb): (environment: string) => { probeId: string; service: string }[] {
  const next = db.prepare<[string, string], { probeId: string; service: string }>(HOT_QUERIES.nextRollupProbe);
  return (environment) => {
    const probes: { probeId: string; service: string }[] = [];
    for (let row = next.get(environment, ''); row; row = next.get(environment, row.probeId)) probes.push(row);
    return probes;
  };
}

/** Every (environment, probe) with rollups, by the same hops: what retention walks. */
function rollupKeyLister(db: ReadableDb): () => { environment: string; probeId: string }[] {
  const next = db.prepare<[string, string], { environment: string; probeId: string }>(HOT_QUERIES.nextRollupKey);
  return () => {
    const keys: { environment: string; probeId: string }[] = [];
    for (let row = next.get('', ''); row; row = next.get(row.environment, row.probeId)) keys.push(row);
    return keys;
  };
}
