/**
 * What the go/no-go board reads of the evidence other features store (probe results, health
 * transitions, load runs, action runs, runbook ticks, core sessions), always as of a moment t:
 * nothing after t is seen, so an evaluation at t can be repeated later with the same answer.
 * Read-only: the board never duplicates evidence, it points at it. Every read names the
 * environment: probe results, status changes and sessions of another environment (or of none,
 * stored before environments were recorded) are not evidence for this one.
 */
import type { HealthStatus } from '../../../../shared/domain/probes.js';
import type { LoadRunState } from '../../../../shared/domain/load-runs.js';
import type { RunState } from '../../../../shared/domain/actions.js';
import type { MonitoringStatus } from '../../../../shared/domain/monitoring.js';
import type { ReadableDb } from '../db.js';

export interface ServiceStatusAt {
  status: HealthStatus;
  /** Since when the service has had this status. */
  since: number;
  reason: string;
  causedBy: string | null;
}

export interface StatusChange {
  at: number;
  to: HealthStatus;
}

export interface LoadRunEvidence {
  id: number;
  profile: string;
  state: LoadRunState;
  actor: string;
  startedAt: number;
  endedAt: number;
  /** The threshold that failed it, as stored (JSON text), or null. */
  decidedBy: string | null;
  error: string | null;
  /** The summary's threshold verdicts, as stored (JSON text), or null without a summary. */
  thresholds: string | null;
}

/** An exception on a load run's threshold that stands at t (made by t, expiring after t). */
export interface LoadExceptionEvidence {
  expression: string;
  endpoint: string | null;
  owner: string;
  createdAt: number;
  expiresAt: number;
}

export interface ActionRunEvidence {
  id: number;
  actionId: string;
  state: RunState;
  actor: string;
  dryRun: boolean;
  startedAt: number | null;
  endedAt: number | null;
  exitCode: number | null;
  reason: string | null;
}

export interface RunbookMarkEvidence {
  step: number;
  done: boolean;
  by: string;
  at: number;
}

export interface SessionSpan {
  startedAt: number;
  lastSeenAt: number;
  stoppedAt: number | null;
}

export interface BoardEvidenceReader {
  /** The newest probe result of a service in an environment at or before t. */
  lastResultAt(service: string, environment: string, t: number): number | null;
  /** The service's own status (not a probe's) in an environment at t, or null when none was ever recorded by then. */
  statusAt(service: string, environment: string, t: number): ServiceStatusAt | null;
  /** The service's own status changes in an environment with fromAt < at <= toAt, oldest first. */
  statusChanges(service: string, environment: string, fromAt: number, toAt: number): StatusChange[];
  /** Sessions of cores watching the environment that overlap [fromAt, toAt] (for "not observed" spans). */
  sessions(environment: string, fromAt: number, toAt: number): SessionSpan[];
  /** The newest run of a profile in an environment that ended with a verdict (passed, failed, or aborted by a threshold) by t. */
  latestJudgedLoadRun(profile: string, environment: string, t: number): LoadRunEvidence | null;
  /** The exceptions on a load run's thresholds standing at t. */
  loadExceptionsAt(runId: number, t: number): LoadExceptionEvidence[];
  /** When the next exception standing at t expires (a load criterion may fail again then), or null. */
  nextLoadExceptionExpiryAfter(t: number): number | null;
  /** The newest run of an action that succeeded by t (only dry runs or only real ones when dryRun is set). */
  latestSucceededRun(actionId: string, environment: string, t: number, dryRun?: boolean): ActionRunEvidence | null;
  /** The newest run of an action that ended by t, whatever its end. */
  latestEndedRun(actionId: string, environment: string, t: number, dryRun?: boolean): ActionRunEvidence | null;
  /** The newest run of an action that started by t (it may still be running at t). */
  latestStartedRun(actionId: string, environment: string, t: number): ActionRunEvidence | null;
  /** The newest mark of every step of a runbook made by t. */
  runbookMarks(runbookId: string, t: number): RunbookMarkEvidence[];
  /** The newest check of an environment's monitoring (Prometheus, targets, rules) at or before t. */
  latestMonitoringCheck(environment: string, t: number): MonitoringStatus | null;
}

