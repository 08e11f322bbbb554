import type { Migration } from './types.js';

/**
 * The go/no-go board's own evidence: sign-offs of manual criteria and waivers. Both are kept
 * whole (never deleted, a waiver is ended by setting revoked_at), so the board can be evaluated
 * as of any past moment: a waiver stands at t when at <= t < expires_at and it was not revoked by t.
 * criterion_id is the id in warroom.yaml; a criterion removed from the config leaves its rows.
 */
export const board: Migration = {
  version: 80,
  name: 'board',
  up(db) {
    db.exec(`
      CREATE TABLE board_signoffs (
        id            INTEGER PRIMARY KEY,
        criterion_id  TEXT    NOT NULL,
        actor         TEXT    NOT NULL,
        role          TEXT,
        note          TEXT,
        link          TEXT,
        at            INTEGER NOT NULL
      ) STRICT;
      -- The newest sign-off of a criterion as of t.
      CREATE INDEX board_signoffs_criterion_at ON board_signoffs (criterion_id, at);

      CREATE TABLE board_waivers (
        id            INTEGER PRIMARY KEY,
        criterion_id  TEXT    NOT NULL,
        owner         TEXT    NOT NULL,
        reason        TEXT    NOT NULL,
        at            INTEGER NOT NULL,
        expires_at    INTEGER NOT NULL CHECK (expires_at > at),
        revoked_at    INTEGER,
        revoked_by    TEXT,
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      ) STRICT;
      -- Waivers standing at t: few rows per criterion, read by criterion.
      CREATE INDEX board_waivers_criterion_at ON board_waivers (criterion_id, at);
    `);
  },
};
