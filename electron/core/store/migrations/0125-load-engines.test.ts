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

describe('migration 125 (load engines)', () => {
  it('keeps the load runs of a version-90 database as the built-in engine’s, and stores a Locust run beside them', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const path = join(dir.path, DATABASE_FILE);
    const old = openDatabase(path);
    migrate(old, migrations.filter((m) => m.version <= 90), now);
    old.exec(`INSERT INTO load_runs (profile, scenario, environment, base_url, actor, model, state, started_at, planned_ms)
      VALUES ('smoke', 'goals', 'staging', 'http://x', 'ana', 'closed', 'running', 1000, 5000)`);
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 90, applied: expect.arrayContaining(['125-load-engines']) });
    expect(store.loadRuns.get(1)).toMatchObject({ profile: 'smoke', engine: 'builtin', engineDetail: null });
    const detail = { version: '2.12.1', command: 'locust -f x.py', workers: 2, workerCommand: 'locust --worker', source: 'run' as const, files: ['/tmp/locust_stats.csv'], notes: ['bucketed'] };
    const run = store.loadRuns.create({ profile: 'locust', scenario: 'x.py', environment: 'staging', baseUrl: 'http://x', actor: 'ana', model: 'closed', plannedMs: 1, startedAt: 2000, engine: 'locust', engineDetail: detail });
    expect(store.loadRuns.get(run.id)).toMatchObject({ engine: 'locust', engineDetail: detail });
    store.close();

    const db = openDatabase(path);
    expect(() => db.prepare("UPDATE load_runs SET engine = 'jmeter' WHERE id = 1").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE load_runs SET engine_detail = '{oops' WHERE id = 1").run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
