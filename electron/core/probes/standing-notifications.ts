/**
 * The health notifications that still stand: the newest "down" of each root cause until its
 * "recovered" arrives. The snapshot carries them so a window that reloads (or connects later)
 * shows the same banners as one that was open all along; a "recovered" is a moment's news and
 * only clears its "down".
 */
import type { HealthNotificationPayload, StandingNotification } from '../../../shared/domain/probes.js';

/** As many as the renderer shows at once; the oldest go first. */
export const MAX_STANDING_NOTIFICATIONS = 8;

export interface StandingNotifications {
  /** Takes one delivered notification with the seq of the event that carried it. */
  add(notification: HealthNotificationPayload, seq: number): void;
  /** Newest first. */
  list(): StandingNotification[];
}

export function createStandingNotifications(max = MAX_STANDING_NOTIFICATIONS): StandingNotifications {
  let standing: StandingNotification[] = [];
  return {
    add(notification, seq) {
      const others = standing.filter((n) => n.service !== notification.service);
      standing = notification.kind === 'down' ? [{ ...notification, id: seq }, ...others].slice(0, max) : others;
    },
    list: () => standing.map((n) => ({ ...n, affected: [...n.affected] })),
  };
}
