/** Sign-offs and waivers of the go/no-go board: appended, never deleted; a waiver can be revoked once. */
import type { Signoff, Waiver } from '../../../../shared/domain/board.js';
import type { WritableDb } from '../db.js';

export interface NewSignoff {
  criterionId: string;
  by: string;
  role: string | null;
  note: string | null;
  link: string | null;
  at: number;
}

export interface NewWaiver {
  criterionId: string;
  owner: string;
  reason: string;
  at: number;
  expiresAt: number;
}

export interface BoardRecordsRepo {
  addSignoff(signoff: NewSignoff): Signoff;
  /** The newest sign-off of each criterion made at or before `asOf`. */
  latestSignoffs(asOf: number): Map<string, Signoff>;
  addWaiver(waiver: NewWaiver): Waiver;
  getWaiver(id: number): Waiver | null;
  revokeWaiver(id: number, by: string, at: number): Waiver;
  /** Waivers standing at `asOf`: given by then, not yet expired, not revoked by then. */
  waiversAt(asOf: number): Waiver[];
  /** The next moment after `asOf` a standing waiver expires, or null. */
  nextExpiryAfter(asOf: number): number | null;
}

interface SignoffRow {
  id: number;
  criterion_id: string;
  actor: string;
  role: string | null;
  note: string | null;
  link: string | null;
  at: number;
}

interface WaiverRow {
  id: number;
  criterion_id: string;
  owner: string;
  reason: string;
  at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
}

function toSignoff(row: SignoffRow): Signoff {
  return { id: row.id, criterionId: row.criterion_id, by: row.actor, role: row.role, note: row.note, link: row.link, at: row.at };
}

function toWaiver(row: WaiverRow): Waiver {
  return {
    id: row.id,
    criterionId: row.criterion_id,
    owner: row.owner,
    reason: row.reason,
    at: row.at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  };
}

const STANDING = 'at <= @t AND expires_at > @t AND (revoked_at IS NULL OR revoked_at > @t)';

/** Queries whose plans tests check. */
export const HOT_QUERIES = {
  // The newest sign-off of each criterion as of t: the bare columns come from the row holding max(id).
  latestSignoffs: `SELECT id, criterion_id, actor, role, note, link, at, max(id) FROM board_signoffs WHERE at <= ? GROUP BY criterion_id`,
  waiversAt: `SELECT * FROM board_waivers WHERE ${STANDING} ORDER BY id`,
} as const;

export function createBoardRecordsRepo(db: WritableDb): BoardRecordsRepo {
  const insertSignoff = db.prepare<[string, string, string | null, string | null, string | null, number], SignoffRow>(
    'INSERT INTO board_signoffs (criterion_id, actor, role, note, link, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
  );
  const latestSignoffs = db.prepare<[number], SignoffRow>(HOT_QUERIES.latestSignoffs);
  const insertWaiver = db.prepare<[string, string, string, number, number], WaiverRow>(
    'INSERT INTO board_waivers (criterion_id, owner, reason, at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
  );
  const getWaiver = db.prepare<[number], WaiverRow>('SELECT * FROM board_waivers WHERE id = ?');
  const revoke = db.prepare<[string, number, number], WaiverRow>(
    'UPDATE board_waivers SET revoked_by = ?, revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING *',
  );
  const waiversAt = db.prepare<{ t: number }, WaiverRow>(HOT_QUERIES.waiversAt);
  const nextExpiry = db.prepare<{ t: number }, { next: number | null }>(`SELECT min(expires_at) AS next FROM board_waivers WHERE ${STANDING}`);
  return {
    addSignoff({ criterionId, by, role, note, link, at }) {
      return toSignoff(insertSignoff.get(criterionId, by, role, note, link, at)!);
    },
    latestSignoffs(asOf) {
      return new Map(latestSignoffs.all(asOf).map((row) => [row.criterion_id, toSignoff(row)]));
    },
    addWaiver({ criterionId, owner, reason, at, expiresAt }) {
      return toWaiver(insertWaiver.get(criterionId, owner, reason, at, expiresAt)!);
    },
    getWaiver(id) {
      const row = getWaiver.get(id);
      return row ? toWaiver(row) : null;
    },
    revokeWaiver(id, by, at) {
      const row = revoke.get(by, at, id);
      if (!row) throw new Error(`waiver ${id} does not exist or was already revoked`);
      return toWaiver(row);
    },
    waiversAt(asOf) {
      return waiversAt.all({ t: asOf }).map(toWaiver);
    },
    nextExpiryAfter(asOf) {
      return nextExpiry.get({ t: asOf })?.next ?? null;
    },
  };
}
