import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LoadSummarySchema, LoadTickSchema } from '../../../../shared/domain/load.js';
import { LoadRunRecordSchema, summaryHeadline } from '../../../../shared/domain/load-runs.js';
import { decodeHistogram } from '../../load/index.js';
import { buildLoadRun } from '../../load/report/testing/load-run-fixtures.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import type { WritableDb } from '../db.js';
import { DATABASE_FILE, openStore } from '../store.js';
import { HOT_QUERIES, LoadRunStateError, TOTAL_ENDPOINT, createLoadRunsRepo } from './load-runs-repo.js';
import type { NewLoadRun } from './load-runs-repo.js';
import { freshDb, queryPlan } from '../testing/query-plan.js';

const T0 = Date.UTC(2025, 4, 12, 14, 3, 0);
const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));


const newRun = (over: Partial<NewLoadRun> = {}): NewLoadRun => ({
  profile: 'smoke',
  scenario: 'goals',
  environment: 'staging',
  baseUrl: 'http://127.0.0.1:4010',
  actor: 'ana',
  model: 'closed',
  plannedMs: 60_000,
  startedAt: T0,
  ...over,
});

/** Named parameters some plans need as a value of their type. */
const plan = (db: WritableDb, sql: string): string => queryPlan(db, sql, (name) => (name === 'profile' ? 'smoke' : 1));

