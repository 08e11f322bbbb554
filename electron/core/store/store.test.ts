import Database from 'better-sqlite3';
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import { openDatabase } from './db.js';
import { DatabaseFromFutureError, migrate } from './migrate.js';
import { migrations } from './migrations/index.js';
import type { Migration } from './migrations/index.js';
import { DATABASE_FILE, openStore } from './store.js';

const now = () => 1_700_000_000_000;
const temps: { remove(): void }[] = [];
function tempDir(): string {
  const dir = makeTempDir();
  temps.push(dir);
  return dir.path;
}
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

describe('openStore', () => {
  it('creates the data directory and a WAL database at the latest schema version', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = openStore({ dataDir, now });
    store.close();
    const db = new Database(join(dataDir, DATABASE_FILE));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([
      { version: 10, name: 'initial' },
      { version: 20, name: 'rehearsal-log' },
      { version: 30, name: 'probes' },
      { version: 40, name: 'actions' },
      { version: 50, name: 'load' },
      { version: 60, name: 'run-processes' },
      { version: 70, name: 'security' },
      { version: 75, name: 'security-scan-runs' },
      { version: 80, name: 'board' },
      { version: 85, name: 'meeting' },
      { version: 90, name: 'drills' },
      { version: 100, name: 'plan' },
      { version: 105, name: 'risks' },
      { version: 110, name: 'reports' },
      { version: 120, name: 'load-suites' },
      { version: 125, name: 'load-engines' },
      { version: 130, name: 'resource-samples' },
      { version: 135, name: 'alerts' },
      { version: 150, name: 'load-exception-withdrawals' },
      { version: 160, name: 'plan-task-links' },
      { version: 170, name: 'probe-environments' },
    ]);
    db.close();
  });

  it('creates the data directory, the database and its WAL files readable by the owner only', () => {
    const dataDir = join(tempDir(), 'fresh');
    const store = openStore({ dataDir, now });
    store.journal.add({ at: 1000, author: 'ana', text: 'a write, so the -wal and -shm files exist' });
    const modeOf = (name: string) => statSync(join(dataDir, name)).mode & 0o777;
    expect(modeOf('')).toBe(0o700);
    expect([DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`].map(modeOf)).toEqual([0o600, 0o600, 0o600]);
    store.close();
  });

  it('tightens the files of an existing data directory to owner only', () => {
    const dataDir = tempDir();
    const file = join(dataDir, DATABASE_FILE);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)');
    for (const name of [file, `${file}-wal`, `${file}-shm`]) chmodSync(name, 0o644);
    const store = openStore({ dataDir, now });
    expect([file, `${file}-wal`, `${file}-shm`].map((name) => statSync(name).mode & 0o777)).toEqual([0o600, 0o600, 0o600]);
    store.close();
    db.close();
  });

  it('keeps what was stored across a reopen and migrates nothing twice', () => {
    const dataDir = tempDir();
    const first = openStore({ dataDir, now });
    first.journal.add({ at: 1000, author: 'ana', text: 'deploy started' });
    first.close();
    const second = openStore({ dataDir, now });
    expect(second.migration.applied).toEqual([]);
    expect(second.journal.list({ limit: 10 })).toEqual([{ id: 1, at: 1000, author: 'ana', text: 'deploy started' }]);
    second.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.pragma('user_version = 9990');
    db.exec('CREATE TABLE from_the_future (x INTEGER)');
    db.close();
    const file = join(dataDir, DATABASE_FILE);
    const bytes = readFileSync(file);
    expect(() => openStore({ dataDir, now })).toThrow(DatabaseFromFutureError);
    expect(() => openStore({ dataDir, now })).toThrow(new RegExp(`schema version 9990, written by a newer Warroom; this version knows up to ${migrations.at(-1)!.version}`));
    // "Nothing was changed", byte for byte: not even the header's journal mode (WAL is set only after the check).
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(dataDir).sort()).toEqual([DATABASE_FILE]);
    const after = new Database(join(dataDir, DATABASE_FILE));
    expect(after.pragma('user_version', { simple: true })).toBe(9990);
    expect(after.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'journal_entries'").get()).toEqual({ n: 0 });
    after.close();
  });
});

describe('migrate', () => {
  it('rolls back a failing step entirely and keeps the earlier ones', () => {
    const db = openDatabase(':memory:');
    const broken: Migration = {
      version: 990,
      name: 'broken',
      up(handle) {
        handle.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...migrations, broken], now)).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses migrations listed out of order', () => {
    const db = openDatabase(':memory:');
    const early: Migration = { version: 5, name: 'early', up: () => {} };
    expect(() => migrate(db, [...migrations, early], now)).toThrow(/out of order/);
    db.close();
  });
});

describe('journal queries', () => {
  it('answers a time range newest first through the at index', () => {
    const store = openStore({ dataDir: ':memory:', now });
    for (let i = 0; i < 50; i += 1) store.journal.add({ at: 1000 + i * 10, author: 'op', text: `note ${i}` });
    const page = store.journal.list({ sinceAt: 1100, untilAt: 1200, limit: 5 });
    expect(page.map((e) => e.at)).toEqual([1190, 1180, 1170, 1160, 1150]);
    store.close();

    const db = openDatabase(':memory:');
    migrate(db, migrations, now);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT id, at, author, text FROM journal_entries WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?')
      .all(0, 1, 1) as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING INDEX journal_entries_at/);
    db.close();
  });
});
