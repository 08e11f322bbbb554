/** Runs of configured actions: one row per run, moved through its states, with its stored output. */
import { ACTIVE_RUN_STATES, type ActionRun, type RunState } from '../../../../shared/domain/actions.js';
import type { WritableDb } from '../db.js';

type HealthBrief = NonNullable<ActionRun['healthBefore']>;

/** What a new run records; the state says whether it waits for a second operator, runs at once, or may not run. */
export interface NewActionRun {
  actionId: string;
  environment: string;
  /** The service the run acts on (its `service` parameter), for per-service concurrency limits. */
  target?: string | null;
  params: ActionRun['params'];
  dryRun: boolean;
  actor: string;
  requestedAt: number;
  state: Extract<RunState, 'awaiting_approval' | 'running' | 'refused'>;
  /** Why it was refused; required when state is refused. */
  reason?: string | null;
}

/** How a run ended (or, `verifying`, that its script exited 0 and the check after it runs). `output` is already masked and capped; it is stored once. */
export interface RunOutcome {
  state: Exclude<RunState, 'awaiting_approval' | 'running'>;
  endedAt: number;
  exitCode: number | null;
  signal: string | null;
  reason: string | null;
  output: Buffer | null;
  /** Bytes the run wrote, which is more than the stored output when truncated. */
  outputBytes: number;
  truncated: boolean;
  /** sha256 (hex) of the stored output, as written to the audit trail. */
  digest: string | null;
}

/** The last successful run of an action that was a dry run or ran outside production. */
export interface Rehearsal {
  runId: number;
  /** When it started. */
  at: number;
  durationMs: number;
  dryRun: boolean;
}

/** Thrown when a run is not in a state that allows the step (a run finishes once, is approved once…). */
export class RunStateError extends Error {
  constructor(id: number, step: string, why: string) {
    super(`Run ${id} cannot be ${step}: ${why}`);
    this.name = 'RunStateError';
  }
}

export const INTERRUPTED_REASON = 'interrupted: Warroom stopped while it ran';

/** The process a run started, as stored the moment it was spawned: enough to find its whole tree again. */
export interface StoredRunProcess {
  pid: number;
  /** Its process group (it leads it); null where there are none (Windows). */
  pgid: number | null;
  /** /proc/<pid>/stat field 22, against pid reuse; null off Linux. */
  leaderStartTicks: number | null;
  /** WARROOM_RUN_MARKER's value in the environment of every process of the run. */
  marker: string | null;
}

export interface ActionRunsRepo {
  create(run: NewActionRun): ActionRun;
  /** Records the second operator's approval and lets the run start; refuses the requester approving their own run. */
  approve(id: number, by: string, at: number): ActionRun;
  /** The process starts now; healthBefore is the service health at that moment. */
  start(id: number, at: number, healthBefore: HealthBrief | null): ActionRun;
  /** Ends a run that waits or runs, storing its output once. */
  finish(id: number, outcome: RunOutcome): ActionRun;
  /** Records the process the moment it was spawned (a run that runs, once). */
  spawned(id: number, process: StoredRunProcess): ActionRun;
  /** The stored process of a run; null when it never started one (or was stored before version 60). */
  processOf(id: number): StoredRunProcess | null;
  /** Records the health after the post-run verification of an ended run, once; a verifying run becomes succeeded. */
  verified(id: number, healthAfter: HealthBrief, restored: boolean): ActionRun;
  get(id: number): ActionRun | null;
  /** Newest first (by request time, then id), without output; `beforeId` continues after that run (none if it does not exist). */
  list(query: { actionId?: string | undefined; limit: number; beforeId?: number | undefined }): ActionRun[];
  /** The stored output of a run; null when it has none (yet). */
  output(id: number): Buffer | null;
  lastSuccessfulRehearsal(actionId: string, productionEnvironments: readonly string[]): Rehearsal | null;
  /** Runs that wait, run or verify: after a restart, those a Warroom that stopped left behind. */
  unfinished(): ActionRun[];
  /** Fails a run that waits or runs with `reason` (its Warroom stopped and its processes are gone). */
  interrupt(id: number, at: number, reason: string): ActionRun;
  /** Ends a verifying run whose verification never finished: it stays succeeded (exit code 0), unverified. */
  abandonVerification(id: number, reason: string): ActionRun;
  /** A later Warroom found the run's processes alive and watches them now. */
  recovered(id: number, at: number): ActionRun;
  /** Runs of the action that wait for approval, run or verify (of one target service, when given). */
  activeCount(actionId: string, target?: string | null): number;
}

