/** Drill runs: one row per run and one per step, read back whole as one record. */
import { ACTIVE_DRILL_STATES } from '../../../../shared/domain/drills.js';
import type { DrillRun, DrillRunState, DrillStepKind, DrillStepRecord, DrillStepState } from '../../../../shared/domain/drills.js';
import type { WritableDb } from '../db.js';
import type { TestReportsRepo } from './test-reports-repo.js';

export interface NewDrillRun {
  drillId: string;
  label: string;
  environment: string;
  actor: string;
  startedAt: number;
  steps: { name: string; kind: DrillStepKind; recovery: boolean; prompt: string | null }[];
}

/** What changes about a step; fields left out stay as they are. */
export interface StepChange {
  state: DrillStepState;
  startedAt?: number;
  endedAt?: number;
  detail?: string | null;
  actionRunId?: number;
  loadRunId?: number;
  confirmedBy?: string;
}

/** How a run ends (or that it offers its recovery). */
export interface RunChange {
  state: Exclude<DrillRunState, 'running'>;
  endedAt: number | null;
  verdict: string;
  stoppedAt: number | null;
}

/** A passed drill as evidence for the board. */
export interface PassedDrill {
  runId: number;
  finishedAt: number;
  environment: string;
}

export class DrillRunStateError extends Error {
  constructor(id: number, why: string) {
    super(`drill run ${id}: ${why}`);
    this.name = 'DrillRunStateError';
  }
}

export interface DrillRunsRepo {
  create(run: NewDrillRun): DrillRun;
  step(runId: number, index: number, change: StepChange): DrillRun;
  /** Ends the run, or marks its recovery offered; only a running run (or one offering recovery) changes. */
  end(runId: number, change: RunChange): DrillRun;
  get(id: number): DrillRun | null;
  /** Newest first; `beforeId` continues after that run. */
  list(query: { drillId?: string | undefined; limit: number; beforeId?: number | undefined }): DrillRun[];
  /** Runs that run or offer their recovery (of one environment, when given). */
  active(environment?: string): DrillRun[];
  /** The newest passed run of a drill in an environment that ended at or after `since`. */
  lastPassed(drillId: string, environment: string, since: number): PassedDrill | null;
  /** The newest run of a drill in an environment that had ended by `asOf` (passed or not), or null. */
  latestEnded(drillId: string, environment: string, asOf: number): EndedDrill | null;
}

/** A drill run that ended, as the go/no-go board reads it. */
export interface EndedDrill {
  runId: number;
  drillId: string;
  environment: string;
  passed: boolean;
  actor: string;
  endedAt: number;
}

interface RunRow {
  id: number;
  drill_id: string;
  label: string;
  environment: string;
  actor: string;
  state: DrillRunState;
  started_at: number;
  ended_at: number | null;
  verdict: string | null;
  stopped_at: number | null;
}

interface StepRow {
  idx: number;
  name: string;
  kind: DrillStepKind;
  recovery: number;
  state: DrillStepState;
  started_at: number | null;
  ended_at: number | null;
  detail: string | null;
  prompt: string | null;
  action_run_id: number | null;
  load_run_id: number | null;
  confirmed_by: string | null;
}

const ACTIVE = ACTIVE_DRILL_STATES.map((s) => `'${s}'`).join(', ');

