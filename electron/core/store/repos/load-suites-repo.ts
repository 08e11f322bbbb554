/** Suite runs and their member runs, profile baselines, and exceptions on failed thresholds. */
import type { LoadBaseline, LoadException, LoadSuiteRunState } from '../../../../shared/domain/load-suites.js';
import type { WritableDb } from '../db.js';

/** One test of a suite's plan, as copied in when the suite run starts. */
export interface SuitePlanEntry {
  profile: string;
  plannedMs: number;
}

export interface SuiteRunRow {
  id: number;
  suite: string;
  title: string;
  environment: string;
  actor: string;
  onFailure: 'stop' | 'continue';
  plan: SuitePlanEntry[];
  plannedMs: number;
  state: LoadSuiteRunState;
  startedAt: number;
  endedAt: number | null;
  stoppedOn: string | null;
  error: string | null;
}

export interface NewSuiteRun {
  suite: string;
  title: string;
  environment: string;
  actor: string;
  onFailure: 'stop' | 'continue';
  plan: SuitePlanEntry[];
  startedAt: number;
}

export interface NewLoadException {
  runId: number;
  expression: string;
  endpoint: string | null;
  reason: string;
  owner: string;
  expiresAt: number;
  actor: string;
  createdAt: number;
}

export interface LoadSuitesRepo {
  create(run: NewSuiteRun): SuiteRunRow;
  addMember(suiteRunId: number, position: number, runId: number): void;
  /** Ends a running suite run; throws when it is not running. */
  end(suiteRunId: number, state: Exclude<LoadSuiteRunState, 'running'>, endedAt: number, stoppedOn: string | null, error?: string | null): SuiteRunRow;
  /** An interrupted suite run runs again (from where it stopped); throws when it is not interrupted. */
  reopen(suiteRunId: number): SuiteRunRow;
  /**
   * Marks interrupted every suite run left running by a Warroom that stopped (the owner calls it
   * once at start), naming the test it was on: the newest member's profile, else the first test.
   */
  markInterrupted(at: number): SuiteRunRow[];
  get(id: number): SuiteRunRow | null;
  /** Newest first. */
  list(limit: number): SuiteRunRow[];
  /** Member runs by position, oldest run first within a position. */
  members(suiteRunId: number): { position: number; runId: number }[];
  markBaseline(baseline: LoadBaseline): LoadBaseline;
  /** The baseline in force for the profile as of t. */
  baselineOf(profile: string, environment: string, t: number): LoadBaseline | null;
  /** The baseline in force for each profile of the environment, as of t. */
  baselines(environment: string, t: number): LoadBaseline[];
  addException(exception: NewLoadException): LoadException;
  /** Every exception on these runs, newest first (expired and withdrawn ones included). */
  exceptionsOf(runIds: readonly number[]): LoadException[];
  getException(id: number): LoadException | null;
  /** Withdraws a standing exception at `at`; throws when it was already withdrawn. */
  withdrawException(id: number, by: string, at: number): LoadException;
}

interface SuiteRow {
  id: number;
  suite: string;
  title: string;
  environment: string;
  actor: string;
  on_failure: 'stop' | 'continue';
  plan: string;
  planned_ms: number;
  state: LoadSuiteRunState;
  started_at: number;
  ended_at: number | null;
  stopped_on: string | null;
  error: string | null;
}

interface BaselineRow {
  profile: string;
  environment: string;
  run_id: number;
  actor: string;
  marked_at: number;
}

interface ExceptionRow {
  id: number;
  run_id: number;
  expression: string;
  endpoint: string;
  reason: string;
  owner: string;
  expires_at: number;
  actor: string;
  created_at: number;
  withdrawn_at: number | null;
  withdrawn_by: string | null;
}

const SUITE_COLUMNS = 'id, suite, title, environment, actor, on_failure, plan, planned_ms, state, started_at, ended_at, stopped_on, error';

