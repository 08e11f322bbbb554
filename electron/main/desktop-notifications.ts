/**
 * Health notifications as desktop notifications (the Electron shell only; the web shell shows the
 * in-app banner). Written against a small interface so it can be tested without Electron.
 */
import type { EventBus } from '../core/bus.js';

export interface NotificationLike {
  show(): void;
}

export interface NotificationFactory {
  isSupported(): boolean;
  create(options: { title: string; body: string; silent: boolean }): NotificationLike;
}

/** Shows one desktop notification per folded health notification; returns the unsubscribe. */
export function forwardHealthNotifications(bus: Pick<EventBus, 'on'>, factory: NotificationFactory): () => void {
  if (!factory.isSupported()) return () => undefined;
  return bus.on('health.notification', (notification) => {
    factory.create({ title: notification.title, body: notification.body, silent: notification.kind === 'recovered' }).show();
  });
}
