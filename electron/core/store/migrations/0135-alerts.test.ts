import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.js';
import { openDatabase } from '../db.js';
import { migrate } from '../migrate.js';
import { DATABASE_FILE, openStore } from '../store.js';
import { migrations } from './index.js';

const now = () => 1_700_000_000_000;
const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

const firing = (fingerprint: string, service: string, startedAt: number) => ({
  fingerprint,
  name: 'ServiceDown',
  service,
  severity: 'critical',
  summary: `${service} is down`,
  labels: { alertname: 'ServiceDown', service },
  startedAt,
});

describe('migration 135 (alerts)', () => {
  it('keeps a version-90 database and records alert episodes from firing to resolved, queried by time and service', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const old = openDatabase(join(dir.path, DATABASE_FILE));
    migrate(old, migrations.filter((m) => m.version <= 90), now);
    old.exec("INSERT INTO journal_entries (at, author, text) VALUES (1000, 'ana', 'before alerts')");
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 90, applied: expect.arrayContaining(['135-alerts']) });
    expect(store.journal.list({ limit: 5 })).toEqual([expect.objectContaining({ text: 'before alerts' })]);

    const first = store.alertEpisodes.observe('rehearsal', [firing('a', 'cache', 10_000), firing('b', 'gateway', 12_000)], 15_000);
    expect(first.opened.map((e) => e.service)).toEqual(['cache', 'gateway']);
    // Seen again: no new episode, last-seen moves on; gateway gone: resolved now.
    const second = store.alertEpisodes.observe('rehearsal', [firing('a', 'cache', 10_000)], 20_000);
    expect(second).toEqual({ opened: [], resolved: [expect.objectContaining({ service: 'gateway', resolvedAt: 20_000 })] });
    // The other environment is untouched by this one's reads.
    store.alertEpisodes.observe('staging', [], 21_000);
    expect(store.alertEpisodes.open('rehearsal')).toEqual([expect.objectContaining({ service: 'cache', lastSeenAt: 20_000, resolvedAt: null })]);

    expect(store.alertEpisodes.history({ environment: 'rehearsal', from: 0, to: 30_000, limit: 10 }).map((e) => e.service)).toEqual(['gateway', 'cache']);
    expect(store.alertEpisodes.history({ environment: 'rehearsal', service: 'gateway', from: 20_001, to: 30_000, limit: 10 })).toEqual([]);
    expect(store.alertEpisodes.history({ environment: 'rehearsal', service: 'cache', from: 25_000, to: 30_000, limit: 10 })).toEqual([
      expect.objectContaining({ labels: { alertname: 'ServiceDown', service: 'cache' }, startedAt: 10_000 }),
    ]);
    expect(store.alertEpisodes.history({ environment: 'rehearsal', from: 0, to: 9_999, limit: 10 })).toEqual([]);
    store.close();
  });
});