interface ActionRow {
  id: number;
  action_id: string;
  state: RunState;
  actor: string;
  dry_run: number;
  started_at: number | null;
  ended_at: number | null;
  exit_code: number | null;
  reason: string | null;
}

const ACTION_COLUMNS = 'id, action_id, state, actor, dry_run, started_at, ended_at, exit_code, reason';
const ENDED_STATES = "('succeeded', 'failed', 'timed_out', 'cancelled', 'exit_unknown')";

/** Queries whose plans tests check (each reads through an index, never the whole table). */
export const HOT_QUERIES = {
  lastResultAt: 'SELECT max(at) AS at FROM probe_results WHERE service = ? AND environment = ? AND at <= ?',
  statusAt: `SELECT to_status, at, reason, caused_by FROM health_transitions
    WHERE service = ? AND environment = ? AND probe_id IS NULL AND at <= ? ORDER BY at DESC LIMIT 1`,
  statusChanges: `SELECT at, to_status FROM health_transitions
    WHERE service = ? AND environment = ? AND probe_id IS NULL AND at > ? AND at <= ? ORDER BY at`,
  sessions: `SELECT started_at, last_seen_at, stopped_at FROM core_sessions
    WHERE environment = ? AND started_at <= ? AND coalesce(stopped_at, last_seen_at + 60000) >= ? ORDER BY started_at`,
  latestJudgedLoadRun: `SELECT id, profile, state, actor, started_at, ended_at, decided_by, error, json_extract(summary, '$.thresholds') AS thresholds FROM load_runs
    WHERE profile = ? AND environment = ? AND started_at <= @t AND ended_at <= @t
      AND (state IN ('passed', 'failed') OR (state = 'aborted' AND decided_by IS NOT NULL))
    ORDER BY started_at DESC LIMIT 1`,
  latestEndedRun: `SELECT ${ACTION_COLUMNS} FROM action_runs
    WHERE action_id = ? AND environment = ? AND requested_at <= @t AND ended_at <= @t AND state IN ${ENDED_STATES}
      AND (@dryRun IS NULL OR dry_run = @dryRun) AND (@succeeded = 0 OR state = 'succeeded')
    ORDER BY requested_at DESC LIMIT 1`,
  latestStartedRun: `SELECT ${ACTION_COLUMNS} FROM action_runs
    WHERE action_id = ? AND environment = ? AND requested_at <= @t AND started_at <= @t
    ORDER BY requested_at DESC LIMIT 1`,
  runbookMarks: 'SELECT step, done, actor, at, max(id) FROM runbook_progress WHERE runbook_id = ? AND at <= ? GROUP BY step ORDER BY step',
  latestMonitoringCheck:
    'SELECT environment, at, ok, prometheus_up, targets_up, targets_total, rule_groups, rules, detail FROM monitoring_checks WHERE environment = ? AND at <= ? ORDER BY at DESC, id DESC LIMIT 1',
} as const;

function toActionEvidence(row: ActionRow): ActionRunEvidence {
  return {
    id: row.id,
    actionId: row.action_id,
    state: row.state,
    actor: row.actor,
    dryRun: row.dry_run === 1,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    exitCode: row.exit_code,
    reason: row.reason,
  };
}

