import { describe, expect, it } from 'vitest';
import type { ActiveNotification } from './notifications.js';
import { notificationsAfterSnapshot, rememberDismissed } from './notifications.js';

const banner = (id: number, service: string, kind: 'down' | 'recovered'): ActiveNotification => ({
  id,
  at: 1000 + id,
  kind,
  service,
  title: `${service} ${kind}`,
  body: '',
  affected: [],
});

describe('notifications after a snapshot', () => {
  it('shows the core’s standing notifications in a window that had none (a reload)', () => {
    const standing = [banner(12, 'db', 'down'), banner(9, 'cache', 'down')];
    expect(notificationsAfterSnapshot([], standing, []).map((n) => n.id)).toEqual([12, 9]);
  });

  it('does not bring back one dismissed in this window', () => {
    const standing = [banner(12, 'db', 'down'), banner(9, 'cache', 'down')];
    expect(notificationsAfterSnapshot([banner(12, 'db', 'down')], standing, [9]).map((n) => n.id)).toEqual([12]);
  });

  it('keeps a recovery on screen for its moment, and the newest per root cause wins', () => {
    const current = [banner(20, 'db', 'recovered'), banner(9, 'cache', 'down')];
    const standing = [banner(25, 'cache', 'down')];
    expect(notificationsAfterSnapshot(current, standing, []).map((n) => [n.id, n.service, n.kind])).toEqual([
      [25, 'cache', 'down'],
      [20, 'db', 'recovered'],
    ]);
  });

  it('remembers dismissed ids once each, and only the newest hundred', () => {
    let dismissed: number[] = [];
    for (let id = 1; id <= 120; id += 1) dismissed = rememberDismissed(dismissed, id);
    dismissed = rememberDismissed(dismissed, 50);
    expect(dismissed).toHaveLength(100);
    expect(dismissed.at(-1)).toBe(50);
    expect(dismissed.filter((id) => id === 50)).toHaveLength(1);
    expect(dismissed).not.toContain(20);
  });
});
