import Database from 'better-sqlite3';
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

describe('migration 60 (run processes)', () => {
  it('keeps the runs, runbook steps and audit trail of a version-50 database and adds the process columns and states', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const path = join(dir.path, DATABASE_FILE);
    const old = openDatabase(path);
    migrate(old, migrations.filter((m) => m.version <= 50), now);
    expect(old.pragma('user_version', { simple: true })).toBe(50);
    old.exec(`
      INSERT INTO action_runs (action_id, environment, target, params, dry_run, actor, state, requested_at, started_at, ended_at, exit_code, output, output_bytes, output_digest, health_restored)
        VALUES ('rollback', 'staging', 'api', '{"service":"api"}', 0, 'ana', 'succeeded', 4000, 4100, 4200, 0, X'6f6b', 2, 'abc', 1);
      INSERT INTO action_runs (action_id, environment, target, params, dry_run, actor, state, requested_at, started_at)
        VALUES ('deploy', 'staging', 'web', '{}', 0, 'bo', 'running', 5000, 5100);
      INSERT INTO runbook_progress (runbook_id, step, done, actor, at, run_id) VALUES ('api-down', 0, 1, 'ana', 4100, 1);
    `);
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 50, applied: expect.arrayContaining(['60-run-processes']) });
    expect(store.actionRuns.get(1)).toMatchObject({ actionId: 'rollback', state: 'succeeded', exitCode: 0, healthRestored: true, pid: null, recoveredAt: null });
    expect(store.actionRuns.output(1)?.toString()).toBe('ok');
    expect(store.actionRuns.get(2)).toMatchObject({ actionId: 'deploy', state: 'running', pid: null });
    expect(store.actionRuns.processOf(2)).toBeNull();
    expect(store.actionRuns.activeCount('deploy', 'web')).toBe(1);
    expect(store.runbookProgress.history('api-down')).toHaveLength(1);

    store.actionRuns.spawned(2, { pid: 4242, pgid: 4242, leaderStartTicks: 777, marker: 'm-1' });
    expect(store.actionRuns.processOf(2)).toEqual({ pid: 4242, pgid: 4242, leaderStartTicks: 777, marker: 'm-1' });
    store.close();

    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    // The rebuilt table still answers the foreign key of runbook_progress, and takes the new states.
    expect(db.prepare("SELECT \"table\" FROM pragma_foreign_key_list('runbook_progress')").pluck().all()).toEqual(['action_runs']);
    expect(() => db.prepare("INSERT INTO runbook_progress (runbook_id, step, done, actor, at, run_id) VALUES ('x', 0, 1, 'ana', 1, 99)").run()).toThrow(
      /FOREIGN KEY constraint/,
    );
    const insert = db.prepare("INSERT INTO action_runs (action_id, environment, params, dry_run, actor, state, requested_at) VALUES ('a', 's', '{}', 0, 'ana', ?, 1)");
    for (const state of ['verifying', 'exit_unknown']) insert.run(state);
    expect(() => insert.run('sleeping')).toThrow(/CHECK constraint/);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'action_runs' ORDER BY name").pluck().all();
    expect(indexes).toEqual(['action_runs_action_requested_at', 'action_runs_requested_at', 'action_runs_state']);
    db.close();
  });
});
