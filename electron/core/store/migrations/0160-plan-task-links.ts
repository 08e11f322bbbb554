import type { Migration } from './types.js';

/**
 * Links of plan tasks to board criteria as a history (issue 11): the board reads "tasks linked to
 * a criterion as of t", so a link made or removed now must not change what the board said before.
 * Each row is the link a task had from `at` on (criterion_id null: unlinked), made by an import (a
 * `criterion:` marker) or by an operator. Links that existed before this migration had no time of
 * their own: they count from when their task was added, the best the store knows.
 */
export const planTaskLinks: Migration = {
  version: 160,
  name: 'plan-task-links',
  up(db) {
    db.exec(`
      CREATE TABLE plan_task_links (
        id            INTEGER PRIMARY KEY,
        task_key      TEXT    NOT NULL REFERENCES plan_tasks (key),
        at            INTEGER NOT NULL,
        actor         TEXT    NOT NULL,
        criterion_id  TEXT,
        source        TEXT    NOT NULL CHECK (source IN ('import', 'operator'))
      );
      CREATE INDEX plan_task_links_task_at ON plan_task_links (task_key, at);
      CREATE INDEX plan_task_links_criterion ON plan_task_links (criterion_id, task_key) WHERE criterion_id IS NOT NULL;

      INSERT INTO plan_task_links (task_key, at, actor, criterion_id, source)
        SELECT t.key, t.added_at, i.actor, t.criterion_id, 'import'
        FROM plan_tasks t JOIN plan_imports i ON i.id = t.first_import_id
        WHERE t.criterion_id IS NOT NULL;
    `);
  },
};
