import type { Migration } from './types.js';

/**
 * The risk register (issue 11): each risk as it stands, and every change with who, when, what
 * changed and the risk's rating fields after it, so the board reads the open high risks as of t.
 */
export const risks: Migration = {
  version: 105,
  name: 'risks',
  up(db) {
    db.exec(`
      CREATE TABLE risks (
        id          INTEGER PRIMARY KEY,
        title_key   TEXT    NOT NULL UNIQUE,
        title       TEXT    NOT NULL,
        likelihood  TEXT    NOT NULL CHECK (likelihood IN ('low', 'medium', 'high')),
        impact      TEXT    NOT NULL CHECK (impact IN ('low', 'medium', 'high')),
        mitigation  TEXT    NOT NULL,
        owner       TEXT,
        status      TEXT    NOT NULL CHECK (status IN ('open', 'mitigated', 'accepted', 'closed')),
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      );

      CREATE TABLE risk_changes (
        id          INTEGER PRIMARY KEY,
        risk_id     INTEGER NOT NULL REFERENCES risks (id),
        at          INTEGER NOT NULL,
        actor       TEXT    NOT NULL,
        source      TEXT    NOT NULL CHECK (source IN ('import', 'operator')),
        changes     TEXT    NOT NULL CHECK (json_valid(changes)),
        note        TEXT,
        title       TEXT    NOT NULL,
        likelihood  TEXT    NOT NULL CHECK (likelihood IN ('low', 'medium', 'high')),
        impact      TEXT    NOT NULL CHECK (impact IN ('low', 'medium', 'high')),
        owner       TEXT,
        status      TEXT    NOT NULL CHECK (status IN ('open', 'mitigated', 'accepted', 'closed'))
      );
      CREATE INDEX risk_changes_risk_at ON risk_changes (risk_id, at);
      CREATE INDEX risk_changes_at ON risk_changes (at);
    `);
  },
};