describe('load runs repo', () => {
  it('stores a run from start through its ticks to its summary, and reads it all back', () => {
    const db = freshDb();
    const repo = createLoadRunsRepo(db);
    const { ticks, summary } = buildLoadRun({ seconds: 20, startedAt: T0 });

    const created = repo.create(newRun());
    expect(LoadRunRecordSchema.parse(created)).toEqual(created);
    expect(created).toMatchObject({ state: 'running', endedAt: null, decidedBy: null, error: null, summary: null, plannedMs: 60_000 });
    expect(repo.latestTick(created.id)).toBeNull();

    ticks.forEach((tick) => repo.addTick(created.id, tick, T0 + tick.elapsedMs));
    expect(repo.latestTick(created.id)).toEqual(ticks.at(-1));
    expect(LoadTickSchema.parse(repo.latestTick(created.id))).toEqual(ticks.at(-1));
    expect(repo.ticks(created.id)).toEqual(ticks);
    const series = repo.series(created.id);
    expect(series).toHaveLength(20);
    expect(series[4]).toEqual({
      second: 5,
      rps: ticks[4]!.total.rps,
      p50Ms: ticks[4]!.total.p50Ms,
      p90Ms: ticks[4]!.total.p90Ms,
      p95Ms: ticks[4]!.total.p95Ms,
      p99Ms: ticks[4]!.total.p99Ms,
      maxMs: ticks[4]!.total.maxMs,
      errorCount: ticks[4]!.total.errorCount,
      activeUsers: ticks[4]!.activeUsers,
    });

    const finished = repo.finish(created.id, summary, summary.endedAt);
    expect(LoadRunRecordSchema.parse(finished)).toEqual(finished);
    expect(finished).toMatchObject({ state: summary.outcome, endedAt: summary.endedAt, decidedBy: summary.decidedBy, error: null });
    // The record's summary is the engine's, less the histograms, which live per endpoint.
    expect(finished.summary!.total.histogram).toBeUndefined();
    expect(finished.summary!.endpoints.every((e) => e.histogram === undefined)).toBe(true);
    const { histogram: _total, ...totalWithout } = summary.total;
    expect(finished.summary!.total).toEqual(totalWithout);
    expect(LoadSummarySchema.parse(finished.summary)).toEqual(finished.summary);

    const stats = repo.endpointStats(created.id);
    expect(stats.map((s) => s.endpoint)).toEqual([TOTAL_ENDPOINT, ...summary.endpoints.map((e) => e.endpoint)]);
    expect(stats[0]).toEqual({ ...summary.total, endpoint: TOTAL_ENDPOINT });
    expect(stats.slice(1)).toEqual(summary.endpoints);
    expect(decodeHistogram(stats[0]!.histogram!).totalCount).toBe(summary.total.requests);

    const headline = db.prepare('SELECT requests, rps, p95_ms, p99_ms, error_rate FROM load_runs WHERE id = ?').get(created.id);
    expect(headline).toEqual({
      requests: summary.total.requests,
      rps: summary.total.rps,
      p95_ms: summary.total.p95Ms,
      p99_ms: summary.total.p99Ms,
      error_rate: summary.total.errorRate,
    });
    expect(repo.get(created.id)).toEqual(finished);
  });

  it('records the threshold that decided a failed run and refuses to end a run twice', () => {
    const repo = createLoadRunsRepo(freshDb());
    const { ticks, summary } = buildLoadRun({ seconds: 10, thresholds: [{ expression: 'p(95) < 50' }, { expression: 'rate(errors) < 0.01' }] });
    expect(summary.outcome).toBe('failed');
    const run = repo.create(newRun({ profile: 'peak' }));
    ticks.forEach((tick) => repo.addTick(run.id, tick, T0 + tick.elapsedMs));
    const finished = repo.finish(run.id, summary, T0 + 11_000);
    expect(finished.state).toBe('failed');
    expect(finished.decidedBy).toMatchObject({ expression: 'p(95) < 50', passed: false });
    expect(() => repo.finish(run.id, summary, T0 + 12_000)).toThrow(LoadRunStateError);
    expect(() => repo.finish(run.id, summary, T0 + 12_000)).toThrow(/it is failed, and only a running run can end/);
    expect(() => repo.fail(run.id, 'late', T0 + 12_000)).toThrow(LoadRunStateError);
    expect(() => repo.finish(999, summary, T0)).toThrow(/no such run/);
    // The failed second attempt wrote no endpoint rows twice.
    expect(repo.endpointStats(run.id)).toHaveLength(summary.endpoints.length + 1);
  });

  it('ends a run the engine could not carry out as aborted, with its error', () => {
    const repo = createLoadRunsRepo(freshDb());
    const run = repo.create(newRun());
    const failed = repo.fail(run.id, 'load worker 0 failed: connect ECONNREFUSED 127.0.0.1:4010', T0 + 500);
    expect(failed).toMatchObject({ state: 'aborted', endedAt: T0 + 500, error: 'load worker 0 failed: connect ECONNREFUSED 127.0.0.1:4010', summary: null });
    expect(repo.endpointStats(run.id)).toEqual([]);
  });

  it('marks runs left running by a dead app interrupted, keeping every tick', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const { ticks } = buildLoadRun({ seconds: 12, startedAt: T0 });
    const before = openStore({ dataDir: dir.path, now: () => T0 });
    const done = before.loadRuns.create(newRun({ startedAt: T0 - 600_000 }));
    const finishedSummary = buildLoadRun({ seconds: 5, startedAt: T0 - 600_000 }).summary;
    before.loadRuns.finish(done.id, finishedSummary, T0 - 590_000);
    const dying = before.loadRuns.create(newRun({ profile: 'endurance' }));
    ticks.forEach((tick) => before.loadRuns.addTick(dying.id, tick, T0 + tick.elapsedMs));
    const silent = before.loadRuns.create(newRun({ profile: 'light', startedAt: T0 + 1000 }));
    // The app dies here: nothing finishes the runs.
    before.close();

    const after = openStore({ dataDir: dir.path, now: () => T0 + 3_600_000 });
    const fresh = after.loadRuns.create(newRun({ profile: 'normal', startedAt: T0 + 3_600_000 }));
    const marked = after.loadRuns.markInterrupted(T0 + 3_599_000);
    expect(marked.map((run) => run.id).sort()).toEqual([dying.id, silent.id].sort());
    const interrupted = after.loadRuns.get(dying.id)!;
    expect(LoadRunRecordSchema.parse(interrupted)).toEqual(interrupted);
    expect(interrupted).toMatchObject({
      state: 'interrupted',
      endedAt: T0 + ticks.at(-1)!.elapsedMs,
      summary: null,
      error: 'Warroom stopped while the run was going: 12 s kept, no summary',
    });
    expect(after.loadRuns.ticks(dying.id)).toEqual(ticks);
    expect(after.loadRuns.series(dying.id)).toHaveLength(12);
    expect(after.loadRuns.latestTick(dying.id)).toEqual(ticks.at(-1));
    expect(after.loadRuns.get(silent.id)).toMatchObject({ state: 'interrupted', endedAt: T0 + 1000, error: 'Warroom stopped while the run was going: 0 s kept, no summary' });
    expect(after.loadRuns.get(done.id)).toMatchObject({ state: finishedSummary.outcome, endedAt: T0 - 590_000 });
    expect(after.loadRuns.get(fresh.id)!.state).toBe('running');
    expect(after.loadRuns.markInterrupted(T0 + 3_599_000)).toEqual([]);

    // The record's headline (history, run panel) comes from the stored seconds too, and says it is approximate.
    const requests = ticks.reduce((sum, t) => sum + t.total.requests, 0);
    const errors = ticks.reduce((sum, t) => sum + t.total.errorCount, 0);
    expect(errors).toBeGreaterThan(0);
    expect(interrupted.headline).toEqual({
      requests,
      errorCount: errors,
      errorRate: errors / requests,
      rps: requests / (ticks.at(-1)!.elapsedMs / 1000),
      p50Ms: Math.max(...ticks.map((t) => t.total.p50Ms)),
      p95Ms: Math.max(...ticks.map((t) => t.total.p95Ms)),
      p99Ms: Math.max(...ticks.map((t) => t.total.p99Ms)),
      approximate: true,
    });
    expect(marked.find((run) => run.id === dying.id)?.headline).toEqual(interrupted.headline);
    expect(after.loadRuns.list({ limit: 10 }).find((run) => run.id === dying.id)?.headline).toEqual(interrupted.headline);
    expect(after.loadRuns.get(silent.id)!.headline).toBeNull();
    expect(after.loadRuns.get(fresh.id)!.headline).toBeNull();
    expect(after.loadRuns.get(done.id)!.headline).toEqual({ ...summaryHeadline(finishedSummary), approximate: false });
    after.close();

    // Headline columns for the board come from the ticks: exact counts, worst-second percentiles.
    const db = new Database(join(dir.path, DATABASE_FILE), { readonly: true });
    const headline = db.prepare('SELECT requests, rps, p95_ms, p99_ms, error_rate FROM load_runs WHERE id = ?').get(dying.id) as Record<string, number>;
    expect(headline).toMatchObject({
      requests,
      p95_ms: Math.max(...ticks.map((t) => t.total.p95Ms)),
      p99_ms: Math.max(...ticks.map((t) => t.total.p99Ms)),
    });
    expect(headline.rps).toBeCloseTo(requests / (ticks.at(-1)!.elapsedMs / 1000), 6);
    expect(headline.error_rate).toBeCloseTo(errors / requests, 9);
    expect(db.prepare('SELECT requests, rps, p95_ms FROM load_runs WHERE id = ?').get(silent.id)).toEqual({ requests: null, rps: null, p95_ms: null });
    db.close();
  });

  it('lists runs newest first, of all profiles or of one, and gets one by id', () => {
    const repo = createLoadRunsRepo(freshDb());
    const ids = ['smoke', 'peak', 'smoke', 'normal', 'smoke'].map((profile, i) => repo.create(newRun({ profile, startedAt: T0 + i * 60_000 })).id);
    // Same start time: the later id is the newer run.
    const twin = repo.create(newRun({ profile: 'smoke', startedAt: T0 + 4 * 60_000 })).id;
    expect(repo.list({ limit: 10 }).map((r) => r.id)).toEqual([twin, ids[4], ids[3], ids[2], ids[1], ids[0]]);
    expect(repo.list({ limit: 2 }).map((r) => r.id)).toEqual([twin, ids[4]]);
    expect(repo.list({ limit: 10, profile: 'smoke' }).map((r) => r.id)).toEqual([twin, ids[4], ids[2], ids[0]]);
    expect(repo.list({ limit: 10, profile: 'soak' })).toEqual([]);
    expect(repo.get(ids[1]!)).toMatchObject({ id: ids[1], profile: 'peak', baseUrl: 'http://127.0.0.1:4010', actor: 'ana', model: 'closed' });
    expect(repo.get(12345)).toBeNull();
    expect(repo.series(12345)).toEqual([]);
    expect(repo.endpointStats(12345)).toEqual([]);
  });

  it('answers the run list and the series through indexes, without sorting', () => {
    const db = freshDb();
    expect(plan(db, HOT_QUERIES.listAll)).toMatch(/SCAN load_runs USING INDEX load_runs_started_at/);
    expect(plan(db, HOT_QUERIES.listOfProfile)).toMatch(/SEARCH load_runs USING INDEX load_runs_profile_started_at \(profile=\?\)/);
    expect(plan(db, HOT_QUERIES.series)).toMatch(/SEARCH load_ticks USING PRIMARY KEY \(run_id=\?\)/);
    expect(plan(db, HOT_QUERIES.latestTick)).toMatch(/SEARCH load_ticks USING PRIMARY KEY \(run_id=\?\)/);
    for (const sql of Object.values(HOT_QUERIES)) expect(plan(db, sql)).not.toMatch(/TEMP B-TREE/);
  });
});
