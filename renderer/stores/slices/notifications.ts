/** Health notifications on screen as banners: down ones until dismissed, recovered ones for a moment. */
import type { StateCreator } from 'zustand';
import type { HealthNotificationPayload } from '../../../shared/domain/probes.js';
import type { AppState } from '../store.js';

/** More than this at once is noise on a wall: the oldest go. */
const KEEP = 8;

export interface ActiveNotification extends HealthNotificationPayload {
  /** The event's seq: unique per core, so a key and a dismiss handle. */
  id: number;
}

export interface NotificationsSlice {
  /** Newest first. */
  notifications: ActiveNotification[];
}

export const createNotificationsSlice: StateCreator<AppState, [], [], NotificationsSlice> = () => ({
  notifications: [],
});

/**
 * Adds a notification. A newer one about the same root cause replaces the older: "recovered"
 * makes a standing "down" untrue, and a second "down" repeats the first.
 */
export function addNotification(current: readonly ActiveNotification[], incoming: ActiveNotification): ActiveNotification[] {
  return [incoming, ...current.filter((n) => n.service !== incoming.service && n.id !== incoming.id)].slice(0, KEEP);
}
