import type { WritableDb } from '../db.js';

export interface CoreSession {
  id: string;
  startedAt: number;
  lastSeenAt: number;
  stoppedAt: number | null;
  shell: string;
  appVersion: string;
  configPath: string;
}

interface CoreSessionRow {
  id: string;
  started_at: number;
  last_seen_at: number;
  stopped_at: number | null;
  shell: string;
  app_version: string;
  config_path: string;
}

/** Records when a core ran, so later views can tell "not observed" from "up" or "down". */
export interface CoreSessionsRepo {
  start(session: Omit<CoreSession, 'lastSeenAt' | 'stoppedAt'>): void;
  touch(id: string, at: number): void;
  stop(id: string, at: number): void;
  /** Sessions that overlap [fromAt, toAt), oldest first. */
  overlapping(fromAt: number, toAt: number): CoreSession[];
}

export function createCoreSessionsRepo(db: WritableDb): CoreSessionsRepo {
  const insert = db.prepare(
    `INSERT INTO core_sessions (id, started_at, last_seen_at, stopped_at, shell, app_version, config_path)
     VALUES (@id, @startedAt, @startedAt, NULL, @shell, @appVersion, @configPath)`,
  );
  const touch = db.prepare<[number, string], never>('UPDATE core_sessions SET last_seen_at = ? WHERE id = ?');
  const stop = db.prepare<[number, number, string], never>(
    'UPDATE core_sessions SET stopped_at = ?, last_seen_at = ? WHERE id = ?',
  );
  const overlapping = db.prepare<[number, number], CoreSessionRow>(
    'SELECT * FROM core_sessions WHERE started_at < ? AND last_seen_at >= ? ORDER BY started_at',
  );
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
    overlapping(fromAt, toAt) {
      return overlapping.all(toAt, fromAt).map((row) => ({
        id: row.id,
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
