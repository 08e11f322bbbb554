/**
 * The tamper-evident audit trail of operator actions: an append-only, hash-chained table plus a
 * head file outside the database. See README.md in this folder for what it detects and what not.
 */
import type { AuditEntry } from '../../../shared/domain/actions.js';
import type { Clock } from '../clock.js';
import type { WritableDb } from '../store/db.js';
import { AUDIT_LOG_GUARDS } from '../store/migrations/0040-actions.js';
import { ZERO_HASH, checkChain, hashEntry } from './audit-chain.js';
import type { AuditProblem } from './audit-chain.js';
import { canonicalJson, jsonValue } from './canonical-json.js';
import { fileHead, memoryHead } from './head-file.js';
import type { AuditHead, HeadStore } from './head-file.js';

export type { AuditProblem } from './audit-chain.js';

/**
 * What the caller records. `detail` is stored and exported as is, so it must never hold a secret
 * value: mask first (parameters, env values, output) and put digests, not output, in it.
 */
export interface NewAuditEntry {
  actor: string;
  event: AuditEntry['event'];
  actionId?: string | null | undefined;
  runId?: number | null | undefined;
  detail?: Record<string, unknown> | undefined;
}

/** The outcome of checking the whole trail. */
export interface AuditVerification {
  /** True only when there are no problems at all. */
  ok: boolean;
  entries: number;
  /** Hash of the newest entry (64 zeros when empty): note it elsewhere to pin the trail as of now. */
  headHash: string;
  problems: AuditProblem[];
}

export interface AuditLog {
  /**
   * Appends one entry in its own transaction, synced to disk, then moves the head file on.
   * Throws when called inside a transaction, and AuditHeadError when only the head write failed.
   */
  append(entry: NewAuditEntry): AuditEntry;
  /** Checks the guards, every entry's hash and link, and the head file against the table. */
  verify(): AuditVerification;
  /**
   * Writes entries with seq >= sinceSeq (default all) in seq order, one JSON object plus '\n' per
   * call, with the fields of AuditEntry; at most `limit` of them when given. Returns how many. The
   * lines re-verify with checkChain.
   */
  export(write: (line: string) => void, options?: { sinceSeq?: number | undefined; limit?: number | undefined }): number;
  /** The newest `limit` entries, newest first, read through the primary key (not the whole trail). */
  tail(limit: number): AuditEntry[];
}

export interface AuditLogOptions {
  db: WritableDb;
  clock: Clock;
  /**
   * File for the head, in the data directory beside the database. null keeps the head in memory:
   * only for a ':memory:' database, which vanishes with the process anyway.
   */
  headFile: string | null;
}

/** The entry was committed, but the head file could not be moved on; verify reports the lag. */
export class AuditHeadError extends Error {
  constructor(
    readonly entry: AuditEntry,
    cause: unknown,
  ) {
    super(`audit entry ${entry.seq} was recorded, but the head file could not be written: ${(cause as Error).message}`, { cause });
    this.name = 'AuditHeadError';
  }
}

interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  event: AuditEntry['event'];
  action_id: string | null;
  run_id: number | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    event: row.event,
    actionId: row.action_id,
    runId: row.run_id,
    detail: parseDetail(row.detail),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function createAuditLog({ db, clock, headFile }: AuditLogOptions): AuditLog {
  const head: HeadStore = headFile === null ? memoryHead() : fileHead(headFile);
  const insert = db.prepare<[AuditRow], never>(
    `INSERT INTO audit_log (seq, at, actor, event, action_id, run_id, detail, prev_hash, hash)
     VALUES (@seq, @at, @actor, @event, @action_id, @run_id, @detail, @prev_hash, @hash)`,
  );
  const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const hashAt = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?');
  const from = db.prepare<[number], AuditRow>('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq');
  const newest = db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?');
  const triggers = db.prepare<[], { name: string; sql: string | null }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' ORDER BY name",
  );

  const appendInTransaction = db.transaction((entry: NewAuditEntry): { entry: AuditEntry; previous: AuditHead | null } => {
    const previous = last.get() ?? null;
    const detail = jsonValue(entry.detail ?? {});
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) throw new TypeError('audit detail must be an object');
    const fields: Omit<AuditEntry, 'hash'> = {
      seq: (previous?.seq ?? 0) + 1,
      at: clock.now(),
      actor: entry.actor,
      event: entry.event,
      actionId: entry.actionId ?? null,
      runId: entry.runId ?? null,
      detail: detail as Record<string, unknown>,
      prevHash: previous?.hash ?? ZERO_HASH,
    };
    const written: AuditEntry = { ...fields, hash: hashEntry(fields) };
    insert.run({
      seq: written.seq,
      at: written.at,
      actor: written.actor,
      event: written.event,
      action_id: written.actionId,
      run_id: written.runId,
      detail: canonicalJson(written.detail),
      prev_hash: written.prevHash,
      hash: written.hash,
    });
    return { entry: written, previous };
  });

  // The head moves on only from a state it vouches for: the previous newest entry (or an empty
  // table with no head yet), or an older entry still unchanged (Warroom stopped between commit
  // and head write). Otherwise it stays where it is, so a deletion or a missing head file keeps
  // showing instead of being overwritten by the next entry.
  function headVouchesFor(previous: AuditHead | null): boolean {
    const current = head.read();
    if (current.kind === 'missing') return previous === null;
    if (current.kind === 'corrupt' || previous === null) return false;
    return current.head.seq <= previous.seq && hashAt.get(current.head.seq)?.hash === current.head.hash;
  }

  function checkGuards(): AuditProblem[] {
    const live = new Map(triggers.all().map((t) => [t.name, normalize(t.sql ?? '')]));
    const problems: AuditProblem[] = [];
    for (const [name, sql] of Object.entries(AUDIT_LOG_GUARDS)) {
      const found = live.get(name);
      if (found === undefined) problems.push({ seq: null, problem: `trigger ${name} is missing: audit_log is no longer append-only` });
      else if (found !== normalize(sql)) problems.push({ seq: null, problem: `trigger ${name} was changed: audit_log is no longer append-only` });
      live.delete(name);
    }
    for (const name of live.keys()) problems.push({ seq: null, problem: `unexpected trigger ${name} on audit_log` });
    return problems;
  }

  function checkHead(lastEntry: AuditHead | null): AuditProblem[] {
    const current = head.read();
    if (current.kind === 'missing') {
      return lastEntry === null
        ? []
        : [{ seq: null, problem: `the head file ${head.where} is missing: deletion of the newest entries cannot be ruled out` }];
    }
    if (current.kind === 'corrupt') {
      return [{ seq: null, problem: `the head file ${head.where} ${current.why}: deletion of the newest entries cannot be ruled out` }];
    }
    const { seq, hash } = current.head;
    const lastSeq = lastEntry?.seq ?? 0;
    if (seq > lastSeq) {
      const gone = seq === lastSeq + 1 ? `entry ${seq} was` : `entries ${lastSeq + 1}–${seq} were`;
      return [{ seq, problem: `the head file records entry ${seq} but the trail ends at ${lastSeq}: ${gone} deleted` }];
    }
    const problems: AuditProblem[] = [];
    if (hashAt.get(seq)?.hash !== hash) {
      problems.push({ seq, problem: `entry ${seq} is not the one the head file records: it was replaced` });
    } else if (seq < lastSeq) {
      const uncovered = seq + 1 === lastSeq ? `entry ${lastSeq} is` : `entries ${seq + 1}–${lastSeq} are`;
      problems.push({
        seq: seq + 1,
        problem:
          `${uncovered} not covered by the head file ` +
          '(Warroom stopped between writing an entry and the head, or entries were added outside Warroom)',
      });
    }
    return problems;
  }

  return {
    append(entry) {
      // The head file must follow a commit; inside a caller's transaction that could still roll
      // back it would run ahead of the table and the next entry would look like a replacement.
      if (db.inTransaction) throw new Error('append audit entries outside any transaction');
      // FULL for this commit only: an entry must survive a power cut before the action it
      // records goes ahead (the connection's NORMAL may lose the last commits under WAL).
      const restore = db.pragma('synchronous', { simple: true }) as number;
      db.pragma('synchronous = FULL');
      let result: { entry: AuditEntry; previous: AuditHead | null };
      try {
        result = appendInTransaction.immediate(entry);
      } finally {
        db.pragma(`synchronous = ${restore}`);
      }
      if (headVouchesFor(result.previous)) {
        try {
          head.write({ seq: result.entry.seq, hash: result.entry.hash });
        } catch (error) {
          throw new AuditHeadError(result.entry, error);
        }
      }
      return result.entry;
    },

    verify() {
      const chain = checkChain(mapIterable(from.iterate(1), toEntry));
      const problems = [...checkGuards(), ...chain.problems, ...checkHead(chain.last)];
      return { ok: problems.length === 0, entries: chain.entries, headHash: chain.last?.hash ?? ZERO_HASH, problems };
    },

    export(write, options = {}) {
      let count = 0;
      for (const row of from.iterate(options.sinceSeq ?? 1)) {
        if (options.limit !== undefined && count >= options.limit) break;
        const { seq, at, actor, event, actionId, runId, detail, prevHash, hash } = toEntry(row);
        write(`${JSON.stringify({ seq, at, actor, event, actionId, runId, detail, prevHash, hash })}\n`);
        count += 1;
      }
      return count;
    },

    tail(limit) {
      return newest.all(limit).map(toEntry);
    },
  };
}

// The column is checked to be JSON, but checks can be switched off; an altered detail must still
// show up as a problem of its entry, not as an exception that stops verification.
function parseDetail(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // falls through
  }
  return { unparsable: text };
}

function normalize(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Iterable<U> {
  for (const item of items) yield map(item);
}
