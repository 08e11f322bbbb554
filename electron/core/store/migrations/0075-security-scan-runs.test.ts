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

describe('migration 75 (security scan runs)', () => {
  it('keeps the register of a version-70 database and adds scan runs that end once', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const old = openDatabase(join(dir.path, DATABASE_FILE));
    migrate(old, migrations.filter((m) => m.version <= 70), now);
    old.exec(`INSERT INTO security_scans (scope, tools, format, source_file, scan_root, actor, started_at, finished_at, status, error, warnings,
      new_count, fixed_count, unchanged_count, reopened_count, total_count)
      VALUES ('bandit @ /srv', '[]', 'bandit', 'bandit.json', '/srv', 'ana', 1000, 1000, 'ok', NULL, '[]', 0, 0, 0, 0, 0)`);
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    try {
      expect(store.migration).toMatchObject({ from: 70, applied: expect.arrayContaining(['75-security-scan-runs']) });
      expect(store.security.getScan(1)).toMatchObject({ scope: 'bandit @ /srv', status: 'ok' });
      const run = store.scanRuns.start({ scannerId: 'bandit', environment: 'rehearsal', actor: 'ana', startedAt: 2000 });
      expect(run).toMatchObject({ id: 1, status: 'running', phase: 'scanning', endedAt: null, scanIds: [] });
      const end = { status: 'ok' as const, endedAt: 3000, exitCode: 1, signal: null, reason: 'exit code 1', reports: ['stdout'], scanIds: [1], counts: { new: 0, fixed: 0, unchanged: 0, reopened: 0 }, output: Buffer.from('done\n'), outputBytes: 5, truncated: false, digest: 'd' };
      expect(store.scanRuns.finish(1, end)).toMatchObject({ status: 'ok', phase: 'ended', endedAt: 3000, scanIds: [1] });
      // Ends once: a second end leaves the first as stored.
      expect(store.scanRuns.finish(1, { ...end, status: 'failed', reason: 'late' })).toMatchObject({ status: 'ok', reason: 'exit code 1' });
      expect(store.scanRuns.output(1)).toBe('done\n');
      store.scanRuns.start({ scannerId: 'eslint', environment: 'rehearsal', actor: 'ana', startedAt: 4000 });
      expect(store.scanRuns.endInterrupted(5000)).toBe(1);
      expect(store.scanRuns.list({ limit: 10 }).map((r) => [r.scannerId, r.status, r.reason])).toEqual([
        ['eslint', 'failed', 'interrupted: Warroom stopped while the scan ran'],
        ['bandit', 'ok', 'exit code 1'],
      ]);
    } finally {
      store.close();
    }
  });
});
