/** The war-room log: notes are stored, then announced, so every client sees them at once. */
import type { JournalEntry } from '../../../shared/domain/journal.js';
import type { EventBus } from '../bus.js';
import type { Clock } from '../clock.js';
import type { JournalRepo } from '../store/repos/journal-repo.js';

export interface JournalService {
  add(note: { author: string; text: string }): JournalEntry;
  list(range: { sinceAt?: number | undefined; untilAt?: number | undefined; limit: number }): JournalEntry[];
}

export function createJournalService(deps: { repo: JournalRepo; bus: EventBus; clock: Clock }): JournalService {
  return {
    add(note) {
      const entry = deps.repo.add({ at: deps.clock.now(), author: note.author, text: note.text });
      deps.bus.emit('journal.added', entry);
      return entry;
    },
    list: (range) => deps.repo.list(range),
  };
}
