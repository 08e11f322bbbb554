import type { WritableDb } from '../db.js';

export interface RehearsalEvent {
  at: number;
  service: string | null;
  message: string;
}

export interface RehearsalEventsRepo {
  /** Stores entries not stored yet (the platform repeats its recent log); returns how many were new. */
  record(entries: readonly RehearsalEvent[]): number;
  /** Entries with `sinceAt <= at < untilAt`, oldest first. */
  between(sinceAt: number, untilAt: number, limit?: number): RehearsalEvent[];
}

export function createRehearsalEventsRepo(db: WritableDb): RehearsalEventsRepo {
  const insert = db.prepare<[number, string | null, string], never>(
    'INSERT OR IGNORE INTO rehearsal_events (at, service, message) VALUES (?, ?, ?)',
  );
  const select = db.prepare<[number, number, number], RehearsalEvent>(
    'SELECT at, service, message FROM rehearsal_events WHERE at >= ? AND at < ? ORDER BY at, id LIMIT ?',
  );
  const recordAll = db.transaction((entries: readonly RehearsalEvent[]) => {
    let added = 0;
    for (const entry of entries) added += insert.run(entry.at, entry.service, entry.message).changes;
    return added;
  });
  return {
    record: (entries) => (entries.length === 0 ? 0 : recordAll(entries)),
    between: (sinceAt, untilAt, limit = 1000) => select.all(sinceAt, untilAt, limit),
  };
}
