/** Raw probe results and their per-minute rollups: the evidence behind every health chart. */
import type { ProbeOutcome, ProbeResult } from '../../../shared/domain/probes.js';
import type { ReadableDb, WritableDb } from '../db.js';

/** One stored check as history and the rollup job read it (the detail text stays in the table). */
export interface ProbeSample {
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

/** One service's probes, or only one of them. */
export interface ProbeTarget {
  service: string;
  probeId?: string | undefined;
}

/** Read side, for the history query (it cannot write). */
export interface ProbeResultsReader {
  /** Checks of the target with `fromAt <= at < toAt`, oldest first. */
  samplesOf(target: ProbeTarget, fromAt: number, toAt: number): ProbeSample[];
  /** Checks of every probe with `fromAt <= at < toAt`, oldest first (the rollup job's input). */
  samplesBetween(fromAt: number, toAt: number): ProbeSample[];
  /** Time of the first check at or after `at`, or null when there is none. */
  firstAtOrAfter(at: number): number | null;
  /** Rollups of the target with `fromMinuteAt <= minute_at < toMinuteAt`, grouped by probe, oldest first within one. */
  rollupsOf(target: ProbeTarget, fromMinuteAt: number, toMinuteAt: number): ProbeRollup[];
  /** Every minute before this is in the rollups; null before the first rollup. */
  rolledUntil(): number | null;
}

export interface ProbeResultsRepo extends ProbeResultsReader {
  /** Stores a batch in one transaction: all of it or, on error, none of it. */
  insertMany(results: readonly ProbeResult[]): void;
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
  probeId: string;
  service: string;
  at: number;
  outcome: number;
  latencyMs: number;
}

const SAMPLE_COLUMNS = 'probe_id AS probeId, service, at, outcome, latency_ms AS latencyMs';
const ROLLUP_COLUMNS = `probe_id AS probeId, service, minute_at AS minuteAt, count, failures, degraded,
  p50_ms AS p50Ms, p95_ms AS p95Ms, max_ms AS maxMs, sum_ms AS sumMs`;

/** The queries history and the rollup job run all the time; tests check their plans use the indexes. */
export const HOT_QUERIES = {
  serviceSamples: `SELECT ${SAMPLE_COLUMNS} FROM probe_results WHERE service = ? AND at >= ? AND at < ? ORDER BY at`,
  probeSamples: `SELECT ${SAMPLE_COLUMNS} FROM probe_results WHERE probe_id = ? AND at >= ? AND at < ? ORDER BY at`,
  allSamples: `SELECT ${SAMPLE_COLUMNS} FROM probe_results WHERE at >= ? AND at < ? ORDER BY at`,
  probeRollups: `SELECT ${ROLLUP_COLUMNS} FROM probe_rollups WHERE probe_id = ? AND minute_at >= ? AND minute_at < ? ORDER BY minute_at`,
  nextRollupProbe: 'SELECT probe_id AS probeId, service FROM probe_rollups WHERE probe_id > ? ORDER BY probe_id LIMIT 1',
  deleteSamples: 'DELETE FROM probe_results WHERE id IN (SELECT id FROM probe_results WHERE at < ? ORDER BY at LIMIT ?)',
} as const;

function toSample(row: SampleRow): ProbeSample {
  return { ...row, outcome: OUTCOMES[row.outcome] ?? 'down' };
}

export function createProbeResultsRepo(db: WritableDb): ProbeResultsRepo {
  const reader = createProbeResultsReader(db);
  const listRollupProbes = rollupProbeLister(db);
  const insert = db.prepare<[string, string, number, number, number, string], never>(
    'INSERT INTO probe_results (probe_id, service, at, outcome, latency_ms, detail) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const upsertRollup = db.prepare<[ProbeRollup], never>(
    `INSERT OR REPLACE INTO probe_rollups (probe_id, service, minute_at, count, failures, degraded, p50_ms, p95_ms, max_ms, sum_ms)
     VALUES (@probeId, @service, @minuteAt, @count, @failures, @degraded, @p50Ms, @p95Ms, @maxMs, @sumMs)`,
  );
  const setProgress = db.prepare<[number], never>(
    `INSERT INTO probe_rollup_progress (id, rolled_until_at) VALUES (1, ?)
     ON CONFLICT (id) DO UPDATE SET rolled_until_at = max(rolled_until_at, excluded.rolled_until_at)`,
  );
  const deleteSamples = db.prepare<[number, number], never>(HOT_QUERIES.deleteSamples);
  // Rollups are clustered by probe, so age-based deletes go probe by probe along the primary key.
  const deleteProbeRollups = db.prepare<[string, string, number, number], never>(
    `DELETE FROM probe_rollups WHERE probe_id = ? AND minute_at IN
       (SELECT minute_at FROM probe_rollups WHERE probe_id = ? AND minute_at < ? ORDER BY minute_at LIMIT ?)`,
  );

  const insertAll = db.transaction((results: readonly ProbeResult[]) => {
    for (const r of results) insert.run(r.probeId, r.service, r.at, OUTCOME_CODES[r.outcome], r.latencyMs, r.detail);
  });
  const saveAll = db.transaction((rollups: readonly ProbeRollup[], rolledUntilAt: number) => {
    for (const rollup of rollups) upsertRollup.run(rollup);
    setProgress.run(rolledUntilAt);
  });

  return {
    ...reader,
    insertMany(results) {
      if (results.length > 0) insertAll(results);
    },
    saveRollups(rollups, rolledUntilAt) {
      saveAll(rollups, rolledUntilAt);
    },
    deleteSamplesBefore(beforeAt, limit) {
      return deleteSamples.run(beforeAt, limit).changes;
    },
    deleteRollupsBefore(beforeAt, limit) {
      let deleted = 0;
      for (const { probeId } of listRollupProbes()) {
        if (deleted >= limit) break;
        deleted += deleteProbeRollups.run(probeId, probeId, beforeAt, limit - deleted).changes;
      }
      return deleted;
    },
  };
}

export function createProbeResultsReader(db: ReadableDb): ProbeResultsReader {
  const serviceSamples = db.prepare<[string, number, number], SampleRow>(HOT_QUERIES.serviceSamples);
  const probeSamples = db.prepare<[string, number, number], SampleRow>(HOT_QUERIES.probeSamples);
  const allSamples = db.prepare<[number, number], SampleRow>(HOT_QUERIES.allSamples);
  const firstAt = db.prepare<[number], { at: number | null }>('SELECT min(at) AS at FROM probe_results WHERE at >= ?');
  const probeRollups = db.prepare<[string, number, number], ProbeRollup>(HOT_QUERIES.probeRollups);
  const listRollupProbes = rollupProbeLister(db);
  const progress = db.prepare<[], { rolledUntilAt: number }>(
    'SELECT rolled_until_at AS rolledUntilAt FROM probe_rollup_progress WHERE id = 1',
  );

  return {
    samplesOf(target, fromAt, toAt) {
      const rows = target.probeId
        ? probeSamples.all(target.probeId, fromAt, toAt)
        : serviceSamples.all(target.service, fromAt, toAt);
      return rows.map(toSample);
    },
    samplesBetween(fromAt, toAt) {
      return allSamples.all(fromAt, toAt).map(toSample);
    },
    firstAtOrAfter(at) {
      return firstAt.get(at)?.at ?? null;
    },
    rollupsOf(target, fromMinuteAt, toMinuteAt) {
      // Per probe along the primary key: each probe's range is one contiguous read, which beats a
      // (service, minute_at) index that would need a lookup per row.
      const probeIds = target.probeId
        ? [target.probeId]
        : listRollupProbes().filter((p) => p.service === target.service).map((p) => p.probeId);
      return probeIds.flatMap((probeId) => probeRollups.all(probeId, fromMinuteAt, toMinuteAt));
    },
    rolledUntil() {
      return progress.get()?.rolledUntilAt ?? null;
    },
  };
}

/**
 * Lists the distinct probes of the rollups table by hopping along the primary key (one seek per
 * probe) rather than scanning every row for DISTINCT.
 */
function rollupProbeLister(db: ReadableDb): () => { probeId: string; service: string }[] {
  const next = db.prepare<[string], { probeId: string; service: string }>(HOT_QUERIES.nextRollupProbe);
  return () => {
    const probes: { probeId: string; service: string }[] = [];
    for (let row = next.get(''); row; row = next.get(row.probeId)) probes.push(row);
    return probes;
  };
}
