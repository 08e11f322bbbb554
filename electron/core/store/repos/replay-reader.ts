/**
 * What a replay reads beside the board's evidence, always as of a moment t (nothing after t):
 * a service's newest check, and the load and action runs that were running at t. Read-only.
 */
import type { ReadableDb } from '../db.js';

export interface CheckAt {
  at: number;
  latencyMs: number;
}

export interface RunningAt {
  id: number;
  name: string;
  actor: string;
  startedAt: number;
}

export interface ReplayReader {
  /** The newest probe result of a service in an environment at or before t. */
  lastCheck(service: string, environment: string, t: number): CheckAt | null;
  /** Load runs of an environment that had started by t and not yet ended. */
  loadRunsRunning(environment: string, t: number): RunningAt[];
  /** Action runs of an environment requested within `lookbackMs` before t, started by t and not yet ended. */
  actionRunsRunning(environment: string, t: number, lookbackMs: number): RunningAt[];
}

/** Each reads through an index (see replay-reader.test.ts), so a replay of any minute stays quick. */
export const REPLAY_QUERIES = {
  lastCheck: 'SELECT at, latency_ms FROM probe_results WHERE service = ? AND environment = ? AND at <= ? ORDER BY at DESC LIMIT 1',
  loadRunsRunning: `SELECT id, profile AS name, actor, started_at FROM load_runs
    WHERE started_at <= @t AND started_at >= @t - @lookbackMs AND environment = @environment AND (ended_at IS NULL OR ended_at > @t)
    ORDER BY started_at DESC LIMIT 5`,
  actionRunsRunning: `SELECT id, action_id AS name, actor, started_at FROM action_runs
    WHERE requested_at <= @t AND requested_at >= @t - @lookbackMs AND environment = @environment
      AND started_at IS NOT NULL AND started_at <= @t AND (ended_at IS NULL OR ended_at > @t)
    ORDER BY requested_at DESC LIMIT 10`,
} as const;

/** No load run lasts longer than this (the load section caps durations well below it). */
const LOAD_LOOKBACK_MS = 86_400_000;

interface RunRow {
  id: number;
  name: string;
  actor: string;
  started_at: number;
}

const toRunning = (row: RunRow): RunningAt => ({ id: row.id, name: row.name, actor: row.actor, startedAt: row.started_at });

export function createReplayReader(db: ReadableDb): ReplayReader {
  const lastCheck = db.prepare<[string, string, number], { at: number; latency_ms: number }>(REPLAY_QUERIES.lastCheck);
  const loadRuns = db.prepare<[{ t: number; lookbackMs: number; environment: string }], RunRow>(REPLAY_QUERIES.loadRunsRunning);
  const actionRuns = db.prepare<[{ t: number; lookbackMs: number; environment: string }], RunRow>(REPLAY_QUERIES.actionRunsRunning);
  return {
    lastCheck(service, environment, t) {
      const row = lastCheck.get(service, environment, t);
      return row ? { at: row.at, latencyMs: row.latency_ms } : null;
    },
    loadRunsRunning(environment, t) {
      return loadRuns.all({ t, lookbackMs: LOAD_LOOKBACK_MS, environment }).map(toRunning);
    },
    actionRunsRunning(environment, t, lookbackMs) {
      return actionRuns.all({ t, lookbackMs, environment }).map(toRunning);
    },
  };
}