interface ActionRunRow {
  id: number;
  action_id: string;
  environment: string;
  params: string;
  dry_run: number;
  actor: string;
  approved_by: string | null;
  approved_at: number | null;
  state: RunState;
  requested_at: number;
  started_at: number | null;
  ended_at: number | null;
  exit_code: number | null;
  signal: string | null;
  reason: string | null;
  output_bytes: number;
  output_truncated: number;
  output_digest: string | null;
  health_before: string | null;
  health_after: string | null;
  health_restored: number | null;
  pid: number | null;
  recovered_at: number | null;
}

// Everything but the output blob, which only output() reads.
const COLUMNS = `id, action_id, environment, params, dry_run, actor, approved_by, approved_at, state, requested_at,
  started_at, ended_at, exit_code, signal, reason, output_bytes, output_truncated, output_digest,
  health_before, health_after, health_restored, pid, recovered_at`;

/** Queries whose plans tests check. */
export const HOT_QUERIES = {
  listOfAction: `SELECT ${COLUMNS} FROM action_runs WHERE action_id = @actionId
    ORDER BY requested_at DESC, id DESC LIMIT @limit`,
  listOfActionBefore: `SELECT ${COLUMNS} FROM action_runs WHERE action_id = @actionId
    AND (requested_at, id) < (SELECT requested_at, id FROM action_runs WHERE id = @beforeId)
    ORDER BY requested_at DESC, id DESC LIMIT @limit`,
  listAll: `SELECT ${COLUMNS} FROM action_runs ORDER BY requested_at DESC, id DESC LIMIT @limit`,
  // A page after a given run: a range seek in the index, however deep the page.
  listAllBefore: `SELECT ${COLUMNS} FROM action_runs
    WHERE (requested_at, id) < (SELECT requested_at, id FROM action_runs WHERE id = @beforeId)
    ORDER BY requested_at DESC, id DESC LIMIT @limit`,
  lastRehearsal: `SELECT id, started_at, requested_at, ended_at, dry_run FROM action_runs
    WHERE action_id = @actionId AND state = 'succeeded'
      AND (dry_run = 1 OR environment NOT IN (SELECT value FROM json_each(@production)))
    ORDER BY requested_at DESC, id DESC LIMIT 1`,
} as const;

function toRun(row: ActionRunRow): ActionRun {
  return {
    id: row.id,
    actionId: row.action_id,
    environment: row.environment,
    params: JSON.parse(row.params) as ActionRun['params'],
    dryRun: row.dry_run === 1,
    actor: row.actor,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    state: row.state,
    requestedAt: row.requested_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    exitCode: row.exit_code,
    signal: row.signal,
    reason: row.reason,
    outputBytes: row.output_bytes,
    outputTruncated: row.output_truncated === 1,
    outputDigest: row.output_digest,
    healthBefore: row.health_before === null ? null : (JSON.parse(row.health_before) as HealthBrief),
    healthAfter: row.health_after === null ? null : (JSON.parse(row.health_after) as HealthBrief),
    healthRestored: row.health_restored === null ? null : row.health_restored === 1,
    pid: row.pid,
    recoveredAt: row.recovered_at,
  };
}

