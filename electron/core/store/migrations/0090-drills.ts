import type { Migration } from './types.js';

/**
 * Drills as evidence: one run per row with its steps beside it (each step's state, timing, what
 * happened, and the action or load run it started), and the JUnit reports actions wrote, read
 * into counts and failing test names, one per action run.
 */
export const drills: Migration = {
  version: 90,
  name: 'drills',
  up(db) {
    db.exec(`
      CREATE TABLE drill_runs (
        id           INTEGER PRIMARY KEY,
        drill_id     TEXT    NOT NULL,
        label        TEXT    NOT NULL,
        environment  TEXT    NOT NULL,
        actor        TEXT    NOT NULL,
        state        TEXT    NOT NULL CHECK (state IN ('running', 'recovery_offered', 'passed', 'failed', 'cancelled', 'interrupted')),
        started_at   INTEGER NOT NULL,
        ended_at     INTEGER,
        verdict      TEXT,
        stopped_at   INTEGER
      );
      CREATE INDEX drill_runs_started_at ON drill_runs (started_at);
      CREATE INDEX drill_runs_drill_env_state ON drill_runs (drill_id, environment, state, ended_at);

      CREATE TABLE drill_run_steps (
        run_id         INTEGER NOT NULL REFERENCES drill_runs (id),
        idx            INTEGER NOT NULL,
        name           TEXT    NOT NULL,
        kind           TEXT    NOT NULL CHECK (kind IN ('action', 'fault', 'wait', 'load', 'manual')),
        recovery       INTEGER NOT NULL CHECK (recovery IN (0, 1)),
        state          TEXT    NOT NULL CHECK (state IN ('pending', 'running', 'waiting', 'passed', 'failed', 'skipped', 'cancelled', 'interrupted')),
        started_at     INTEGER,
        ended_at       INTEGER,
        detail         TEXT,
        prompt         TEXT,
        action_run_id  INTEGER REFERENCES action_runs (id),
        load_run_id    INTEGER REFERENCES load_runs (id),
        confirmed_by   TEXT,
        PRIMARY KEY (run_id, idx)
      ) WITHOUT ROWID;
      CREATE INDEX drill_run_steps_action_run ON drill_run_steps (action_run_id) WHERE action_run_id IS NOT NULL;

      CREATE TABLE test_reports (
        action_run_id  INTEGER PRIMARY KEY REFERENCES action_runs (id),
        file           TEXT    NOT NULL,
        read_at        INTEGER NOT NULL,
        problem        TEXT,
        tests          INTEGER NOT NULL,
        passed         INTEGER NOT NULL,
        failed         INTEGER NOT NULL,
        errors         INTEGER NOT NULL,
        skipped        INTEGER NOT NULL,
        failing        TEXT    NOT NULL CHECK (json_valid(failing))
      );
      CREATE INDEX test_reports_read_at ON test_reports (read_at);
    `);
  },
};
