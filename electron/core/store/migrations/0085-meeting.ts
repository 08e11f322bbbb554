import type { Migration } from './types.js';

/**
 * The go/no-go meeting: board snapshots (what a voter saw, what a decision froze), polls, votes and
 * decision records. Nothing here is ever deleted. A decision record is frozen: its row cannot be
 * changed or deleted (triggers), except that the audit entry chaining it in is noted once.
 */
export const DECISION_GUARDS = {
  decisions_frozen: `CREATE TRIGGER decisions_frozen BEFORE UPDATE ON decisions
      WHEN NOT (OLD.audit_seq IS NULL AND NEW.audit_seq IS NOT NULL AND NEW.id IS OLD.id AND NEW.poll_id IS OLD.poll_id
        AND NEW.environment IS OLD.environment AND NEW.decision IS OLD.decision AND NEW.decided_at IS OLD.decided_at
        AND NEW.decided_by IS OLD.decided_by AND NEW.snapshot_id IS OLD.snapshot_id AND NEW.score IS OLD.score
        AND NEW.record IS OLD.record AND NEW.digest IS OLD.digest)
      BEGIN SELECT RAISE(ABORT, 'decision records are frozen'); END`,
  decisions_kept: `CREATE TRIGGER decisions_kept BEFORE DELETE ON decisions
      BEGIN SELECT RAISE(ABORT, 'decision records are frozen'); END`,
  board_snapshots_frozen: `CREATE TRIGGER board_snapshots_frozen BEFORE UPDATE ON board_snapshots
      BEGIN SELECT RAISE(ABORT, 'board snapshots are frozen'); END`,
} as const;

export const meeting: Migration = {
  version: 85,
  name: 'meeting',
  up(db) {
    db.exec(`
      -- A board evaluation as it was read: the whole BoardEvaluation JSON, with its headline
      -- figures in columns so lists need not parse it.
      CREATE TABLE board_snapshots (
        id           INTEGER PRIMARY KEY,
        environment  TEXT    NOT NULL,
        as_of        INTEGER NOT NULL,
        taken_at     INTEGER NOT NULL,
        score        REAL    NOT NULL,
        verdict      TEXT    NOT NULL CHECK (verdict IN ('GO', 'NO-GO')),
        evaluation   TEXT    NOT NULL CHECK (json_valid(evaluation))
      ) STRICT;
      CREATE INDEX board_snapshots_taken_at ON board_snapshots (taken_at);

      CREATE TABLE meeting_polls (
        id           INTEGER PRIMARY KEY,
        environment  TEXT    NOT NULL,
        roles        TEXT    NOT NULL CHECK (json_valid(roles)),
        opened_at    INTEGER NOT NULL,
        opened_by    TEXT    NOT NULL,
        closed_at    INTEGER,
        closed_by    TEXT,
        CHECK ((closed_at IS NULL) = (closed_by IS NULL))
      ) STRICT;
      -- One open poll at a time: every open row indexes the same value.
      CREATE UNIQUE INDEX meeting_polls_one_open ON meeting_polls ((closed_at IS NULL)) WHERE closed_at IS NULL;
      CREATE INDEX meeting_polls_opened_at ON meeting_polls (opened_at);

      -- Every vote cast; the latest per (poll, role) counts.
      CREATE TABLE meeting_votes (
        id           INTEGER PRIMARY KEY,
        poll_id      INTEGER NOT NULL REFERENCES meeting_polls (id),
        role         TEXT    NOT NULL,
        voter        TEXT    NOT NULL,
        choice       TEXT    NOT NULL CHECK (choice IN ('GO', 'NO-GO', 'HOLD')),
        reason       TEXT,
        at           INTEGER NOT NULL,
        snapshot_id  INTEGER NOT NULL REFERENCES board_snapshots (id),
        CHECK (choice <> 'NO-GO' OR coalesce(length(reason), 0) > 0)
      ) STRICT;
      CREATE INDEX meeting_votes_poll_role ON meeting_votes (poll_id, role, id);

      -- One decision per poll (UNIQUE: two operators deciding at once get one record).
      CREATE TABLE decisions (
        id           INTEGER PRIMARY KEY,
        poll_id      INTEGER NOT NULL UNIQUE REFERENCES meeting_polls (id),
        environment  TEXT    NOT NULL,
        decision     TEXT    NOT NULL CHECK (decision IN ('GO', 'NO-GO')),
        decided_at   INTEGER NOT NULL,
        decided_by   TEXT    NOT NULL,
        snapshot_id  INTEGER NOT NULL REFERENCES board_snapshots (id),
        score        REAL    NOT NULL,
        record       TEXT    NOT NULL CHECK (json_valid(record)),
        digest       TEXT    NOT NULL,
        audit_seq    INTEGER
      ) STRICT;
      CREATE INDEX decisions_decided_at ON decisions (decided_at);
    `);
    for (const sql of Object.values(DECISION_GUARDS)) db.exec(sql);
  },
};