export function createActionRunsRepo(db: WritableDb): ActionRunsRepo {
  const insert = db.prepare(
    `INSERT INTO action_runs (action_id, environment, target, params, dry_run, actor, state, requested_at, ended_at, reason)
     VALUES (@actionId, @environment, @target, @params, @dryRun, @actor, @state, @requestedAt, @endedAt, @reason)`,
  );
  const select = db.prepare<[number], ActionRunRow>(`SELECT ${COLUMNS} FROM action_runs WHERE id = ?`);
  const approve = db.prepare<[string, number, number], never>(
    `UPDATE action_runs SET approved_by = ?, approved_at = ?, state = 'running'
     WHERE id = ? AND state = 'awaiting_approval'`,
  );
  const start = db.prepare<[number, string | null, number], never>(
    `UPDATE action_runs SET started_at = ?, health_before = ? WHERE id = ? AND state = 'running' AND started_at IS NULL`,
  );
  const finish = db.prepare(
    `UPDATE action_runs SET state = @state, ended_at = @endedAt, exit_code = @exitCode, signal = @signal, reason = @reason,
       output = @output, output_bytes = @outputBytes, output_truncated = @truncated, output_digest = @digest
     WHERE id = @id AND (state = 'running' OR (state = 'awaiting_approval' AND @state NOT IN ('succeeded', 'verifying')))`,
  );
  const verified = db.prepare<[string, number, number], never>(
    `UPDATE action_runs SET health_after = ?, health_restored = ?, state = CASE state WHEN 'verifying' THEN 'succeeded' ELSE state END
     WHERE id = ? AND ended_at IS NOT NULL AND health_after IS NULL`,
  );
  const spawned = db.prepare(
    `UPDATE action_runs SET pid = @pid, pgid = @pgid, pid_start_ticks = @leaderStartTicks, run_marker = @marker
     WHERE id = @id AND state = 'running' AND pid IS NULL`,
  );
  const processOf = db.prepare<[number], { pid: number; pgid: number | null; pid_start_ticks: number | null; run_marker: string | null }>(
    'SELECT pid, pgid, pid_start_ticks, run_marker FROM action_runs WHERE id = ? AND pid IS NOT NULL',
  );
  const active = ACTIVE_RUN_STATES.map((state) => `'${state}'`).join(', ');
  const unfinished = db.prepare<[], ActionRunRow>(`SELECT ${COLUMNS} FROM action_runs WHERE state IN (${active}) ORDER BY id`);
  const interrupt = db.prepare<[number, string, number], never>(
    `UPDATE action_runs SET state = 'failed', ended_at = ?, reason = ? WHERE id = ? AND state IN ('awaiting_approval', 'running')`,
  );
  const abandonVerification = db.prepare<[string, number], never>(
    `UPDATE action_runs SET state = 'succeeded', reason = ? WHERE id = ? AND state = 'verifying'`,
  );
  const recovered = db.prepare<[number, number], never>(
    `UPDATE action_runs SET recovered_at = ? WHERE id = ? AND state = 'running' AND pid IS NOT NULL`,
  );
  type ListParams = { actionId: string | undefined; beforeId: number | undefined; limit: number };
  const listOfAction = db.prepare<[ListParams], ActionRunRow>(HOT_QUERIES.listOfAction);
  const listOfActionBefore = db.prepare<[ListParams], ActionRunRow>(HOT_QUERIES.listOfActionBefore);
  const listAll = db.prepare<[ListParams], ActionRunRow>(HOT_QUERIES.listAll);
  const listAllBefore = db.prepare<[ListParams], ActionRunRow>(HOT_QUERIES.listAllBefore);
  const output = db.prepare<[number], { output: Buffer | null }>('SELECT output FROM action_runs WHERE id = ?');
  const lastRehearsal = db.prepare<
    [{ actionId: string; production: string }],
    { id: number; started_at: number | null; requested_at: number; ended_at: number; dry_run: number }
  >(HOT_QUERIES.lastRehearsal);
  const activeOfAction = db.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM action_runs WHERE state IN (${active}) AND action_id = ?`,
  );
  const activeOfTarget = db.prepare<[string, string], { n: number }>(
    `SELECT count(*) AS n FROM action_runs WHERE state IN (${active}) AND action_id = ? AND target = ?`,
  );

  function get(id: number): ActionRun | null {
    const row = select.get(id);
    return row ? toRun(row) : null;
  }

  // An UPDATE guarded by the state it expects changes one row or none; none means the step is not allowed now.
  function changed(id: number, step: string, changes: number, allowed: string): ActionRun {
    const run = get(id);
    if (!run) throw new RunStateError(id, step, 'there is no such run');
    if (changes !== 1) throw new RunStateError(id, step, `it is ${run.state}, and ${allowed}`);
    return run;
  }

  return {
    create(run) {
      if (run.state === 'refused' && !run.reason) throw new Error('A refused run needs a reason');
      const { lastInsertRowid } = insert.run({
        actionId: run.actionId,
        environment: run.environment,
        target: run.target ?? null,
        params: JSON.stringify(run.params),
        dryRun: run.dryRun ? 1 : 0,
        actor: run.actor,
        state: run.state,
        requestedAt: run.requestedAt,
        // A refused run never starts: it ends where it was asked for.
        endedAt: run.state === 'refused' ? run.requestedAt : null,
        reason: run.reason ?? null,
      });
      return get(Number(lastInsertRowid))!;
    },
    approve(id, by, at) {
      const run = get(id);
      // The point of approval is a second pair of eyes.
      if (run && run.actor.trim().toLowerCase() === by.trim().toLowerCase()) {
        throw new RunStateError(id, 'approved', `${by} requested it and cannot approve it too`);
      }
      return changed(id, 'approved', approve.run(by, at, id).changes, 'only a run awaiting approval can be');
    },
    start(id, at, healthBefore) {
      const { changes } = start.run(at, healthBefore === null ? null : JSON.stringify(healthBefore), id);
      return changed(id, 'started', changes, 'only a running run that has not started yet can be');
    },
    finish(id, outcome) {
      const { changes } = finish.run({
        id,
        state: outcome.state,
        endedAt: outcome.endedAt,
        exitCode: outcome.exitCode,
        signal: outcome.signal,
        reason: outcome.reason,
        output: outcome.output,
        outputBytes: outcome.outputBytes,
        truncated: outcome.truncated ? 1 : 0,
        digest: outcome.digest,
      });
      return changed(id, 'finished', changes, 'only a run that waits or runs can end (and one that waits cannot succeed)');
    },
    spawned(id, process) {
      const { changes } = spawned.run({ id, ...process });
      return changed(id, 'given a process', changes, 'only a running run without one can be');
    },
    processOf(id) {
      const row = processOf.get(id);
      return row ? { pid: row.pid, pgid: row.pgid, leaderStartTicks: row.pid_start_ticks, marker: row.run_marker } : null;
    },
    verified(id, healthAfter, restored) {
      const { changes } = verified.run(JSON.stringify(healthAfter), restored ? 1 : 0, id);
      return changed(id, 'verified', changes, 'only an ended run can be, once');
    },
    get,
    list({ actionId, limit, beforeId }) {
      const statement =
        actionId === undefined
          ? beforeId === undefined ? listAll : listAllBefore
          : beforeId === undefined ? listOfAction : listOfActionBefore;
      return statement.all({ actionId, beforeId, limit }).map(toRun);
    },
    output(id) {
      return output.get(id)?.output ?? null;
    },
    lastSuccessfulRehearsal(actionId, productionEnvironments) {
      const row = lastRehearsal.get({ actionId, production: JSON.stringify(productionEnvironments) });
      if (!row) return null;
      const at = row.started_at ?? row.requested_at;
      return { runId: row.id, at, durationMs: Math.max(0, row.ended_at - at), dryRun: row.dry_run === 1 };
    },
    unfinished: () => unfinished.all().map(toRun),
    interrupt(id, at, reason) {
      return changed(id, 'interrupted', interrupt.run(at, reason, id).changes, 'only a run that waits or runs can be');
    },
    abandonVerification(id, reason) {
      return changed(id, 'left unverified', abandonVerification.run(reason, id).changes, 'only a verifying run can be');
    },
    recovered(id, at) {
      return changed(id, 'recovered', recovered.run(at, id).changes, 'only a running run with a stored process can be');
    },
    activeCount(actionId, target) {
      const row = target == null ? activeOfAction.get(actionId) : activeOfTarget.get(actionId, target);
      return row?.n ?? 0;
    },
  };
}
