import type { Migration } from './types.js';

/**
 * The launch plan (issue 11): each import with its Markdown and its sections (kept whole: the
 * evidence of what the plan said when), the tasks by their stable key (heading path + text) with
 * their current state, and every state change of a task with who and when, so "done as of t" is
 * answered from the store. A task no longer in the file is kept, marked removed.
 */
export const plan: Migration = {
  version: 100,
  name: 'plan',
  up(db) {
    db.exec(`
      CREATE TABLE plan_imports (
        id         INTEGER PRIMARY KEY,
        at         INTEGER NOT NULL,
        actor      TEXT    NOT NULL,
        file_name  TEXT    NOT NULL,
        sha256     TEXT    NOT NULL,
        source     TEXT    NOT NULL,
        sections   TEXT    NOT NULL CHECK (json_valid(sections)),
        result     TEXT    NOT NULL CHECK (json_valid(result))
      );
      CREATE INDEX plan_imports_at ON plan_imports (at);

      CREATE TABLE plan_tasks (
        key              TEXT    PRIMARY KEY,
        path             TEXT    NOT NULL CHECK (json_valid(path)),
        text             TEXT    NOT NULL,
        parent_key       TEXT,
        depth            INTEGER NOT NULL,
        position         INTEGER NOT NULL,
        owners           TEXT    NOT NULL CHECK (json_valid(owners)),
        criterion_id     TEXT,
        deliverable      TEXT,
        notes            TEXT    NOT NULL CHECK (json_valid(notes)),
        commands         TEXT    NOT NULL CHECK (json_valid(commands)),
        day              TEXT,
        state            TEXT    NOT NULL CHECK (state IN ('open', 'done', 'blocked')),
        state_by         TEXT,
        state_at         INTEGER,
        reason           TEXT,
        evidence         TEXT    CHECK (evidence IS NULL OR json_valid(evidence)),
        first_import_id  INTEGER NOT NULL REFERENCES plan_imports (id),
        last_import_id   INTEGER NOT NULL REFERENCES plan_imports (id),
        added_at         INTEGER NOT NULL,
        removed_at       INTEGER
      ) WITHOUT ROWID;
      CREATE INDEX plan_tasks_criterion ON plan_tasks (criterion_id) WHERE criterion_id IS NOT NULL;
      CREATE INDEX plan_tasks_day ON plan_tasks (day);

      CREATE TABLE plan_task_events (
        id        INTEGER PRIMARY KEY,
        task_key  TEXT    NOT NULL REFERENCES plan_tasks (key),
        at        INTEGER NOT NULL,
        actor     TEXT    NOT NULL,
        state     TEXT    NOT NULL CHECK (state IN ('open', 'done', 'blocked')),
        reason    TEXT,
        evidence  TEXT    CHECK (evidence IS NULL OR json_valid(evidence)),
        source    TEXT    NOT NULL CHECK (source IN ('import', 'operator'))
      );
      CREATE INDEX plan_task_events_task_at ON plan_task_events (task_key, at);
      CREATE INDEX plan_task_events_at ON plan_task_events (at);
    `);
  },
};
