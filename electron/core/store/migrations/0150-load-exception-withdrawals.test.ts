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

describe('migration 150 (load exception withdrawals)', () => {
  it('keeps the exceptions of a version-135 database standing; a withdrawal ends one at its time, once', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const old = openDatabase(join(dir.path, DATABASE_FILE));
    migrate(old, migrations.filter((m) => m.version <= 135), now);
    old.exec(`
      INSERT INTO load_runs (profile, scenario, environment, base_url, actor, model, state, started_at, ended_at, planned_ms)
        VALUES ('light', 'api', 'rehearsal', 'http://127.0.0.1:8009', 'ana', 'closed', 'failed', 1000, 2000, 1000);
      INSERT INTO load_exceptions (run_id, expression, endpoint, reason, owner, expires_at, actor, created_at)
        VALUES (1, 'p(95) < 500', '', 'known', 'bo', 9000, 'ana', 3000);
    `);
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 135, applied: expect.arrayContaining(['150-load-exception-withdrawals']) });
    const [kept] = store.loadSuites.exceptionsOf([1]);
    expect(kept).toMatchObject({ id: 1, expression: 'p(95) < 500', endpoint: null, expiresAt: 9000, withdrawnAt: null, withdrawnBy: null });
    expect(store.loadSuites.withdrawException(1, 'lee', 5000)).toMatchObject({ withdrawnAt: 5000, withdrawnBy: 'lee' });
    expect(() => store.loadSuites.withdrawException(1, 'kim', 6000)).toThrow(/already withdrawn/);
    expect(store.loadSuites.getException(1)).toMatchObject({ withdrawnBy: 'lee' });
    store.close();
  });
});
