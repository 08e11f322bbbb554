import type { Migration } from './types.js';

/**
 * Stand-up notes (one per person and day; a second note of the same person that day is kept as
 * well, the newest counts), end-of-day reports as generated (Markdown, HTML and the gathered
 * content), and every delivery through a notification channel (health changes, tests, reports),
 * sent or failed, as evidence queryable by time.
 */
export const reports: Migration = {
  version: 110,
  name: 'reports',
  up(db) {
    db.exec(`
      CREATE TABLE standup_notes (
        id         INTEGER PRIMARY KEY,
        day        TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        person     TEXT    NOT NULL,
        yesterday  TEXT    NOT NULL,
        today      TEXT    NOT NULL,
        blockers   TEXT    NOT NULL,
        by         TEXT    NOT NULL,
        at         INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX standup_notes_day ON standup_notes (day, person, id);

      CREATE TABLE eod_reports (
        id            INTEGER PRIMARY KEY,
        day           TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        environment   TEXT    NOT NULL,
        generated_at  INTEGER NOT NULL,
        by            TEXT    NOT NULL,
        markdown      TEXT    NOT NULL,
        html          TEXT    NOT NULL,
        content       TEXT    NOT NULL CHECK (json_valid(content))
      ) STRICT;
      CREATE INDEX eod_reports_day ON eod_reports (day, id);
      CREATE INDEX eod_reports_generated_at ON eod_reports (generated_at);

      CREATE TABLE notification_deliveries (
        id         INTEGER PRIMARY KEY,
        at         INTEGER NOT NULL,
        channel    TEXT    NOT NULL CHECK (channel IN ('webhook', 'email', 'pagerduty')),
        kind       TEXT    NOT NULL CHECK (kind IN ('health', 'test', 'report')),
        action     TEXT,
        subject    TEXT    NOT NULL,
        state      TEXT    NOT NULL CHECK (state IN ('sent', 'failed')),
        detail     TEXT,
        report_id  INTEGER REFERENCES eod_reports (id)
      ) STRICT;
      CREATE INDEX notification_deliveries_at ON notification_deliveries (at);
      CREATE INDEX notification_deliveries_channel ON notification_deliveries (channel, id);
      CREATE INDEX notification_deliveries_report ON notification_deliveries (report_id) WHERE report_id IS NOT NULL;
    `);
  },
};
