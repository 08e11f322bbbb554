import type { JournalEntry } from '../../../../shared/domain/journal.js';
import { readOnlyView } from '../db.js';
import type { ReadableDb, WritableDb } from '../db.js';

interface JournalRow {
  id: number;
  at: number;
  author: string;
  text: string;
}

export interface JournalRepo {
  add(entry: Omit<JournalEntry, 'id'>): JournalEntry;
  /** Newest first, `sinceAt <= at < untilAt`. */
  list(range: { sinceAt?: number | undefined; untilAt?: number | undefined; limit: number }): JournalEntry[];
}

export function createJournalRepo(db: WritableDb): JournalRepo {
  const insert = db.prepare<[number, string, string], never>('INSERT INTO journal_entries (at, author, text) VALUES (?, ?, ?)');
  const reader = createJournalReader(readOnlyView(db));
  return {
    add(entry) {
      const { lastInsertRowid } = insert.run(entry.at, entry.author, entry.text);
      return { id: Number(lastInsertRowid), ...entry };
    },
    list: reader.list,
  };
}

export function createJournalReader(db: ReadableDb): Pick<JournalRepo, 'list'> {
  const select = db.prepare<[number, number, number], JournalRow>(
    'SELECT id, at, author, text FROM journal_entries WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?',
  );
  return {
    list({ sinceAt, untilAt, limit }) {
      return select.all(sinceAt ?? 0, untilAt ?? Number.MAX_SAFE_INTEGER, limit);
    },
  };
}
