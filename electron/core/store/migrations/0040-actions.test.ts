import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.js';
import { openDatabase } from '../db.js';
import { migrate } from '../migrate.js';
import { AUDIT_HEAD_FILE, DATABASE_FILE, openStore } from '../store.js';
import { migrations } from './index.js';

const now = () => 1_700_000_000_000;
const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

describe('migration 40 (actions)', () => {
  it('keeps the data of a version-30 database and adds the action, audit and runbook tables', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const path = join(dir.path, DATABASE_FILE);
    const old = openDatabase(path);
    migrate(old, migrations.filter((m) => m.version <= 30), now);
    expect(old.pragma('user_version', { simple: true })).toBe(30);
    old.exec(`
      INSERT INTO journal_entries (at, author, text) VALUES (1000, 'ana', 'go for launch');
      INSERT INTO probe_results (probe_id, service, at, outcome, latency_ms, detail) VALUES ('api/live', 'api', 3000, 0, 12.5, 'HTTP 200');
      INSERT INTO health_transitions (service, probe_id, at, from_status, to_status, reason) VALUES ('api', NULL, 3000, 'unknown', 'up', 'first check');
      INSERT INTO service_mutes (service, muted, changed_at) VALUES ('search', 1, 2500);
    `);
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    // Later steps follow on an open; this test is about the step to 40.
    expect(store.migration).toMatchObject({ from: 30, applied: expect.arrayContaining(['40-actions']) });
    expect(store.journal.list({ limit: 10 })).toEqual([{ id: 1, at: 1000, author: 'ana', text: 'go for launch' }]);
    // Probe rows kept; since migration 170 they belong to no environment (checked below).
    expect(store.probeResults.firstAtOrAfter(0)).toBe(3000);
    expect(store.serviceMutes.list()).toEqual([{ service: 'search', muted: true, changedAt: 2500 }]);
    const run = store.actionRuns.create({
      actionId: 'rollback',
      environment: 'staging',
      params: { service: 'api' },
      dryRun: false,
      actor: 'ana',
      requestedAt: 4000,
      state: 'running',
    });
    store.runbookProgress.record({ runbookId: 'api-down', step: 0, done: true, by: 'ana', at: 4000, runId: run.id });
    expect(store.audit.append({ actor: 'ana', event: 'requested', actionId: 'rollback', runId: run.id }).seq).toBe(1);
    expect(store.audit.verify()).toMatchObject({ ok: true, entries: 1 });
    expect(existsSync(join(dir.path, AUDIT_HEAD_FILE))).toBe(true);
    store.close();

    const db = new Database(path, { readonly: true });
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY name").pluck().all();
    expect(names).toEqual(
      expect.arrayContaining(['action_runs', 'audit_log', 'runbook_progress', 'audit_log_no_update', 'audit_log_no_delete', 'audit_log_chained']),
    );
    expect(db.prepare('SELECT service, environment FROM health_transitions').all()).toEqual([{ service: 'api', environment: null }]);
    db.close();
  });

  it('refuses rows that break the states, the flags or the JSON columns', () => {
    const db = openDatabase(':memory:');
    migrate(db, migrations, now);
    const insert = db.prepare(
      `INSERT INTO action_runs (action_id, environment, params, dry_run, actor, state, requested_at) VALUES ('a', 'prod', ?, ?, 'ana', ?, 1)`,
    );
    expect(() => insert.run('{}', 0, 'paused')).toThrow(/CHECK constraint/);
    expect(() => insert.run('{}', 2, 'running')).toThrow(/CHECK constraint/);
    expect(() => insert.run('not json', 0, 'running')).toThrow(/CHECK constraint/);
    expect(() =>
      db.prepare("INSERT INTO runbook_progress (runbook_id, step, done, actor, at, run_id) VALUES ('r', 0, 1, 'ana', 1, 99)").run(),
    ).toThrow(/FOREIGN KEY constraint/);
    db.close();
  });

  it('refuses to update or delete audit entries and to insert one out of sequence', () => {
    const db = openDatabase(':memory:');
    migrate(db, migrations, now);
    const insert = db.prepare(
      "INSERT INTO audit_log (seq, at, actor, event, detail, prev_hash, hash) VALUES (?, 1, 'ana', 'requested', '{}', ?, ?)",
    );
    insert.run(1, '0'.repeat(64), 'a'.repeat(64));
    expect(() => db.prepare("UPDATE audit_log SET actor = 'eve' WHERE seq = 1").run()).toThrow('audit_log is append-only');
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow('audit_log is append-only');
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow('audit_log is append-only');
    expect(() => insert.run(3, 'a'.repeat(64), 'b'.repeat(64))).toThrow('audit_log entries must follow the last one');
    expect(() => insert.run(2, 'c'.repeat(64), 'b'.repeat(64))).toThrow('audit_log entries must follow the last one');
    expect(() => db.prepare("INSERT OR REPLACE INTO audit_log (seq, at, actor, event, detail, prev_hash, hash) VALUES (1, 1, 'eve', 'requested', '{}', ?, ?)").run('0'.repeat(64), 'e'.repeat(64))).toThrow();
    expect(db.prepare('SELECT seq, actor FROM audit_log').all()).toEqual([{ seq: 1, actor: 'ana' }]);
    db.close();
  });
});
