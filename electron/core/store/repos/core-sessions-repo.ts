import type { WritableDb } from '../db.js';

export interface CoreSession {
  id: string;
  /** The environment the core watched; null for sessions stored before it was recorded. */
  environment: string | null;
  startedAt: number;
  lastSeenAt: number;
  stoppedAt: number | null;
  shell: string;
  appVersion: string;
  configPath: string;
}

interface CoreSessionRow {
  id: string;
  environment: string | null;
  started_at: number;
  last_seen_at: number;
  stopped_at: number | null;
  shell: string;
  app_version: string;
  config_path: string;
}

/**
 * Records when a core ran and which environment it watched, so later views can tell "not
 * observed" from "up" or "down": a core watching staging did not observe production.
 */
export interface CoreSessionsRepo {
  start(session: Omit<CoreSession, 'lastSeenAt' | 'stoppedAt' | 'environment'> & { environment: string }): void;
  touch(id: string, at: number): void;
  stop(id: string, at: number): void;
  /** Sessions watching `environment` that overlap [fromAt, toAt), oldest first. */
  overlapping(environment: string, fromAt: number, toAt: number): CoreSession[];
}

/** The query history runs for every chart; a test checks its plan uses the index. */
export const HOT_QUERIES = {
  overlapping: 'SELECT * FROM core_sessions WHERE environment = ? AND started_at < ? AND last_seen_at >= ? ORDER BY started_at',
} as const;

export function createCoreSessionsRepo(db: WritableDb): CoreSessionsRepo {
  const insert = db.prepare(
    `INSERT INTO core_sessions (id, environment, started_at, last_seen_at, stopped_at, shell, app_version, config_path)
     VALUES (@id, @environment, @startedAt, @startedAt, NULL, @shell, @appVersion, @configPath)`,
  );
  const touch = db.prepare<[number, string], never>('UPDATE core_sessions SET last_seen_at = ? WHERE id = ?');
  const stop = db.prepare<[number, number, string], never>(
    'UPDATE core_sessions SET stopped_at = ?, last_seen_at = ? WHERE id = ?',
  );
  const overlapping = db.prepare<[string, number, number], CoreSessionRow>(HOT_QUERIES.overlapping);
  return {
    start(session) {
      insert.run(session);
    },
    touch(id, at) {
      touch.run(at, id);
    },
    stop(id, at) {
      stop.run(at, at, id);
    },
    overlapping(environment, fromAt, toAt) {
      return overlapping.all(environment, toAt, fromAt).map((row) => ({
        id: row.id,
        environment: row.environment,
        startedAt: row.started_at,
        lastSeenAt: row.last_seen_at,
        stoppedAt: row.stopped_at,
        shell: row.shell,
        appVersion: row.app_version,
        configPath: row.config_path,
      }));
    },
  };
}