function toSuiteRun(row: SuiteRow): SuiteRunRow {
  return {
    id: row.id,
    suite: row.suite,
    title: row.title,
    environment: row.environment,
    actor: row.actor,
    onFailure: row.on_failure,
    plan: JSON.parse(row.plan) as SuitePlanEntry[],
    plannedMs: row.planned_ms,
    state: row.state,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    stoppedOn: row.stopped_on,
    error: row.error,
  };
}

const toBaseline = (row: BaselineRow): LoadBaseline => ({ profile: row.profile, environment: row.environment, runId: row.run_id, actor: row.actor, markedAt: row.marked_at });

function toException(row: ExceptionRow): LoadException {
  return {
    id: row.id,
    runId: row.run_id,
    expression: row.expression,
    endpoint: row.endpoint === '' ? null : row.endpoint,
    reason: row.reason,
    owner: row.owner,
    expiresAt: row.expires_at,
    actor: row.actor,
    createdAt: row.created_at,
    withdrawnAt: row.withdrawn_at,
    withdrawnBy: row.withdrawn_by,
  };
}

/** Thrown when a suite run is not in the state a step needs. */
export class SuiteRunStateError extends Error {
  constructor(id: number, step: string, state: string | null) {
    super(state === null ? `no suite run ${id}` : `suite run ${id} cannot be ${step}: it is ${state}`);
    this.name = 'SuiteRunStateError';
  }
}