export function createDrillRunsRepo(db: WritableDb, reports: TestReportsRepo): DrillRunsRepo {
  const insertRun = db.prepare(
    `INSERT INTO drill_runs (drill_id, label, environment, actor, state, started_at) VALUES (@drillId, @label, @environment, @actor, 'running', @startedAt)`,
  );
  const insertStep = db.prepare(
    `INSERT INTO drill_run_steps (run_id, idx, name, kind, recovery, state, prompt) VALUES (@runId, @idx, @name, @kind, @recovery, 'pending', @prompt)`,
  );
  const selectRun = db.prepare<[number], RunRow>('SELECT * FROM drill_runs WHERE id = ?');
  const selectSteps = db.prepare<[number], StepRow>('SELECT * FROM drill_run_steps WHERE run_id = ? ORDER BY idx');
  const updateStep = db.prepare(
    `UPDATE drill_run_steps SET state = @state,
       started_at = coalesce(@startedAt, started_at), ended_at = coalesce(@endedAt, ended_at),
       detail = CASE WHEN @keepDetail THEN detail ELSE @detail END,
       action_run_id = coalesce(@actionRunId, action_run_id), load_run_id = coalesce(@loadRunId, load_run_id),
       confirmed_by = coalesce(@confirmedBy, confirmed_by)
     WHERE run_id = @runId AND idx = @idx`,
  );
  const endRun = db.prepare(
    `UPDATE drill_runs SET state = @state, ended_at = @endedAt, verdict = @verdict, stopped_at = @stoppedAt
     WHERE id = @id AND state IN (${ACTIVE})`,
  );
  const listAll = db.prepare<{ limit: number }, RunRow>('SELECT * FROM drill_runs ORDER BY started_at DESC, id DESC LIMIT @limit');
  const listAllBefore = db.prepare<{ limit: number; beforeId: number }, RunRow>(
    `SELECT * FROM drill_runs WHERE (started_at, id) < (SELECT started_at, id FROM drill_runs WHERE id = @beforeId)
     ORDER BY started_at DESC, id DESC LIMIT @limit`,
  );
  const listOfDrill = db.prepare<{ drillId: string; limit: number }, RunRow>(
    'SELECT * FROM drill_runs WHERE drill_id = @drillId ORDER BY started_at DESC, id DESC LIMIT @limit',
  );
  const listOfDrillBefore = db.prepare<{ drillId: string; limit: number; beforeId: number }, RunRow>(
    `SELECT * FROM drill_runs WHERE drill_id = @drillId AND (started_at, id) < (SELECT started_at, id FROM drill_runs WHERE id = @beforeId)
     ORDER BY started_at DESC, id DESC LIMIT @limit`,
  );
  const activeAll = db.prepare<[], RunRow>(`SELECT * FROM drill_runs WHERE state IN (${ACTIVE}) ORDER BY id`);
  const activeOfEnv = db.prepare<[string], RunRow>(`SELECT * FROM drill_runs WHERE state IN (${ACTIVE}) AND environment = ? ORDER BY id`);
  const lastPassed = db.prepare<{ drillId: string; environment: string; since: number }, { id: number; ended_at: number; environment: string }>(
    `SELECT id, ended_at, environment FROM drill_runs
     WHERE drill_id = @drillId AND environment = @environment AND state = 'passed' AND ended_at >= @since
     ORDER BY ended_at DESC, id DESC LIMIT 1`,
  );

  const latestEnded = db.prepare<{ drillId: string; environment: string; asOf: number }, { id: number; ended_at: number; state: DrillRunState; actor: string }>(
    `SELECT id, ended_at, state, actor FROM drill_runs
     WHERE drill_id = @drillId AND environment = @environment AND ended_at IS NOT NULL AND ended_at <= @asOf
     ORDER BY ended_at DESC, id DESC LIMIT 1`,
  );

  const toStep = (row: StepRow): DrillStepRecord => ({
    index: row.idx,
    name: row.name,
    kind: row.kind,
    recovery: row.recovery === 1,
    state: row.state,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    detail: row.detail,
    prompt: row.prompt,
    actionRunId: row.action_run_id,
    loadRunId: row.load_run_id,
    confirmedBy: row.confirmed_by,
    testReport: row.action_run_id === null ? null : reports.ofRun(row.action_run_id),
  });
  const toRun = (row: RunRow): DrillRun => ({
    id: row.id,
    drillId: row.drill_id,
    label: row.label,
    environment: row.environment,
    actor: row.actor,
    state: row.state,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    verdict: row.verdict,
    stoppedAt: row.stopped_at,
    steps: selectSteps.all(row.id).map(toStep),
  });
  const get = (id: number): DrillRun | null => {
    const row = selectRun.get(id);
    return row ? toRun(row) : null;
  };
  const create = db.transaction((run: NewDrillRun): number => {
    const id = Number(insertRun.run(run).lastInsertRowid);
    run.steps.forEach((step, idx) => insertStep.run({ runId: id, idx, name: step.name, kind: step.kind, recovery: step.recovery ? 1 : 0, prompt: step.prompt }));
    return id;
  });

  return {
    create: (run) => get(create(run))!,
    step(runId, index, change) {
      const { changes } = updateStep.run({
        runId,
        idx: index,
        state: change.state,
        startedAt: change.startedAt ?? null,
        endedAt: change.endedAt ?? null,
        keepDetail: change.detail === undefined ? 1 : 0,
        detail: change.detail ?? null,
        actionRunId: change.actionRunId ?? null,
        loadRunId: change.loadRunId ?? null,
        confirmedBy: change.confirmedBy ?? null,
      });
      if (changes !== 1) throw new DrillRunStateError(runId, `has no step ${index}`);
      return get(runId)!;
    },
    end(runId, change) {
      const { changes } = endRun.run({ id: runId, ...change });
      if (changes !== 1) throw new DrillRunStateError(runId, `is not running (${get(runId)?.state ?? 'no such run'})`);
      return get(runId)!;
    },
    get,
    list({ drillId, limit, beforeId }) {
      const rows =
        drillId === undefined
          ? beforeId === undefined ? listAll.all({ limit }) : listAllBefore.all({ limit, beforeId })
          : beforeId === undefined ? listOfDrill.all({ drillId, limit }) : listOfDrillBefore.all({ drillId, limit, beforeId });
      return rows.map(toRun);
    },
    active: (environment) => (environment === undefined ? activeAll.all() : activeOfEnv.all(environment)).map(toRun),
    lastPassed(drillId, environment, since) {
      const row = lastPassed.get({ drillId, environment, since });
      return row ? { runId: row.id, finishedAt: row.ended_at, environment: row.environment } : null;
    },
    latestEnded(drillId, environment, asOf) {
      const row = latestEnded.get({ drillId, environment, asOf });
      return row ? { runId: row.id, drillId, environment, passed: row.state === 'passed', actor: row.actor, endedAt: row.ended_at } : null;
    },
  };
}
