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

describe('migration 160 (plan task links)', () => {
  it('keeps a version-135 plan, its links counted from when their task was added, and reads links as of a time', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const path = join(dir.path, DATABASE_FILE);
    const old = openDatabase(path);
    migrate(old, migrations.filter((m) => m.version <= 135), now);
    old.exec(`
      INSERT INTO plan_imports (id, at, actor, file_name, sha256, source, sections, result) VALUES (1, 1000, 'ana', 'plan.md', 'x', '', '[]', '{}');
      INSERT INTO plan_tasks (key, path, text, parent_key, depth, position, owners, criterion_id, deliverable, notes, commands, day, state, first_import_id, last_import_id, added_at)
        VALUES ('D › a', '["D"]', 'a', NULL, 0, 0, '[]', 'on-call', NULL, '[]', '[]', NULL, 'open', 1, 1, 1000),
               ('D › b', '["D"]', 'b', NULL, 0, 1, '[]', NULL, NULL, '[]', '[]', NULL, 'open', 1, 1, 1000);
      INSERT INTO plan_task_events (task_key, at, actor, state, source) VALUES ('D › a', 2000, 'lee', 'done', 'operator');
    `);
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 135, applied: expect.arrayContaining(['160-plan-task-links']) });
    expect(store.plan.linkedTasksAt('on-call', 999)).toEqual([]);
    expect(store.plan.linkedTasksAt('on-call', 2000)).toEqual([{ key: 'D › a', text: 'a', done: true, by: 'lee', at: 2000, evidence: null }]);

    // Relinked later: before the change the board still reads the old link.
    store.plan.setCriterion('D › a', 'monitoring', 'dana', 3000);
    store.plan.setCriterion('D › b', 'on-call', 'dana', 3000);
    expect(store.plan.linkedTasksAt('on-call', 2999).map((t) => t.key)).toEqual(['D › a']);
    expect(store.plan.linkedTasksAt('on-call', 3000).map((t) => t.key)).toEqual(['D › b']);
    expect(store.plan.linkedTasksAt('monitoring', 3000).map((t) => t.key)).toEqual(['D › a']);
    store.plan.setCriterion('D › a', null, 'dana', 4000);
    expect(store.plan.linkedTasksAt('monitoring', 4000)).toEqual([]);
    expect(store.plan.linkedTasksAt('monitoring', 3999).map((t) => t.key)).toEqual(['D › a']);
    store.close();

    const db = openDatabase(path);
    expect(db.prepare('SELECT task_key, at, actor, criterion_id, source FROM plan_task_links ORDER BY id').all()).toEqual([
      { task_key: 'D › a', at: 1000, actor: 'ana', criterion_id: 'on-call', source: 'import' },
      { task_key: 'D › a', at: 3000, actor: 'dana', criterion_id: 'monitoring', source: 'operator' },
      { task_key: 'D › b', at: 3000, actor: 'dana', criterion_id: 'on-call', source: 'operator' },
      { task_key: 'D › a', at: 4000, actor: 'dana', criterion_id: null, source: 'operator' },
    ]);
    expect(() => db.prepare("INSERT INTO plan_task_links (task_key, at, actor, source) VALUES ('D › a', 1, 'a', 'guess')").run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
