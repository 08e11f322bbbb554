import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db.js';
import type { WritableDb } from '../db.js';
import { migrate } from '../migrate.js';
import { migrations } from '../migrations/index.js';
import { createActionRunsRepo } from './action-runs-repo.js';
import { HOT_QUERIES, createRunbookProgressRepo } from './runbook-progress-repo.js';

function freshDb(): WritableDb {
  const db = openDatabase(':memory:');
  migrate(db, migrations, () => 0);
  return db;
}

describe('runbook progress repo', () => {
  it('keeps every tick and untick, and reports the latest mark of each step', () => {
    const db = freshDb();
    const runs = createActionRunsRepo(db);
    const repo = createRunbookProgressRepo(db);
    const run = runs.create({ actionId: 'restart', environment: 'staging', params: {}, dryRun: false, actor: 'bob', requestedAt: 1500, state: 'running' });
    repo.record({ runbookId: 'api-down', step: 0, done: true, by: 'ana', at: 1000 });
    repo.record({ runbookId: 'api-down', step: 1, done: true, by: 'bob', at: 2000, runId: run.id });
    repo.record({ runbookId: 'api-down', step: 0, done: false, by: 'bob', at: 3000 });
    repo.record({ runbookId: 'db-slow', step: 0, done: true, by: 'carol', at: 3500 });
    repo.record({ runbookId: 'api-down', step: 0, done: true, by: 'ana', at: 4000 });

    expect(repo.state('api-down')).toEqual([
      { runbookId: 'api-down', step: 0, done: true, by: 'ana', at: 4000, runId: null },
      { runbookId: 'api-down', step: 1, done: true, by: 'bob', at: 2000, runId: run.id },
    ]);
    expect(repo.history('api-down').map((m) => [m.step, m.done, m.by, m.at])).toEqual([
      [0, true, 'ana', 1000],
      [1, true, 'bob', 2000],
      [0, false, 'bob', 3000],
      [0, true, 'ana', 4000],
    ]);
    expect(repo.state('unknown')).toEqual([]);
  });

  it('reads one runbook through its index', () => {
    const db = freshDb();
    for (const sql of Object.values(HOT_QUERIES)) {
      const detail = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('r') as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(detail).toMatch(/USING INDEX runbook_progress_runbook_step \(runbook_id=\?\)/);
    }
  });
});