export function createBoardEvidenceReader(db: ReadableDb): BoardEvidenceReader {
  const lastResultAt = db.prepare<[string, string, number], { at: number | null }>(HOT_QUERIES.lastResultAt);
  const statusAt = db.prepare<[string, string, number], { to_status: HealthStatus; at: number; reason: string; caused_by: string | null }>(HOT_QUERIES.statusAt);
  const statusChanges = db.prepare<[string, string, number, number], { at: number; to_status: HealthStatus }>(HOT_QUERIES.statusChanges);
  const sessions = db.prepare<[string, number, number], { started_at: number; last_seen_at: number; stopped_at: number | null }>(HOT_QUERIES.sessions);
  const judgedLoadRun = db.prepare<
    [string, string, { t: number }],
    { id: number; profile: string; state: LoadRunState; actor: string; started_at: number; ended_at: number; decided_by: string | null; error: string | null; thresholds: string | null }
  >(HOT_QUERIES.latestJudgedLoadRun);
  const loadExceptions = db.prepare<[number, { t: number }], { expression: string; endpoint: string; owner: string; created_at: number; expires_at: number }>(
    'SELECT expression, endpoint, owner, created_at, expires_at FROM load_exceptions WHERE run_id = ? AND created_at <= @t AND expires_at > @t AND (withdrawn_at IS NULL OR withdrawn_at > @t) ORDER BY id',
  );
  const nextExceptionExpiry = db.prepare<[{ t: number }], { next: number | null }>(
    'SELECT min(expires_at) AS next FROM load_exceptions WHERE created_at <= @t AND expires_at > @t AND (withdrawn_at IS NULL OR withdrawn_at > @t)',
  );
  const endedRun = db.prepare<[string, string, { t: number; dryRun: number | null; succeeded: number }], ActionRow>(HOT_QUERIES.latestEndedRun);
  const startedRun = db.prepare<[string, string, { t: number }], ActionRow>(HOT_QUERIES.latestStartedRun);
  const runbookMarks = db.prepare<[string, number], { step: number; done: number; actor: string; at: number }>(HOT_QUERIES.runbookMarks);
  const monitoringCheck = db.prepare<
    [string, number],
    { environment: string; at: number; ok: number; prometheus_up: number; targets_up: number; targets_total: number; rule_groups: number; rules: number; detail: string }
  >(HOT_QUERIES.latestMonitoringCheck);
  const dryRunFlag = (dryRun: boolean | undefined) => (dryRun === undefined ? null : dryRun ? 1 : 0);
  return {
    lastResultAt(service, environment, t) {
      return lastResultAt.get(service, environment, t)?.at ?? null;
    },
    statusAt(service, environment, t) {
      const row = statusAt.get(service, environment, t);
      return row ? { status: row.to_status, since: row.at, reason: row.reason, causedBy: row.caused_by } : null;
    },
    statusChanges(service, environment, fromAt, toAt) {
      return statusChanges.all(service, environment, fromAt, toAt).map((row) => ({ at: row.at, to: row.to_status }));
    },
    sessions(environment, fromAt, toAt) {
      return sessions.all(environment, toAt, fromAt).map((row) => ({ startedAt: row.started_at, lastSeenAt: row.last_seen_at, stoppedAt: row.stopped_at }));
    },
    latestJudgedLoadRun(profile, environment, t) {
      const row = judgedLoadRun.get(profile, environment, { t });
      return row
        ? { id: row.id, profile: row.profile, state: row.state, actor: row.actor, startedAt: row.started_at, endedAt: row.ended_at, decidedBy: row.decided_by, error: row.error, thresholds: row.thresholds }
        : null;
    },
    nextLoadExceptionExpiryAfter(t) {
      return nextExceptionExpiry.get({ t })?.next ?? null;
    },
    loadExceptionsAt(runId, t) {
      return loadExceptions.all(runId, { t }).map((row) => ({
        expression: row.expression,
        endpoint: row.endpoint === '' ? null : row.endpoint,
        owner: row.owner,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      }));
    },
    latestSucceededRun(actionId, environment, t, dryRun) {
      const row = endedRun.get(actionId, environment, { t, dryRun: dryRunFlag(dryRun), succeeded: 1 });
      return row ? toActionEvidence(row) : null;
    },
    latestEndedRun(actionId, environment, t, dryRun) {
      const row = endedRun.get(actionId, environment, { t, dryRun: dryRunFlag(dryRun), succeeded: 0 });
      return row ? toActionEvidence(row) : null;
    },
    latestStartedRun(actionId, environment, t) {
      const row = startedRun.get(actionId, environment, { t });
      return row ? toActionEvidence(row) : null;
    },
    runbookMarks(runbookId, t) {
      return runbookMarks.all(runbookId, t).map((row) => ({ step: row.step, done: row.done === 1, by: row.actor, at: row.at }));
    },
    latestMonitoringCheck(environment, t) {
      const row = monitoringCheck.get(environment, t);
      return row
        ? { environment: row.environment, at: row.at, ok: row.ok === 1, prometheusUp: row.prometheus_up === 1, targetsUp: row.targets_up, targetsTotal: row.targets_total, ruleGroups: row.rule_groups, rules: row.rules, detail: row.detail }
        : null;
    },
  };
}
