/** Module-level store actions (zustand's "no store actions" pattern): plain functions over setState. */
import type { CommandOutput, WireEvent } from '../../shared/contract/index.js';
import type { JournalEntry } from '../../shared/domain/journal.js';
import type { HealthOverview, RecentHealth, ServiceHealth } from '../../shared/domain/probes.js';
import type { RehearsalState } from '../../shared/domain/rehearsal.js';
import type { AppStore } from './store.js';
import { useAppStore } from './store.js';
import { patchConnection } from './slices/connection.js';
import type { ConnectionInfo } from './slices/connection.js';
import { healthFromOverview, mergeHealth } from './slices/health.js';
import { mergeJournal } from './slices/journal.js';
import { addNotification } from './slices/notifications.js';
import { appendResults, recentFromSnapshot } from './slices/recent.js';
import type { ViewId } from './slices/ui.js';

export type Snapshot = CommandOutput<'app.snapshot'>;

/** Replaces everything the snapshot covers; the snapshot is the truth as of its lastSeq. */
export function applySnapshot(snapshot: Snapshot, store: AppStore = useAppStore): void {
  store.setState((state) => ({
    config: snapshot.config,
    info: snapshot.info,
    journal: mergeJournal([], snapshot.journal),
    heartbeat: snapshot.heartbeat,
    rehearsal: snapshot.rehearsal,
    rehearsalRev: state.rehearsalRev + 1,
    health: healthFromOverview(snapshot.health),
    healthRev: state.healthRev + 1,
    recent: recentFromSnapshot(snapshot.recent),
  }));
}

/** Folds one event into the slices; every event name is handled here. */
export function applyEvent(event: WireEvent, store: AppStore = useAppStore): void {
  switch (event.name) {
    case 'core.heartbeat':
      // Live heartbeats only: the snapshot's is the latest one, up to an interval old.
      store.setState({ heartbeat: event.payload, serverOffsetMs: event.payload.at - Date.now() });
      return;
    case 'journal.added':
      addJournalEntries([event.payload], store);
      return;
    case 'rehearsal.changed':
      store.setState((state) => ({ rehearsal: event.payload, rehearsalRev: state.rehearsalRev + 1 }));
      return;
    case 'health.changed':
      store.setState((state) => ({
        health: mergeHealth(state.health, event.payload.services, event.payload.paused),
        healthRev: state.healthRev + 1,
      }));
      return;
    case 'probe.results':
      store.setState((state) => ({ recent: appendResults(state.recent, event.payload.results) }));
      return;
    case 'health.notification':
      store.setState((state) => ({ notifications: addNotification(state.notifications, { ...event.payload, id: event.seq }) }));
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

/**
 * Shows the state a rehearsal.* call answered with, unless a rehearsal.changed event arrived since
 * the call began (`revAtCall`): that event may describe a later change, and the core emits one for
 * this change too, so nothing is lost by skipping the answer.
 */
export function applyRehearsalAnswer(answer: RehearsalState, revAtCall: number, store: AppStore = useAppStore): void {
  store.setState((state) => (state.rehearsalRev === revAtCall ? { rehearsal: answer } : {}));
}

/** Shows the overview a health.* call answered with, unless a health.changed arrived since the call began (see applyRehearsalAnswer). */
export function applyHealthAnswer(answer: HealthOverview, revAtCall: number, store: AppStore = useAppStore): void {
  store.setState((state) => (state.healthRev === revAtCall ? { health: healthFromOverview(answer) } : {}));
}

/** Shows one service's health a call answered with (health.mute), under the same rule. */
export function applyServiceHealthAnswer(answer: ServiceHealth, revAtCall: number, store: AppStore = useAppStore): void {
  store.setState((state) => (state.healthRev === revAtCall ? { health: mergeHealth(state.health, [answer], state.health.paused) } : {}));
}

/** Takes fresh uptime figures (health.recent); the sparklines keep following probe.results. */
export function applyRecentUptime(recent: RecentHealth, store: AppStore = useAppStore): void {
  store.setState((state) => ({ recent: { ...state.recent, uptimeWindowMs: recent.uptimeWindowMs, uptime: { ...recent.uptime } } }));
}

export function dismissNotification(id: number, store: AppStore = useAppStore): void {
  store.setState((state) => ({ notifications: state.notifications.filter((n) => n.id !== id) }));
}

export function updateConnection(patch: Partial<ConnectionInfo>, store: AppStore = useAppStore): void {
  store.setState((state) => patchConnection(state, patch));
}

export function showView(view: ViewId, store: AppStore = useAppStore): void {
  if (store.getState().ui.view !== view) store.setState({ ui: { view } });
}
