import type { Migration } from './types.js';

/**
 * Resources sampled from Prometheus during load runs: which resource queries a run sampled (with
 * their title, unit and PromQL as they were then, so a later config change does not rewrite the
 * record), one row per series per sample, and each failed sample with its reason, so a gap in a
 * chart is explained. Samples are queryable by run and by time. Also the checks of each
 * environment's monitoring (Prometheus up, its scrape targets up, alert rules loaded), stored when
 * the result changes and at least every few minutes, as evidence for the board.
 */
export const resourceSamples: Migration = {
  version: 130,
  name: 'resource-samples',
  up(db) {
    db.exec(`
      CREATE TABLE load_run_resources (
        run_id    INTEGER NOT NULL REFERENCES load_runs (id),
        resource  TEXT    NOT NULL,
        title     TEXT    NOT NULL,
        unit      TEXT    NOT NULL,
        query     TEXT    NOT NULL,
        position  INTEGER NOT NULL,
        PRIMARY KEY (run_id, resource)
      );

      CREATE TABLE resource_samples (
        id        INTEGER PRIMARY KEY,
        run_id    INTEGER NOT NULL,
        resource  TEXT    NOT NULL,
        series    TEXT    NOT NULL,
        at        INTEGER NOT NULL,
        value     REAL    NOT NULL,
        FOREIGN KEY (run_id, resource) REFERENCES load_run_resources (run_id, resource)
      );
      CREATE INDEX resource_samples_run ON resource_samples (run_id, resource, at);
      CREATE INDEX resource_samples_at ON resource_samples (at);

      CREATE TABLE resource_sample_failures (
        id        INTEGER PRIMARY KEY,
        run_id    INTEGER NOT NULL,
        resource  TEXT    NOT NULL,
        at        INTEGER NOT NULL,
        detail    TEXT    NOT NULL,
        FOREIGN KEY (run_id, resource) REFERENCES load_run_resources (run_id, resource)
      );
      CREATE INDEX resource_sample_failures_run ON resource_sample_failures (run_id, resource, at);

      CREATE TABLE monitoring_checks (
        id             INTEGER PRIMARY KEY,
        environment    TEXT    NOT NULL,
        at             INTEGER NOT NULL,
        ok             INTEGER NOT NULL CHECK (ok IN (0, 1)),
        prometheus_up  INTEGER NOT NULL CHECK (prometheus_up IN (0, 1)),
        targets_up     INTEGER NOT NULL,
        targets_total  INTEGER NOT NULL,
        rule_groups    INTEGER NOT NULL,
        rules          INTEGER NOT NULL,
        detail         TEXT    NOT NULL
      );
      CREATE INDEX monitoring_checks_env_at ON monitoring_checks (environment, at);
    `);
  },
};
