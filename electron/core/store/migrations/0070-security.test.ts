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

describe('migration 70 (security)', () => {
  it('keeps the data of a version-60 database and adds an empty register', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const old = openDatabase(join(dir.path, DATABASE_FILE));
    migrate(old, migrations.filter((m) => m.version <= 60), now);
    expect(old.pragma('user_version', { simple: true })).toBe(60);
    old.exec(`INSERT INTO journal_entries (at, author, text) VALUES (1000, 'ana', 'scan planned');`);
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    try {
      expect(store.migration).toMatchObject({ from: 60, applied: expect.arrayContaining(['70-security']) });
      expect(store.journal.list({ limit: 10 })).toEqual([{ id: 1, at: 1000, author: 'ana', text: 'scan planned' }]);
      expect(store.security.hasScans()).toBe(false);
      expect(store.security.openCounts(now())).toEqual({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
      const [imported] = store.security.importScans(
        [
          {
            scope: 'bandit @ /srv',
            tools: [{ tool: 'bandit', version: '1.7.10' }],
            format: 'bandit',
            sourceFile: 'bandit.json',
            scanRoot: '/srv',
            actor: 'ana',
            startedAt: 2000,
            finishedAt: 2000,
            warnings: [],
            findings: [],
          },
        ],
        2000,
      );
      expect(imported!.scan).toMatchObject({ id: 1, status: 'ok', counts: { total: 0 } });
      expect(store.security.hasScans()).toBe(true);
    } finally {
      store.close();
    }
  });
});
