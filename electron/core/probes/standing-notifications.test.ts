import { describe, expect, it } from 'vitest';
import type { HealthNotificationPayload } from '../../../shared/domain/probes.js';
import { createStandingNotifications } from './standing-notifications.js';

const notice = (service: string, kind: 'down' | 'recovered', at = 1000): HealthNotificationPayload => ({
  at,
  kind,
  service,
  title: `${service} is ${kind === 'down' ? 'down' : 'back (up)'}`,
  body: kind === 'down' ? 'ready: connection refused' : 'all checks pass',
  affected: [],
});

describe('standing notifications', () => {
  it('keeps each root cause’s latest "down", newest first, with its event seq as id', () => {
    const standing = createStandingNotifications();
    standing.add(notice('db', 'down'), 4);
    standing.add(notice('cache', 'down'), 9);
    standing.add(notice('db', 'down', 2000), 12);
    expect(standing.list().map((n) => [n.service, n.id, n.at])).toEqual([
      ['db', 12, 2000],
      ['cache', 9, 1000],
    ]);
  });

  it('drops a "down" when its "recovered" arrives, and keeps no "recovered" itself', () => {
    const standing = createStandingNotifications();
    standing.add(notice('db', 'down'), 4);
    standing.add(notice('cache', 'down'), 5);
    standing.add(notice('db', 'recovered'), 6);
    expect(standing.list().map((n) => n.service)).toEqual(['cache']);
    standing.add(notice('api', 'recovered'), 7);
    expect(standing.list().map((n) => n.service)).toEqual(['cache']);
  });

  it('keeps at most the newest eight', () => {
    const standing = createStandingNotifications();
    for (let i = 1; i <= 10; i += 1) standing.add(notice(`svc-${i}`, 'down'), i);
    expect(standing.list().map((n) => n.id)).toEqual([10, 9, 8, 7, 6, 5, 4, 3]);
  });

  it('hands out copies: a caller cannot change what stands', () => {
    const standing = createStandingNotifications();
    standing.add({ ...notice('db', 'down'), affected: ['api'] }, 1);
    standing.list()[0]!.affected.push('gateway');
    expect(standing.list()[0]!.affected).toEqual(['api']);
  });
});
