import type { Migration } from './types.js';

/**
 * Runs that outlive the Warroom that started them: each run stores the process it started (pid,
 * group, the leader's start time against pid reuse, and the marker its descendants inherit), and
 * when a later Warroom found it still running (recovered_at). Two new states: `verifying` (the
 * script exited 0, the health check after it runs) and `exit_unknown` (the processes ended while no
 * Warroom watched them, so nobody saw the exit code).
 *
 * SQLite cannot change a CHECK constraint in place, so the table is rebuilt (the documented
 * 12-step way; migrate() runs every step with foreign keys off and checks them before committing).
 */
export const runProcesses: Migration = {
  version: 60,
  name: 'run-processes',
  up(db) {
    db.exec(`
      CREATE TABLE action_runs_new (
        id                INTEGER PRIMARY KEY,
        action_id         TEXT    NOT NULL,
        environment       TEXT    NOT NULL,
        target            TEXT,
        params            TEXT    NOT NULL CHECK (json_valid(params)),
        dry_run           INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
        actor             TEXT    NOT NULL,
        approved_by       TEXT,
        approved_at       INTEGER,
        state             TEXT    NOT NULL CHECK (state IN
                            ('awaiting_approval', 'running', 'verifying', 'succeeded', 'failed', 'timed_out', 'cancelled',
                             'refused', 'exit_unknown')),
        requested_at      INTEGER NOT NULL,
        started_at        INTEGER,
        ended_at          INTEGER,
        exit_code         INTEGER,
        signal            TEXT,
        reason            TEXT,
        output            BLOB,
        output_bytes      INTEGER NOT NULL DEFAULT 0,
        output_truncated  INTEGER NOT NULL DEFAULT 0 CHECK (output_truncated IN (0, 1)),
        output_digest     TEXT,
        health_before     TEXT    CHECK (health_before IS NULL OR json_valid(health_before)),
        health_after      TEXT    CHECK (health_after IS NULL OR json_valid(health_after)),
        health_restored   INTEGER CHECK (health_restored IN (0, 1)),
        -- The script's process, written as soon as it is spawned: it leads its own group (pgid),
        -- pid_start_ticks is its start time (/proc/<pid>/stat field 22; null off Linux), and
        -- run_marker the value of WARROOM_RUN_MARKER that every descendant inherits.
        pid               INTEGER,
        pgid              INTEGER,
        pid_start_ticks   INTEGER,
        run_marker        TEXT,
        -- Set when a Warroom that did not start the run found its processes alive and took over watching them.
        recovered_at      INTEGER
      ) STRICT;
      INSERT INTO action_runs_new (id, action_id, environment, target, params, dry_run, actor, approved_by, approved_at, state,
          requested_at, started_at, ended_at, exit_code, signal, reason, output, output_bytes, output_truncated, output_digest,
          health_before, health_after, health_restored)
        SELECT id, action_id, environment, target, params, dry_run, actor, approved_by, approved_at, state,
          requested_at, started_at, ended_at, exit_code, signal, reason, output, output_bytes, output_truncated, output_digest,
          health_before, health_after, health_restored
        FROM action_runs;
      DROP TABLE action_runs;
      ALTER TABLE action_runs_new RENAME TO action_runs;
      CREATE INDEX action_runs_action_requested_at ON action_runs (action_id, requested_at);
      CREATE INDEX action_runs_state ON action_runs (state);
      CREATE INDEX action_runs_requested_at ON action_runs (requested_at);
    `);
  },
};
