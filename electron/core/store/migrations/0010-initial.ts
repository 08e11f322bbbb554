import type { Migration } from './types.js';

export const initial: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      -- Which steps ran and when: user_version says where we are, this says how we got here.
      CREATE TABLE schema_migrations (
        version     INTEGER PRIMARY KEY,
        name        TEXT    NOT NULL,
        applied_at  INTEGER NOT NULL
      ) STRICT;

      -- One row per run of a core. last_seen_at follows the heartbeat, so the span between one
      -- session's last_seen_at and the next one's started_at is time nobody was observing.
      CREATE TABLE core_sessions (
        id            TEXT    PRIMARY KEY,
        started_at    INTEGER NOT NULL,
        last_seen_at  INTEGER NOT NULL,
        stopped_at    INTEGER,
        shell         TEXT    NOT NULL,
        app_version   TEXT    NOT NULL,
        config_path   TEXT    NOT NULL
      ) STRICT;
      CREATE INDEX core_sessions_started_at ON core_sessions (started_at);

      -- The war-room log: what operators noted, when.
      CREATE TABLE journal_entries (
        id      INTEGER PRIMARY KEY,
        at      INTEGER NOT NULL,
        author  TEXT    NOT NULL,
        text    TEXT    NOT NULL
      ) STRICT;
      CREATE INDEX journal_entries_at ON journal_entries (at);
    `);
  },
};
