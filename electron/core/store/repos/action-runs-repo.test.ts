import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ActionRunSchema } from '../../../../shared/domain/actions.js';
import type { WritableDb } from '../db.js';
import { HOT_QUERIES, INTERRUPTED_REASON, RunStateError, createActionRunsRepo } from './action-runs-repo.js';
import type { NewActionRun, RunOutcome } from './action-runs-repo.js';
import { freshDb, queryPlan } from '../testing/query-plan.js';


const request = (over: Partial<NewActionRun> = {}): NewActionRun => ({
  actionId: 'rollback',
  environment: 'staging',
  target: 'api',
  params: { service: 'api', force: false },
  dryRun: false,
  actor: 'ana',
  requestedAt: 1000,
  state: 'running',
  ...over,
});

const outcome = (over: Partial<RunOutcome> = {}): RunOutcome => ({
  state: 'succeeded',
  endedAt: 5000,
  exitCode: 0,
  signal: null,
  reason: null,
  output: null,
  outputBytes: 0,
  truncated: false,
  digest: null,
  ...over,
});

/** Named parameters some plans need as a value of their type. */
const plan = (db: WritableDb, sql: string): string => queryPlan(db, sql, (name) => (name === 'production' ? '[]' : 1));

describe('action runs repo', () => {
  it('takes a run through approval, start, finish and verification, storing its output once', () => {
    const repo = createActionRunsRepo(freshDb());
    const created = repo.create(request({ environment: 'production', state: 'awaiting_approval', requestedAt: 1000 }));
    expect(ActionRunSchema.parse(created)).toEqual(created);
    expect(created).toMatchObject({ state: 'awaiting_approval', approvedBy: null, startedAt: null, outputBytes: 0, healthRestored: null });
    expect(created.params).toEqual({ service: 'api', force: false });

    expect(() => repo.approve(created.id, ' ANA', 1500)).toThrow(/requested it and cannot approve it too/);
    expect(() => repo.start(created.id, 1500, null)).toThrow(RunStateError);
    expect(repo.approve(created.id, 'bob', 2000)).toMatchObject({ state: 'running', approvedBy: 'bob', approvedAt: 2000 });
    expect(() => repo.approve(created.id, 'carol', 2100)).toThrow(/cannot be approved: it is running/);

    const started = repo.start(created.id, 2500, { api: 'up', db: 'degraded' });
    expect(started).toMatchObject({ startedAt: 2500, healthBefore: { api: 'up', db: 'degraded' } });
    expect(() => repo.start(created.id, 2600, null)).toThrow(RunStateError);
    expect(() => repo.verified(created.id, { api: 'up' }, true)).toThrow(/only an ended run/);

    const output = Buffer.from('rolled back api to v41\n[output truncated]\n');
    const digest = createHash('sha256').update(output).digest('hex');
    const finished = repo.finish(created.id, outcome({ endedAt: 9000, output, outputBytes: 20_000_000, truncated: true, digest }));
    expect(finished).toMatchObject({ state: 'succeeded', endedAt: 9000, exitCode: 0, outputBytes: 20_000_000, outputTruncated: true, outputDigest: digest });
    expect(repo.output(created.id)).toEqual(output);
    expect(() => repo.finish(created.id, outcome({ state: 'failed', output: Buffer.from('again') }))).toThrow(/cannot be finished: it is succeeded/);
    expect(repo.output(created.id)).toEqual(output);

    const verified = repo.verified(created.id, { api: 'up', db: 'up' }, true);
    expect(verified).toMatchObject({ healthAfter: { api: 'up', db: 'up' }, healthRestored: true });
    expect(() => repo.verified(created.id, { api: 'down' }, false)).toThrow(RunStateError);
    expect(ActionRunSchema.parse(repo.get(created.id))).toEqual(verified);
  });

  it('records a refused run as ended, with its reason, and never lets it start', () => {
    const repo = createActionRunsRepo(freshDb());
    expect(() => repo.create(request({ state: 'refused' }))).toThrow(/needs a reason/);
    const refused = repo.create(request({ state: 'refused', reason: 'not allowed in production', requestedAt: 700 }));
    expect(refused).toMatchObject({ state: 'refused', endedAt: 700, reason: 'not allowed in production' });
    expect(() => repo.start(refused.id, 800, null)).toThrow(RunStateError);
    expect(() => repo.finish(refused.id, outcome())).toThrow(RunStateError);
    expect(repo.output(refused.id)).toBeNull();
    expect(repo.get(999)).toBeNull();
    expect(() => repo.approve(999, 'bob', 1)).toThrow(/there is no such run/);
  });

  it('lets a run awaiting approval be cancelled or refused but not succeed', () => {
    const repo = createActionRunsRepo(freshDb());
    const waiting = repo.create(request({ state: 'awaiting_approval' }));
    expect(() => repo.finish(waiting.id, outcome({ state: 'succeeded' }))).toThrow(RunStateError);
    expect(repo.finish(waiting.id, outcome({ state: 'refused', exitCode: null, reason: 'denied by bob' }))).toMatchObject({
      state: 'refused',
      reason: 'denied by bob',
    });
  });

  it('lists the runs a stopped Warroom left waiting, running or verifying, and ends each as told', () => {
    const repo = createActionRunsRepo(freshDb());
    const running = repo.create(request());
    repo.start(running.id, 1100, { api: 'up' });
    const waiting = repo.create(request({ state: 'awaiting_approval', actionId: 'deploy' }));
    const verifying = repo.create(request({ actionId: 'restart' }));
    repo.finish(verifying.id, outcome({ state: 'verifying' }));
    const done = repo.create(request());
    repo.finish(done.id, outcome());

    expect(repo.unfinished().map((r) => r.id)).toEqual([running.id, waiting.id, verifying.id]);
    for (const id of [running.id, waiting.id]) {
      expect(repo.interrupt(id, 50_000, INTERRUPTED_REASON)).toMatchObject({ state: 'failed', endedAt: 50_000, reason: INTERRUPTED_REASON });
    }
    expect(repo.abandonVerification(verifying.id, 'exit code 0; verification interrupted')).toMatchObject({
      state: 'succeeded',
      exitCode: 0,
      endedAt: 5000,
      healthRestored: null,
      reason: 'exit code 0; verification interrupted',
    });
    expect(() => repo.interrupt(done.id, 60_000, INTERRUPTED_REASON)).toThrow(RunStateError);
    expect(repo.get(done.id)).toMatchObject({ state: 'succeeded', endedAt: 5000, reason: null });
    expect(repo.unfinished()).toEqual([]);
  });

  it('stores the process of a run once, and marks a run with one as recovered', () => {
    const repo = createActionRunsRepo(freshDb());
    const run = repo.create(request());
    expect(() => repo.recovered(run.id, 2000)).toThrow(RunStateError);
    expect(repo.spawned(run.id, { pid: 321, pgid: 321, leaderStartTicks: 99, marker: 'm' })).toMatchObject({ pid: 321, recoveredAt: null });
    expect(() => repo.spawned(run.id, { pid: 322, pgid: 322, leaderStartTicks: 1, marker: null })).toThrow(RunStateError);
    expect(repo.processOf(run.id)).toEqual({ pid: 321, pgid: 321, leaderStartTicks: 99, marker: 'm' });
    expect(repo.recovered(run.id, 2000)).toMatchObject({ state: 'running', recoveredAt: 2000 });
    expect(repo.finish(run.id, outcome({ state: 'exit_unknown', exitCode: null }))).toMatchObject({ state: 'exit_unknown', exitCode: null });
  });

  it('turns a verifying run into a succeeded one when its verification is recorded', () => {
    const repo = createActionRunsRepo(freshDb());
    const run = repo.create(request());
    expect(repo.finish(run.id, outcome({ state: 'verifying' }))).toMatchObject({ state: 'verifying', exitCode: 0, endedAt: 5000 });
    expect(repo.activeCount('rollback', 'api')).toBe(1);
    expect(repo.verified(run.id, { api: 'down' }, false)).toMatchObject({ state: 'succeeded', healthRestored: false });
    expect(repo.activeCount('rollback', 'api')).toBe(0);
  });

  it('counts the active runs of an action, per target service when asked', () => {
    const repo = createActionRunsRepo(freshDb());
    repo.create(request({ target: 'api' }));
    repo.create(request({ target: 'web', state: 'awaiting_approval' }));
    const ended = repo.create(request({ target: 'api' }));
    repo.finish(ended.id, outcome({ state: 'failed', exitCode: 1 }));
    repo.create(request({ actionId: 'deploy', target: 'api' }));

    expect(repo.activeCount('rollback')).toBe(2);
    expect(repo.activeCount('rollback', 'api')).toBe(1);
    expect(repo.activeCount('rollback', 'db')).toBe(0);
    expect(repo.activeCount('restart')).toBe(0);
  });

  it('lists runs newest first by request time, without output, a page at a time', () => {
    const repo = createActionRunsRepo(freshDb());
    // Ids and request times disagree on purpose (a clock stepped back): the order follows time.
    const times = [1000, 3000, 2000, 3000, 5000, 4000];
    const ids = times.map((requestedAt, i) => repo.create(request({ requestedAt, actionId: i % 2 === 0 ? 'rollback' : 'deploy' })).id);
    const order = (runs: { id: number }[]) => runs.map((r) => ids.indexOf(r.id));

    expect(order(repo.list({ limit: 10 }))).toEqual([4, 5, 3, 1, 2, 0]);
    const first = repo.list({ limit: 3 });
    expect(order(first)).toEqual([4, 5, 3]);
    expect(order(repo.list({ limit: 3, beforeId: first.at(-1)!.id }))).toEqual([1, 2, 0]);
    expect(order(repo.list({ actionId: 'rollback', limit: 10 }))).toEqual([4, 2, 0]);
    expect(order(repo.list({ actionId: 'deploy', limit: 1, beforeId: ids[5] }))).toEqual([3]);
    expect(repo.list({ limit: 1 })[0]).not.toHaveProperty('output');
  });

  it('finds the latest successful dry run or non-production run as the last rehearsal', () => {
    const repo = createActionRunsRepo(freshDb());
    const finishAt = (over: Partial<NewActionRun>, state: RunOutcome['state'], startedAt: number, endedAt: number) => {
      const run = repo.create(request({ requestedAt: startedAt - 10, ...over }));
      repo.start(run.id, startedAt, null);
      repo.finish(run.id, outcome({ state, endedAt }));
      return run.id;
    };
    expect(repo.lastSuccessfulRehearsal('rollback', ['production'])).toBeNull();
    finishAt({ environment: 'staging' }, 'succeeded', 1000, 61_000);
    const dryInProd = finishAt({ environment: 'production', dryRun: true }, 'succeeded', 100_000, 130_000);
    finishAt({ environment: 'production' }, 'succeeded', 200_000, 210_000); // real production run: not a rehearsal
    finishAt({ environment: 'staging' }, 'failed', 300_000, 301_000); // failed: not evidence
    finishAt({ environment: 'staging', actionId: 'deploy' }, 'succeeded', 400_000, 401_000); // another action

    expect(repo.lastSuccessfulRehearsal('rollback', ['production'])).toEqual({ runId: dryInProd, at: 100_000, durationMs: 30_000, dryRun: true });
    // When staging counts as production too, only the dry run qualifies still.
    expect(repo.lastSuccessfulRehearsal('rollback', ['production', 'staging'])?.runId).toBe(dryInProd);
    const staging = finishAt({ environment: 'staging' }, 'succeeded', 500_000, 502_500);
    expect(repo.lastSuccessfulRehearsal('rollback', ['production'])).toEqual({ runId: staging, at: 500_000, durationMs: 2500, dryRun: false });
    expect(repo.lastSuccessfulRehearsal('rollback', ['production', 'staging'])?.runId).toBe(dryInProd);
  });

  it('answers the history and rehearsal queries through their indexes', () => {
    const db = freshDb();
    expect(plan(db, HOT_QUERIES.listOfAction)).toMatch(/USING (COVERING )?INDEX action_runs_action_requested_at \(action_id=\?/);
    expect(plan(db, HOT_QUERIES.listOfActionBefore)).toMatch(/USING (COVERING )?INDEX action_runs_action_requested_at \(action_id=\? AND requested_at<\?\)/);
    expect(plan(db, HOT_QUERIES.listAll)).toMatch(/SCAN action_runs USING INDEX action_runs_requested_at/);
    expect(plan(db, HOT_QUERIES.listAllBefore)).toMatch(/SEARCH action_runs USING (COVERING )?INDEX action_runs_requested_at \(requested_at<\?\)/);
    expect(plan(db, HOT_QUERIES.lastRehearsal)).toMatch(/USING INDEX action_runs_action_requested_at \(action_id=\?\)/);
    for (const sql of Object.values(HOT_QUERIES)) expect(plan(db, sql)).not.toMatch(/TEMP B-TREE|SCAN action_runs(?! USING)/);
  });
});
