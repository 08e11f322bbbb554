import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db.js';
import type { WritableDb } from '../db.js';
import { migrate } from '../migrate.js';
import { migrations } from '../migrations/index.js';
import { HOT_QUERIES } from './board-evidence-reader.js';
import { HOT_QUERIES as SESSION_QUERIES } from './core-sessions-repo.js';

function freshDb(): WritableDb {
  const db = openDatabase(':memory:');
  migrate(db, migrations, () => 0);
  return db;
}

/** The plan of a query, positional and named parameters bound to 1. */
function plan(db: WritableDb, sql: string): string {
  const named = [...sql.matchAll(/@(\w+)/g)].map((m) => m[1]!);
  const params: unknown[] = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 1);
  if (named.length > 0) params.push(Object.fromEntries(named.map((name) => [name, 1])));
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('\n');
}

describe('board evidence queries', () => {
  it('each reads through an index, never the whole table', () => {
    const db = freshDb();
    for (const sql of [...Object.values(HOT_QUERIES), ...Object.values(SESSION_QUERIES)]) {
      const detail = plan(db, sql);
      expect(detail, sql).toMatch(/^SEARCH \w+ USING (COVERING )?INDEX/m);
      expect(detail, sql).not.toMatch(/^SCAN /m);
    }
  });

  it('reads one environment’s probe evidence and sessions as one index range, the environment first', () => {
    const db = freshDb();
    expect(plan(db, HOT_QUERIES.lastResultAt)).toMatch(/USING COVERING INDEX probe_results_env_service_at \(environment=\? AND service=\? AND at<\?\)/);
    expect(plan(db, HOT_QUERIES.statusAt)).toMatch(/USING INDEX health_transitions_latest \(environment=\? AND service=\? AND probe_id=\? AND at<\?\)/);
    expect(plan(db, HOT_QUERIES.statusChanges)).toMatch(/USING INDEX health_transitions_env_service_at \(environment=\? AND service=\? AND at>\? AND at<\?\)/);
    expect(plan(db, HOT_QUERIES.sessions)).toMatch(/USING INDEX core_sessions_env_started_at \(environment=\? AND started_at<\?\)/);
    expect(plan(db, SESSION_QUERIES.overlapping)).toMatch(/USING INDEX core_sessions_env_started_at \(environment=\? AND started_at<\?\)/);
    for (const sql of [HOT_QUERIES.lastResultAt, HOT_QUERIES.statusAt, HOT_QUERIES.statusChanges, HOT_QUERIES.sessions, SESSION_QUERIES.overlapping]) {
      expect(plan(db, sql), sql).not.toMatch(/TEMP B-TREE/);
    }
  });
});
