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

describe('migration 120 (load suites)', () => {
  it('keeps the load runs of a version-90 database; suites, baselines and exceptions refer to them', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const path = join(dir.path, DATABASE_FILE);
    const old = openDatabase(path);
    migrate(old, migrations.filter((m) => m.version <= 90), now);
    old.exec(`
      INSERT INTO load_runs (profile, scenario, environment, base_url, actor, model, state, started_at, ended_at, planned_ms)
        VALUES ('light', 'api', 'rehearsal', 'http://127.0.0.1:8009', 'ana', 'closed', 'passed', 1000, 2000, 1000);
    `);
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 90, applied: expect.arrayContaining(['120-load-suites']) });
    expect(store.loadRuns.get(1)).toMatchObject({ profile: 'light', state: 'passed' });
    const suite = store.loadSuites.create({ suite: 'baseline', title: 'Baseline', environment: 'rehearsal', actor: 'ana', onFailure: 'stop', plan: [{ profile: 'light', plannedMs: 1000 }, { profile: 'normal', plannedMs: 2000 }], startedAt: 1000 });
    expect(suite).toMatchObject({ state: 'running', plannedMs: 3000 });
    store.loadSuites.addMember(suite.id, 0, 1);
    expect(store.loadSuites.markInterrupted(3000)).toMatchObject([{ id: suite.id, state: 'interrupted', stoppedOn: 'light', endedAt: 3000 }]);
    expect(() => store.loadSuites.end(suite.id, 'completed', 4000, null)).toThrow(/cannot be ended: it is interrupted/);
    expect(store.loadSuites.reopen(suite.id)).toMatchObject({ state: 'running', stoppedOn: null });

    store.loadSuites.markBaseline({ profile: 'light', environment: 'rehearsal', runId: 1, actor: 'ana', markedAt: 5000 });
    expect(store.loadSuites.baselineOf('light', 'rehearsal', 4999)).toBeNull();
    expect(store.loadSuites.baselines('rehearsal', 5000)).toEqual([{ profile: 'light', environment: 'rehearsal', runId: 1, actor: 'ana', markedAt: 5000 }]);

    const exception = store.loadSuites.addException({ runId: 1, expression: 'p(95) < 500', endpoint: null, reason: 'known', owner: 'bo', expiresAt: 9000, actor: 'ana', createdAt: 6000 });
    expect(store.loadSuites.exceptionsOf([1])).toEqual([exception]);
    // An exception that expires before it is made, or names no load run, is refused.
    expect(() => store.loadSuites.addException({ ...exception, createdAt: 9000 })).toThrow(/CHECK constraint/);
    expect(() => store.loadSuites.addException({ ...exception, runId: 99 })).toThrow(/FOREIGN KEY/);
    store.close();
  });
});
