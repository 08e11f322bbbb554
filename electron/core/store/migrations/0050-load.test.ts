import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildLoadRun } from '../../load/report/testing/load-run-fixtures.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { openDatabase } from '../db.js';
import { migrate } from '../migrate.js';
import { DATABASE_FILE, openStore } from '../store.js';
import { migrations } from './index.js';

const now = () => 1_700_000_000_000;
const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

describe('migration 50 (load)', () => {
  it('keeps the data of a version-40 database and adds the load tables', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const path = join(dir.path, DATABASE_FILE);
    const old = openDatabase(path);
    migrate(old, migrations.filter((m) => m.version <= 40), now);
    expect(old.pragma('user_version', { simple: true })).toBe(40);
    old.exec(`
      INSERT INTO journal_entries (at, author, text) VALUES (1000, 'ana', 'go for launch');
      INSERT INTO probe_results (probe_id, service, at, outcome, latency_ms, detail) VALUES ('api/live', 'api', 3000, 0, 12.5, 'HTTP 200');
      INSERT INTO action_runs (action_id, environment, params, dry_run, actor, state, requested_at) VALUES ('rollback', 'staging', '{}', 0, 'ana', 'succeeded', 4000);
      INSERT INTO runbook_progress (runbook_id, step, done, actor, at, run_id) VALUES ('api-down', 0, 1, 'ana', 4100, 1);
    `);
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 40, applied: expect.arrayContaining(['50-load']) });
    expect(store.journal.list({ limit: 10 })).toEqual([{ id: 1, at: 1000, author: 'ana', text: 'go for launch' }]);
    // Kept; since migration 170 of no environment, so no environment's history reads it.
    expect(store.probeResults.firstAtOrAfter(0)).toBe(3000);
    expect(store.actionRuns.get(1)).toMatchObject({ actionId: 'rollback', state: 'succeeded' });
    expect(store.runbookProgress.history('api-down')).toHaveLength(1);

    const { ticks, summary } = buildLoadRun({ seconds: 3, rps: 20 });
    const run = store.loadRuns.create({
      profile: 'smoke',
      scenario: 'goals',
      environment: 'staging',
      baseUrl: 'http://127.0.0.1:4010',
      actor: 'ana',
      model: 'closed',
      plannedMs: 3000,
      startedAt: 5000,
    });
    ticks.forEach((tick) => store.loadRuns.addTick(run.id, tick, 5000 + tick.elapsedMs));
    expect(store.loadRuns.finish(run.id, summary, 9000).state).toBe(summary.outcome);
    store.close();

    const db = new Database(path, { readonly: true });
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name").pluck().all();
    expect(names).toEqual(
      expect.arrayContaining(['load_runs', 'load_ticks', 'load_endpoint_stats', 'load_runs_started_at', 'load_runs_profile_started_at']),
    );
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'load_ticks'").pluck().get()).toMatch(/WITHOUT ROWID/);
    expect(db.prepare('SELECT count(*) FROM load_ticks').pluck().get()).toBe(3);
    db.close();
  });

  it('refuses rows that break the states, the JSON columns or the run they belong to', () => {
    const db = openDatabase(':memory:');
    migrate(db, migrations, now);
    const insert = db.prepare(
      `INSERT INTO load_runs (profile, scenario, environment, base_url, actor, model, state, started_at, planned_ms, summary)
       VALUES ('smoke', 'goals', 'staging', 'http://x', 'ana', ?, ?, 1, 1000, ?)`,
    );
    expect(() => insert.run('closed', 'paused', null)).toThrow(/CHECK constraint/);
    expect(() => insert.run('burst', 'running', null)).toThrow(/CHECK constraint/);
    expect(() => insert.run('closed', 'passed', 'not json')).toThrow(/CHECK constraint/);
    insert.run('open', 'running', null);
    const tick = db.prepare(
      `INSERT INTO load_ticks (run_id, second, at, requests, rps, p50_ms, p90_ms, p95_ms, p99_ms, max_ms, error_count, active_users, tick)
       VALUES (?, ?, 1000, 10, 10, 1, 2, 3, 4, 5, 0, 1, ?)`,
    );
    expect(() => tick.run(99, 1, '{}')).toThrow(/FOREIGN KEY constraint/);
    expect(() => tick.run(1, 0, '{}')).toThrow(/CHECK constraint/);
    expect(() => tick.run(1, 1, '{oops')).toThrow(/CHECK constraint/);
    tick.run(1, 1, '{}');
    expect(() => tick.run(1, 1, '{}')).toThrow(/UNIQUE constraint|PRIMARY KEY/);
    db.close();
  });
});
