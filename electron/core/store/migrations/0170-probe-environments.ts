import type { Migration } from './types.js';

/**
 * Probe evidence and core sessions carry the environment they were observed in. A core watches
 * one environment, but one data dir may serve several in turn (staging, then production): without
 * this, production's board counted staging's probe results and staging's observed time, a green
 * production never earned. Load runs, action runs and monitoring checks already carry theirs.
 *
 * Rows stored before this step cannot know their environment. They are kept (evidence is never
 * deleted) with environment NULL, and every reader asks for `environment = ?`, so they count for
 * no environment: not on the board, not in any environment's history. That is the safe side: no
 * stale green, at worst an "unknown" until the environment is observed again.
 *
 * probe_rollups is clustered by its key (WITHOUT ROWID), whose columns cannot be NULL; there the
 * unknown environment is '' (never an environment id, which starts with a letter). The table is
 * rebuilt because a key cannot be altered. The other tables only gain a column; their indexes now
 * lead with the environment, so each reader's `environment = ? AND ...` stays one index range.
 */
export const probeEnvironments: Migration = {
  version: 170,
  name: 'probe-environments',
  up(db) {
    db.exec(`
      ALTER TABLE probe_results ADD COLUMN environment TEXT;
      DROP INDEX probe_results_service_at;
      DROP INDEX probe_results_probe_at;
      CREATE INDEX probe_results_env_service_at ON probe_results (environment, service, at);
      CREATE INDEX probe_results_env_probe_at ON probe_results (environment, probe_id, at);

      CREATE TABLE probe_rollups_by_env (
        environment  TEXT    NOT NULL,
        probe_id     TEXT    NOT NULL,
        service      TEXT    NOT NULL,
        minute_at    INTEGER NOT NULL,
        count        INTEGER NOT NULL,
        failures     INTEGER NOT NULL,
        degraded     INTEGER NOT NULL,
        p50_ms       REAL,
        p95_ms       REAL,
        max_ms       REAL,
        sum_ms       REAL    NOT NULL,
        PRIMARY KEY (environment, probe_id, minute_at)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO probe_rollups_by_env (environment, probe_id, service, minute_at, count, failures, degraded, p50_ms, p95_ms, max_ms, sum_ms)
        SELECT '', probe_id, service, minute_at, count, failures, degraded, p50_ms, p95_ms, max_ms, sum_ms FROM probe_rollups;
      DROP TABLE probe_rollups;
      ALTER TABLE probe_rollups_by_env RENAME TO probe_rollups;

      ALTER TABLE health_transitions ADD COLUMN environment TEXT;
      DROP INDEX health_transitions_service_at;
      DROP INDEX health_transitions_latest;
      CREATE INDEX health_transitions_env_service_at ON health_transitions (environment, service, at);
      -- Latest status of every service and probe of one environment: one ordered pass, no sorting.
      CREATE INDEX health_transitions_latest ON health_transitions (environment, service, probe_id, at);

      ALTER TABLE core_sessions ADD COLUMN environment TEXT;
      DROP INDEX core_sessions_started_at;
      CREATE INDEX core_sessions_env_started_at ON core_sessions (environment, started_at);
    `);
  },
};
