/** Module-level store actions (zustand's "no store actions" pattern): plain functions over setState. */
import type { CommandOutput, WireEvent } from '../../shared/contract/index.js';
import type { JournalEntry } from '../../shared/domain/journal.js';
import type { AppStore } from './store.js';
import { useAppStore } from './store.js';
import { patchConnection } from './slices/connection.js';
import type { ConnectionInfo } from './slices/connection.js';
import { mergeJournal } from './slices/journal.js';
import type { ViewId } from './slices/ui.js';

export type Snapshot = CommandOutput<'app.snapshot'>;

/** Replaces everything the snapshot covers; the snapshot is the truth as of its lastSeq. */
export function applySnapshot(snapshot: Snapshot, store: AppStore = useAppStore): void {
  store.setState({
    config: snapshot.config,
    info: snapshot.info,
    journal: mergeJournal([], snapshot.journal),
    heartbeat: snapshot.heartbeat,
  });
}

/** Folds one event into the slices; every event name is handled here. */
export function applyEvent(event: WireEvent, store: AppStore = useAppStore): void {
  switch (event.name) {
    case 'core.heartbeat':
      store.setState({ heartbeat: event.payload });
      return;
    case 'journal.added':
      addJournalEntries([event.payload], store);
      return;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** Adds entries (from an event or a journal.add answer); duplicates by id are merged. */
export function addJournalEntries(entries: readonly JournalEntry[], store: AppStore = useAppStore): void {
  store.setState((state) => ({ journal: mergeJournal(state.journal, entries) }));
}

export function updateConnection(patch: Partial<ConnectionInfo>, store: AppStore = useAppStore): void {
  store.setState((state) => patchConnection(state, patch));
}

export function showView(view: ViewId, store: AppStore = useAppStore): void {
  if (store.getState().ui.view !== view) store.setState({ ui: { view } });
}
