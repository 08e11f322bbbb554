import { describe, expect, it } from 'vitest';
import { createEventBus } from '../core/bus.js';
import { silentLogger } from '../core/logger.js';
import { fakeClock } from '../core/testing/fake-clock.js';
import { forwardHealthNotifications } from './desktop-notifications.js';

describe('desktop notifications', () => {
  it('shows each health notification, quietly for recoveries, and stops when unsubscribed', () => {
    const bus = createEventBus({ clock: fakeClock(), logger: silentLogger });
    const shown: { title: string; silent: boolean }[] = [];
    const stop = forwardHealthNotifications(bus, {
      isSupported: () => true,
      create: (options) => ({ show: () => shown.push({ title: options.title, silent: options.silent }) }),
    });
    const base = { at: 1, body: 'b', affected: [] };
    bus.emit('health.notification', { ...base, kind: 'down', service: 'db', title: 'DB is down' });
    bus.emit('health.notification', { ...base, kind: 'recovered', service: 'db', title: 'DB is back (up)' });
    stop();
    bus.emit('health.notification', { ...base, kind: 'down', service: 'db', title: 'not shown' });
    expect(shown).toEqual([{ title: 'DB is down', silent: false }, { title: 'DB is back (up)', silent: true }]);
  });
});
