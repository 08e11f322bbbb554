import type { Migration } from './types.js';

export const alerts: Migration = {
  version: 135,
  name: 'alerts',
  up(db) {
    db.exec(`
      -- Alertmanager alerts as evidence: one row per firing episode of an alert (fingerprint =
      -- its label set), from when Alertmanager says it started to when Warroom saw it resolved.
      CREATE TABLE alert_episodes (
        id            INTEGER PRIMARY KEY,
        environment   TEXT    NOT NULL,
        fingerprint   TEXT    NOT NULL,
        name          TEXT    NOT NULL,
        service       TEXT,
        severity      TEXT,
        summary       TEXT,
        labels        TEXT    NOT NULL CHECK (json_valid(labels)),
        started_at    INTEGER NOT NULL,
        last_seen_at  INTEGER NOT NULL,
        resolved_at   INTEGER,
        CHECK (resolved_at IS NULL OR resolved_at >= started_at)
      ) STRICT;
      CREATE UNIQUE INDEX alert_episodes_once ON alert_episodes (environment, fingerprint, started_at);
      CREATE INDEX alert_episodes_by_time ON alert_episodes (environment, started_at);
      CREATE INDEX alert_episodes_by_service ON alert_episodes (environment, service, started_at);
      CREATE INDEX alert_episodes_open ON alert_episodes (environment) WHERE resolved_at IS NULL;
    `);
  },
};
