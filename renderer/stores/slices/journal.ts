/** The war-room log, newest first, one entry per id whatever path it came by (snapshot, event, call). */
import type { StateCreator } from 'zustand';
import type { JournalEntry } from '../../../shared/domain/journal.js';
import type { AppState } from '../store.js';

/** Enough for a launch day on screen; older notes stay in the core. */
const KEEP = 500;

export interface JournalSlice {
  journal: JournalEntry[];
}

export const createJournalSlice: StateCreator<AppState, [], [], JournalSlice> = () => ({
  journal: [],
});

/** Adds or replaces entries by id and keeps the list newest first. */
export function mergeJournal(current: readonly JournalEntry[], incoming: readonly JournalEntry[]): JournalEntry[] {
  const byId = new Map(current.map((entry) => [entry.id, entry]));
  for (const entry of incoming) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => b.at - a.at || b.id - a.id).slice(0, KEEP);
}
