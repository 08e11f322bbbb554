/** For tests that check a query reads through an index: a migrated empty database and a query's plan. */
import { openDatabase } from '../db.js';
import type { WritableDb } from '../db.js';
import { migrate } from '../migrate.js';
import { migrations } from '../migrations/index.js';

/** An in-memory database with every migration applied. */
export function freshDb(): WritableDb {
  const db = openDatabase(':memory:');
  migrate(db, migrations, () => 0);
  return db;
}

/**
 * EXPLAIN QUERY PLAN of `sql`, its lines joined; positional parameters bound to 1, named ones
 * (`@name`) to `valueOf(name)` (1 by default: some plans depend on a value's type).
 */
export function queryPlan(db: WritableDb, sql: string, valueOf: (name: string) => unknown = () => 1): string {
  const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]!))];
  const params: unknown[] = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 1);
  if (named.length > 0) params.push(Object.fromEntries(named.map((name) => [name, valueOf(name)])));
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('\n');
}
