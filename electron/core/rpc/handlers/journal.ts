import type { JournalService } from '../../journal/journal-service.js';
import type { Handlers } from '../router.js';

export function journalHandlers(journal: JournalService): Pick<Handlers, 'journal.list' | 'journal.add'> {
  return {
    'journal.list': function handleJournalList(input) {
      return journal.list(input);
    },
    'journal.add': function handleJournalAdd(input) {
      return journal.add(input);
    },
  };
}
