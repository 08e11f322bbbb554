import type { Migration } from './types.js';

/**
 * The guards that make audit_log append-only and contiguous. Exported so the audit verifier can
 * check that the live triggers are still exactly these (a dropped or rewritten trigger means the
 * table no longer protects itself). A later migration that changes them exports its own.
 */
export const AUDIT_LOG_GUARDS = {
  audit_log_no_update: `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
  audit_log_no_delete: `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
  // Defence in depth beside the application's own chaining: a row must take the next seq and
  // name the hash of the row before it (64 zeros for the first).
  audit_log_chained: `CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
      WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_log)
        OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_log WHERE seq = NEW.seq - 1), '${'0'.repeat(64)}')
      BEGIN SELECT RAISE(ABORT, 'audit_log entries must follow the last one'); END`,
} as const;

export const actions: Migration = {
  version: 40,
  name: 'actions',
  up(db) {
    db.exec(`
      -- One row per run of a configured action. Written in steps as the run moves on
      -- (requested → approved → started → finished → verified); the output is written once, at
      -- the end, already masked and possibly truncated (output_bytes counts what the run wrote,
      -- output_truncated says whether the blob holds less). target is the service a run acts on
      -- (its service parameter), so concurrency limits per service need no JSON scan.
      CREATE TABLE action_runs (
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
                            ('awaiting_approval', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'refused')),
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
        health_restored   INTEGER CHECK (health_restored IN (0, 1))
      ) STRICT;
      -- History of one action, newest first, and its last successful rehearsal.
      CREATE INDEX action_runs_action_requested_at ON action_runs (action_id, requested_at);
      -- Active runs (concurrency limits, runs interrupted by a restart).
      CREATE INDEX action_runs_state ON action_runs (state);
      -- History of all actions, newest first, without sorting the table.
      CREATE INDEX action_runs_requested_at ON action_runs (requested_at);

      -- The tamper-evident trail of operator actions: each row carries the sha256 of its own
      -- content and of the row before (electron/audit/). Never updated, never deleted: the
      -- triggers below refuse both, and the verifier reports them missing.
      CREATE TABLE audit_log (
        seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
        at         INTEGER NOT NULL,
        actor      TEXT    NOT NULL,
        event      TEXT    NOT NULL,
        action_id  TEXT,
        run_id     INTEGER,
        detail     TEXT    NOT NULL CHECK (json_valid(detail)),
        prev_hash  TEXT    NOT NULL CHECK (length(prev_hash) = 64),
        hash       TEXT    NOT NULL CHECK (length(hash) = 64)
      ) STRICT;
      ${Object.values(AUDIT_LOG_GUARDS).join(';\n')};

      -- Every tick and untick of a runbook step, so the record shows who did what when, not only
      -- where the checklist stands now. run_id links a step that ran an action.
      CREATE TABLE runbook_progress (
        id          INTEGER PRIMARY KEY,
        runbook_id  TEXT    NOT NULL,
        step        INTEGER NOT NULL CHECK (step >= 0),
        done        INTEGER NOT NULL CHECK (done IN (0, 1)),
        actor       TEXT    NOT NULL,
        at          INTEGER NOT NULL,
        run_id      INTEGER REFERENCES action_runs (id)
      ) STRICT;
      CREATE INDEX runbook_progress_runbook_step ON runbook_progress (runbook_id, step);
    `);
  },
};
