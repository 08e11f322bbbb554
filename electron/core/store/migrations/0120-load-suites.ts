import type { Migration } from './types.js';

export const loadSuites: Migration = {
  version: 120,
  name: 'load-suites',
  up(db) {
    db.exec(`
      -- One row per run of a suite (load.suites in the config). The profiles and their planned
      -- lengths are copied in when it starts, so a later config change does not rewrite history.
      -- state: running, completed (every test ran), stopped (a test failed and the suite stops on
      -- failure), cancelled, interrupted (Warroom stopped mid-suite; resumable). stopped_on names
      -- the profile it was on when stopped, cancelled or interrupted; error says why a test could not start. The verdict is not stored: it depends
      -- on exceptions, which may be added or expire later, so it is judged on every read.
      CREATE TABLE load_suite_runs (
        id           INTEGER PRIMARY KEY,
        suite        TEXT    NOT NULL,
        title        TEXT    NOT NULL,
        environment  TEXT    NOT NULL,
        actor        TEXT    NOT NULL,
        on_failure   TEXT    NOT NULL CHECK (on_failure IN ('stop', 'continue')),
        plan         TEXT    NOT NULL CHECK (json_valid(plan)),
        planned_ms   INTEGER NOT NULL CHECK (planned_ms >= 0),
        state        TEXT    NOT NULL CHECK (state IN ('running', 'completed', 'stopped', 'cancelled', 'interrupted')),
        started_at   INTEGER NOT NULL,
        ended_at     INTEGER,
        stopped_on   TEXT,
        error        TEXT
      ) STRICT;
      CREATE INDEX load_suite_runs_started_at ON load_suite_runs (started_at);
      CREATE INDEX load_suite_runs_suite_started_at ON load_suite_runs (suite, environment, started_at);

      -- The load runs of a suite run, by position in its plan. A resumed position has more than
      -- one run (the interrupted one, then the new one): the newest is the member's.
      CREATE TABLE load_suite_members (
        suite_run_id INTEGER NOT NULL REFERENCES load_suite_runs (id) ON DELETE CASCADE,
        position     INTEGER NOT NULL CHECK (position >= 0),
        run_id       INTEGER NOT NULL UNIQUE REFERENCES load_runs (id),
        PRIMARY KEY (suite_run_id, position, run_id)
      ) STRICT, WITHOUT ROWID;

      -- A profile's baseline in an environment: the newest mark as of t is the one in force.
      -- Every mark is kept (what was compared with what, and when, stays answerable).
      CREATE TABLE load_baselines (
        id           INTEGER PRIMARY KEY,
        profile      TEXT    NOT NULL,
        environment  TEXT    NOT NULL,
        run_id       INTEGER NOT NULL REFERENCES load_runs (id),
        actor        TEXT    NOT NULL,
        marked_at    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX load_baselines_profile ON load_baselines (profile, environment, marked_at);

      -- A failed threshold of one run accepted with a reason, an owner and an expiry. Kept after
      -- it expires; it stops counting at expires_at. endpoint '' is the threshold on all requests.
      CREATE TABLE load_exceptions (
        id           INTEGER PRIMARY KEY,
        run_id       INTEGER NOT NULL REFERENCES load_runs (id),
        expression   TEXT    NOT NULL,
        endpoint     TEXT    NOT NULL,
        reason       TEXT    NOT NULL CHECK (length(reason) > 0),
        owner        TEXT    NOT NULL CHECK (length(owner) > 0),
        expires_at   INTEGER NOT NULL,
        actor        TEXT    NOT NULL,
        created_at   INTEGER NOT NULL CHECK (expires_at > created_at)
      ) STRICT;
      CREATE INDEX load_exceptions_run ON load_exceptions (run_id, created_at);
    `);
  },
};
