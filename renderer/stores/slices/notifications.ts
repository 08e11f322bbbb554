/** Health notifications on screen as banners: down ones until dismissed, recovered ones for a moment. */
import type { StateCreator } from 'zustand';
import type { HealthNotificationPayload, StandingNotification } from '../../../shared/domain/probes.js';
import type { AppState } from '../store.js';

/** More than this at once is noise on a wall: the oldest go. */
const KEEP = 8;
/** Dismissed ids remembered so a resync does not bring them back; far more than can stand at once. */
const KEEP_DISMISSED = 100;

export interface ActiveNotification extends HealthNotificationPayload {
  /** The event's seq: unique per core, so a key and a dismiss handle. */
  id: number;
}

export interface NotificationsSlice {
  /** Newest first. */
  notifications: ActiveNotification[];
  /** Ids dismissed in this window: the next snapshot (a resync) does not show them again. */
  dismissedNotifications: number[];
}

export const createNotificationsSlice: StateCreator<AppState, [], [], NotificationsSlice> = () => ({
  notifications: [],
  dismissedNotifications: [],
});

/**
 * Adds a notification. A newer one about the same root cause replaces the older: "recovered"
 * makes a standing "down" untrue, and a second "down" repeats the first.
 */
export function addNotification(current: readonly ActiveNotification[], incoming: ActiveNotification): ActiveNotification[] {
  return [incoming, ...current.filter((n) => n.service !== incoming.service && n.id !== incoming.id)].slice(0, KEEP);
}

/**
 * The banners after a snapshot: the core's standing "down" notifications (so a reloaded window
 * shows them), minus those dismissed here, plus the "recovered" banners on screen for their
 * moment; folded in event order, so the newest about each root cause wins.
 */
export function notificationsAfterSnapshot(
  current: readonly ActiveNotification[],
  standing: readonly StandingNotification[],
  dismissed: readonly number[],
): ActiveNotification[] {
  const shown = [...standing.filter((n) => !dismissed.includes(n.id)), ...current.filter((n) => n.kind === 'recovered')];
  return shown.sort((a, b) => a.id - b.id).reduce<ActiveNotification[]>((folded, n) => addNotification(folded, n), []);
}

/** Remembers a dismissed id (the newest KEEP_DISMISSED). */
export function rememberDismissed(dismissed: readonly number[], id: number): number[] {
  return [...dismissed.filter((d) => d !== id), id].slice(-KEEP_DISMISSED);
}
