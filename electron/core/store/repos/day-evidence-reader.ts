/**
 * What the end-of-day report reads of other features' stored evidence, bounded by a window
 * [fromAt, toAt): load runs started in it, scans imported in it, action runs requested in it, and
 * the open findings as counted at its end. Read-only; health comes from the board's reader
 * (statusAt / statusChanges), which is already bounded the same way.
 */
import type { ReadableDb } from '../db.js';

export interface DayLoadRun {
  id: number;
  profile: string;
  state: string;
  actor: string;
  startedAt: number;
  endedAt: number | null;
  requests: number | null;
  rps: number | null;
  p95Ms: number | null;
  errorRate: number | null;
  decidedBy: string | null;
  error: string | null;
}

export interface DayScan {
  id: number;
  scope: string;
  status: string;
  at: number;
  newCount: number;
  fixedCount: number;
  error: string | null;
}

export interface DayActionRun {
  id: number;
  actionId: string;
  state: string;
  actor: string;
  dryRun: boolean;
  at: number;
  exitCode: number | null;
}

export interface OpenFindingCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
}

export interface DayEvidenceReader {
  loadRuns(environment: string, fromAt: number, toAt: number): DayLoadRun[];
  scans(fromAt: number, toAt: number): DayScan[];
  actionRuns(environment: string, fromAt: number, toAt: number): DayActionRun[];
  /** Open findings by severity as last counted before t; null when none were ever counted by then. */
  openFindingsAt(t: number): OpenFindingCounts | null;
}

/** Queries whose plans tests check (each reads through an index). */
export const DAY_QUERIES = {
  loadRuns: `SELECT id, profile, state, actor, started_at, ended_at, requests, rps, p95_ms, error_rate, decided_by, error FROM load_runs
    WHERE started_at >= ? AND started_at < ? AND environment = ? ORDER BY started_at, id`,
  scans: `SELECT id, scope, status, finished_at, new_count, fixed_count, error FROM security_scans
    WHERE finished_at >= ? AND finished_at < ? ORDER BY finished_at, id`,
  actionRuns: `SELECT id, action_id, state, actor, dry_run, requested_at, exit_code FROM action_runs
    WHERE requested_at >= ? AND requested_at < ? AND environment = ? ORDER BY requested_at, id`,
  openFindingsAt: 'SELECT critical, high, medium, low, info FROM security_counts WHERE at < ? ORDER BY at DESC, id DESC LIMIT 1',
} as const;

export function createDayEvidenceReader(db: ReadableDb): DayEvidenceReader {
  const loadRuns = db.prepare<
    [number, number, string],
    { id: number; profile: string; state: string; actor: string; started_at: number; ended_at: number | null; requests: number | null; rps: number | null; p95_ms: number | null; error_rate: number | null; decided_by: string | null; error: string | null }
  >(DAY_QUERIES.loadRuns);
  const scans = db.prepare<[number, number], { id: number; scope: string; status: string; finished_at: number; new_count: number; fixed_count: number; error: string | null }>(DAY_QUERIES.scans);
  const actionRuns = db.prepare<[number, number, string], { id: number; action_id: string; state: string; actor: string; dry_run: number; requested_at: number; exit_code: number | null }>(
    DAY_QUERIES.actionRuns,
  );
  const openAt = db.prepare<[number], OpenFindingCounts>(DAY_QUERIES.openFindingsAt);
  return {
    loadRuns: (environment, fromAt, toAt) =>
      loadRuns.all(fromAt, toAt, environment).map((row) => ({
        id: row.id,
        profile: row.profile,
        state: row.state,
        actor: row.actor,
        startedAt: row.started_at,
        endedAt: row.ended_at,
        requests: row.requests,
        rps: row.rps,
        p95Ms: row.p95_ms,
        errorRate: row.error_rate,
        decidedBy: row.decided_by,
        error: row.error,
      })),
    scans: (fromAt, toAt) =>
      scans.all(fromAt, toAt).map((row) => ({ id: row.id, scope: row.scope, status: row.status, at: row.finished_at, newCount: row.new_count, fixedCount: row.fixed_count, error: row.error })),
    actionRuns: (environment, fromAt, toAt) =>
      actionRuns.all(fromAt, toAt, environment).map((row) => ({
        id: row.id,
        actionId: row.action_id,
        state: row.state,
        actor: row.actor,
        dryRun: row.dry_run === 1,
        at: row.requested_at,
        exitCode: row.exit_code,
      })),
    openFindingsAt(t) {
      const row = openAt.get(t);
      return row ? { critical: row.critical, high: row.high, medium: row.medium, low: row.low, info: row.info } : null;
    },
  };
}
