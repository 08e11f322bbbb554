import type { Migration } from './types.js';

export const probes: Migration = {
  version: 30,
  name: 'probes',
  up(db) {
    db.exec(`
      -- Every check of every probe, kept raw for the raw window (probes.rawRetention), then only as
      -- per-minute rollups. outcome: 0 up, 1 degraded, 2 down (an integer keeps 1M+ rows small).
      CREATE TABLE probe_results (
        id          INTEGER PRIMARY KEY,
        probe_id    TEXT    NOT NULL,
        service     TEXT    NOT NULL,
        at          INTEGER NOT NULL,
        outcome     INTEGER NOT NULL CHECK (outcome IN (0, 1, 2)),
        latency_ms  REAL    NOT NULL,
        detail      TEXT    NOT NULL
      ) STRICT;
      -- History of one service, and of one probe, over a time range.
      CREATE INDEX probe_results_service_at ON probe_results (service, at);
      CREATE INDEX probe_results_probe_at ON probe_results (probe_id, at);
      -- The rollup job reads every probe's minute at once and retention deletes by age; without
      -- this both would scan the table.
      CREATE INDEX probe_results_at ON probe_results (at);

      -- One row per probe and minute. Latency figures cover the checks that got an answer (up or
      -- degraded); a down check's latency is mostly its timeout, so it counts in failures only.
      -- p50/p95 are exact (nearest rank) over that minute's raw latencies; sum_ms / (count - failures)
      -- is the mean. Clustered by probe so one probe's range is one contiguous read.
      CREATE TABLE probe_rollups (
        probe_id   TEXT    NOT NULL,
        service    TEXT    NOT NULL,
        minute_at  INTEGER NOT NULL,
        count      INTEGER NOT NULL,
        failures   INTEGER NOT NULL,
        degraded   INTEGER NOT NULL,
        p50_ms     REAL,
        p95_ms     REAL,
        max_ms     REAL,
        sum_ms     REAL    NOT NULL,
        PRIMARY KEY (probe_id, minute_at)
      ) STRICT, WITHOUT ROWID;

      -- Minutes before rolled_until_at are in probe_rollups; raw rows may only be pruned below it.
      CREATE TABLE probe_rollup_progress (
        id               INTEGER PRIMARY KEY CHECK (id = 1),
        rolled_until_at  INTEGER NOT NULL
      ) STRICT;

      -- Status changes of a service (probe_id NULL) or of one of its probes: the evidence of when
      -- something went down and why.
      CREATE TABLE health_transitions (
        id           INTEGER PRIMARY KEY,
        service      TEXT    NOT NULL,
        probe_id     TEXT,
        at           INTEGER NOT NULL,
        from_status  TEXT    NOT NULL CHECK (from_status IN ('up', 'degraded', 'down', 'unknown')),
        to_status    TEXT    NOT NULL CHECK (to_status IN ('up', 'degraded', 'down', 'unknown')),
        reason       TEXT    NOT NULL,
        caused_by    TEXT
      ) STRICT;
      CREATE INDEX health_transitions_service_at ON health_transitions (service, at);
      -- Latest status of every service and probe after a restart: one ordered pass, no sorting.
      CREATE INDEX health_transitions_latest ON health_transitions (service, probe_id, at);

      CREATE TABLE service_mutes (
        service     TEXT    PRIMARY KEY,
        muted       INTEGER NOT NULL CHECK (muted IN (0, 1)),
        changed_at  INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