export function createLoadSuitesRepo(db: WritableDb): LoadSuitesRepo {
  const insert = db.prepare(
    `INSERT INTO load_suite_runs (suite, title, environment, actor, on_failure, plan, planned_ms, state, started_at)
     VALUES (@suite, @title, @environment, @actor, @onFailure, @plan, @plannedMs, 'running', @startedAt)`,
  );
  const select = db.prepare<[number], SuiteRow>(`SELECT ${SUITE_COLUMNS} FROM load_suite_runs WHERE id = ?`);
  const list = db.prepare<[number], SuiteRow>(`SELECT ${SUITE_COLUMNS} FROM load_suite_runs ORDER BY started_at DESC, id DESC LIMIT ?`);
  const running = db.prepare<[number], SuiteRow>(`SELECT ${SUITE_COLUMNS} FROM load_suite_runs WHERE state = 'running' AND started_at <= ?`);
  const insertMember = db.prepare('INSERT INTO load_suite_members (suite_run_id, position, run_id) VALUES (?, ?, ?)');
  const members = db.prepare<[number], { position: number; run_id: number }>(
    'SELECT position, run_id FROM load_suite_members WHERE suite_run_id = ? ORDER BY position, run_id',
  );
  const end = db.prepare(`UPDATE load_suite_runs SET state = @state, ended_at = @endedAt, stopped_on = @stoppedOn, error = @error WHERE id = @id AND state = 'running'`);
  const reopen = db.prepare(`UPDATE load_suite_runs SET state = 'running', ended_at = NULL, stopped_on = NULL, error = NULL WHERE id = ? AND state = 'interrupted'`);
  const insertBaseline = db.prepare(
    'INSERT INTO load_baselines (profile, environment, run_id, actor, marked_at) VALUES (@profile, @environment, @runId, @actor, @markedAt)',
  );
  const baselineOf = db.prepare<[string, string, number], BaselineRow>(
    `SELECT profile, environment, run_id, actor, marked_at FROM load_baselines
     WHERE profile = ? AND environment = ? AND marked_at <= ? ORDER BY marked_at DESC, id DESC LIMIT 1`,
  );
  const baselines = db.prepare<[{ environment: string; t: number }], BaselineRow>(
    `SELECT profile, environment, run_id, actor, marked_at FROM load_baselines b
     WHERE environment = @environment AND marked_at <= @t AND id = (
       SELECT id FROM load_baselines WHERE profile = b.profile AND environment = @environment AND marked_at <= @t ORDER BY marked_at DESC, id DESC LIMIT 1)
     ORDER BY profile`,
  );
  const insertException = db.prepare(
    `INSERT INTO load_exceptions (run_id, expression, endpoint, reason, owner, expires_at, actor, created_at)
     VALUES (@runId, @expression, @endpoint, @reason, @owner, @expiresAt, @actor, @createdAt)`,
  );
  const selectException = db.prepare<[number], ExceptionRow>('SELECT * FROM load_exceptions WHERE id = ?');
  const withdrawException = db.prepare<[{ id: number; by: string; at: number }]>(
    'UPDATE load_exceptions SET withdrawn_at = @at, withdrawn_by = @by WHERE id = @id AND withdrawn_at IS NULL',
  );

  const get = (id: number): SuiteRunRow | null => {
    const row = select.get(id);
    return row ? toSuiteRun(row) : null;
  };
  const mustChange = (id: number, step: string, changes: number): SuiteRunRow => {
    const row = get(id);
    if (!row || changes !== 1) throw new SuiteRunStateError(id, step, row?.state ?? null);
    return row;
  };

  const interruptTx = db.transaction((at: number): SuiteRunRow[] =>
    running.all(at).map((row) => {
      const plan = JSON.parse(row.plan) as SuitePlanEntry[];
      const last = members.all(row.id).at(-1);
      const on = plan[last?.position ?? 0]?.profile ?? null;
      end.run({ id: row.id, state: 'interrupted', endedAt: at, stoppedOn: on, error: null });
      return get(row.id)!;
    }),
  );

  return {
    create(run) {
      const { lastInsertRowid } = insert.run({
        suite: run.suite,
        title: run.title,
        environment: run.environment,
        actor: run.actor,
        onFailure: run.onFailure,
        plan: JSON.stringify(run.plan),
        plannedMs: Math.round(run.plan.reduce((sum, entry) => sum + entry.plannedMs, 0)),
        startedAt: run.startedAt,
      });
      return get(Number(lastInsertRowid))!;
    },
    addMember(suiteRunId, position, runId) {
      insertMember.run(suiteRunId, position, runId);
    },
    end(suiteRunId, state, endedAt, stoppedOn, error = null) {
      return mustChange(suiteRunId, 'ended', end.run({ id: suiteRunId, state, endedAt, stoppedOn, error }).changes);
    },
    reopen(suiteRunId) {
      return mustChange(suiteRunId, 'resumed', reopen.run(suiteRunId).changes);
    },
    markInterrupted: (at) => interruptTx(at),
    get,
    list: (limit) => list.all(limit).map(toSuiteRun),
    members: (suiteRunId) => members.all(suiteRunId).map((row) => ({ position: row.position, runId: row.run_id })),
    markBaseline(baseline) {
      insertBaseline.run(baseline);
      return baseline;
    },
    baselineOf(profile, environment, t) {
      const row = baselineOf.get(profile, environment, t);
      return row ? toBaseline(row) : null;
    },
    baselines: (environment, t) => baselines.all({ environment, t }).map(toBaseline),
    addException(exception) {
      const { lastInsertRowid } = insertException.run({ ...exception, endpoint: exception.endpoint ?? '' });
      return toException(selectException.get(Number(lastInsertRowid))!);
    },
    exceptionsOf(runIds) {
      if (runIds.length === 0) return [];
      const rows = db
        .prepare<number[], ExceptionRow>(`SELECT * FROM load_exceptions WHERE run_id IN (${runIds.map(() => '?').join(', ')}) ORDER BY created_at DESC, id DESC`)
        .all(...runIds);
      return rows.map(toException);
    },
    getException(id) {
      const row = selectException.get(id);
      return row ? toException(row) : null;
    },
    withdrawException(id, by, at) {
      if (withdrawException.run({ id, by, at }).changes !== 1) throw new Error(`load exception ${id} is missing or already withdrawn`);
      return toException(selectException.get(id)!);
    },
  };
}
