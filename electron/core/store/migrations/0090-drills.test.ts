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

describe('migration 90 (drills)', () => {
  it('keeps the action runs of a version-60 database, and drill runs and test reports refer to them', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const path = join(dir.path, DATABASE_FILE);
    const old = openDatabase(path);
    migrate(old, migrations.filter((m) => m.version <= 60), now);
    expect(old.pragma('user_version', { simple: true })).toBe(60);
    old.exec(`
      INSERT INTO action_runs (action_id, environment, params, dry_run, actor, state, requested_at, started_at, ended_at, exit_code)
        VALUES ('post-deploy-validate', 'rehearsal', '{}', 0, 'ana', 'succeeded', 4000, 4100, 4200, 0);
    `);
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 60, applied: expect.arrayContaining(['90-drills']) });
    expect(store.actionRuns.get(1)).toMatchObject({ actionId: 'post-deploy-validate', state: 'succeeded' });

    const report = store.testReports.record({ actionRunId: 1, file: 'report.xml', readAt: 4300, problem: null, tests: 3, passed: 2, failed: 1, errors: 0, skipped: 0, failing: [{ name: 'api › creates a goal', kind: 'failure', message: 'expected 201' }] });
    expect(store.testReports.latest({ actionId: 'post-deploy-validate', environment: 'rehearsal', since: 4000 })).toEqual({ report, environment: 'rehearsal', finishedAt: 4200 });
    expect(store.testReports.latest({ actionId: 'post-deploy-validate', environment: 'rehearsal', since: 4301 })).toBeNull();

    const run = store.drillRuns.create({ drillId: 'dry-run-rollback', label: 'Dry-run rollback', environment: 'rehearsal', actor: 'ana', startedAt: 5000, steps: [{ name: 'Validate again', kind: 'action', recovery: false, prompt: null }] });
    store.drillRuns.step(run.id, 0, { state: 'passed', startedAt: 5000, endedAt: 5100, actionRunId: 1, detail: 'ok' });
    const ended = store.drillRuns.end(run.id, { state: 'passed', endedAt: 5200, verdict: 'passed: 1 steps in 0 s', stoppedAt: null });
    expect(ended.steps[0]).toMatchObject({ actionRunId: 1, testReport: { failed: 1 } });
    expect(store.drillRuns.lastPassed('dry-run-rollback', 'rehearsal', 5200)).toEqual({ runId: run.id, finishedAt: 5200, environment: 'rehearsal' });
    expect(() => store.drillRuns.end(run.id, { state: 'failed', endedAt: 5300, verdict: 'again', stoppedAt: null })).toThrow(/is not running \(passed\)/);
    store.close();

    const db = openDatabase(path);
    db.pragma('foreign_keys = ON');
    expect(() => db.prepare("INSERT INTO drill_run_steps (run_id, idx, name, kind, recovery, state) VALUES (999, 0, 'x', 'action', 0, 'pending')").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO drill_runs (drill_id, label, environment, actor, state, started_at) VALUES ('d', 'D', 'e', 'a', 'sleeping', 1)").run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
