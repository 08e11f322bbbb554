import type { Migration } from './types.js';

export const load: Migration = {
  version: 50,
  name: 'load',
  up(db) {
    db.exec(`
      -- One row per load-test run. Created when it starts (state running), ended once with the
      -- summary. The summary JSON leaves out the histograms (they live per endpoint below); the
      -- total's headline numbers are copied into columns so the go/no-go board can query and
      -- sort runs without parsing JSON. They are NULL while a run is going.
      CREATE TABLE load_runs (
        id           INTEGER PRIMARY KEY,
        profile      TEXT    NOT NULL,
        scenario     TEXT    NOT NULL,
        environment  TEXT    NOT NULL,
        base_url     TEXT    NOT NULL,
        actor        TEXT    NOT NULL,
        model        TEXT    NOT NULL CHECK (model IN ('closed', 'open')),
        state        TEXT    NOT NULL CHECK (state IN ('running', 'passed', 'failed', 'aborted', 'interrupted')),
        started_at   INTEGER NOT NULL,
        ended_at     INTEGER,
        planned_ms   INTEGER NOT NULL CHECK (planned_ms >= 0),
        decided_by   TEXT    CHECK (decided_by IS NULL OR json_valid(decided_by)),
        error        TEXT,
        summary      TEXT    CHECK (summary IS NULL OR json_valid(summary)),
        requests     INTEGER CHECK (requests >= 0),
        rps          REAL    CHECK (rps >= 0),
        p95_ms       REAL    CHECK (p95_ms >= 0),
        p99_ms       REAL    CHECK (p99_ms >= 0),
        error_rate   REAL    CHECK (error_rate BETWEEN 0 AND 1)
      ) STRICT;
      -- History of all runs (and time windows of the board), newest first, without sorting.
      CREATE INDEX load_runs_started_at ON load_runs (started_at);
      -- History of one profile, newest first.
      CREATE INDEX load_runs_profile_started_at ON load_runs (profile, started_at);

      -- One row per second of a run, written as the engine emits it. The series columns are
      -- what the charts draw; the full tick (endpoints, live threshold verdicts) is kept as JSON
      -- in the last column, so reading the series never touches its overflow pages. Ticks
      -- survive a crash of the app: an interrupted run keeps every second it stored.
      CREATE TABLE load_ticks (
        run_id        INTEGER NOT NULL REFERENCES load_runs (id) ON DELETE CASCADE,
        second        INTEGER NOT NULL CHECK (second >= 1),
        at            INTEGER NOT NULL,
        requests      INTEGER NOT NULL CHECK (requests >= 0),
        rps           REAL    NOT NULL,
        p50_ms        REAL    NOT NULL,
        p90_ms        REAL    NOT NULL,
        p95_ms        REAL    NOT NULL,
        p99_ms        REAL    NOT NULL,
        max_ms        REAL    NOT NULL,
        error_count   INTEGER NOT NULL CHECK (error_count >= 0),
        active_users  INTEGER NOT NULL CHECK (active_users >= 0),
        tick          TEXT    NOT NULL CHECK (json_valid(tick)),
        PRIMARY KEY (run_id, second)
      ) STRICT, WITHOUT ROWID;

      -- The whole run per endpoint, from full-resolution histograms, written once at the end.
      -- position 0 is the total (endpoint '*'), then the endpoints in scenario order; the key is
      -- the position so that no endpoint label can collide with another or with the total.
      -- histogram is the HdrHistogram (µs) as compressed base64, for later comparisons.
      CREATE TABLE load_endpoint_stats (
        run_id        INTEGER NOT NULL REFERENCES load_runs (id) ON DELETE CASCADE,
        position      INTEGER NOT NULL CHECK (position >= 0),
        endpoint      TEXT    NOT NULL,
        requests      INTEGER NOT NULL CHECK (requests >= 0),
        rps           REAL    NOT NULL,
        min_ms        REAL    NOT NULL,
        mean_ms       REAL    NOT NULL,
        p50_ms        REAL    NOT NULL,
        p90_ms        REAL    NOT NULL,
        p95_ms        REAL    NOT NULL,
        p99_ms        REAL    NOT NULL,
        p999_ms       REAL    NOT NULL,
        max_ms        REAL    NOT NULL,
        error_count   INTEGER NOT NULL CHECK (error_count >= 0),
        error_rate    REAL    NOT NULL CHECK (error_rate BETWEEN 0 AND 1),
        errors        TEXT    NOT NULL CHECK (json_valid(errors)),
        status_codes  TEXT    NOT NULL CHECK (json_valid(status_codes)),
        bytes_in      INTEGER NOT NULL CHECK (bytes_in >= 0),
        bytes_out     INTEGER NOT NULL CHECK (bytes_out >= 0),
        started_late  INTEGER NOT NULL CHECK (started_late >= 0),
        skipped       INTEGER NOT NULL CHECK (skipped >= 0),
        dropped       INTEGER NOT NULL CHECK (dropped >= 0),
        histogram     TEXT,
        PRIMARY KEY (run_id, position)
      ) STRICT;
    `);
  },
};
