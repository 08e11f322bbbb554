/**
 * The hash chain of the audit trail, as pure functions over entries: how an entry's hash is
 * computed and how a sequence of entries is checked. Used on the live table and on exports alike.
 */
import { createHash } from 'node:crypto';
import { AuditEntrySchema } from '../../../shared/domain/actions.js';
import type { AuditEntry } from '../../../shared/domain/actions.js';
import { canonicalJson } from './canonical-json.js';

/** prevHash of the first entry. */
export const ZERO_HASH = '0'.repeat(64);

/** Something wrong with the trail; seq names the entry, null when it concerns the trail as a whole. */
export interface AuditProblem {
  seq: number | null;
  problem: string;
}

/** Where a checked sequence must begin: entry 1 after ZERO_HASH, or a later entry after a hash known from elsewhere. */
export interface ChainStart {
  seq: number;
  prevHash: string;
}

export interface ChainCheck {
  entries: number;
  /** The last entry seen, null when there were none. */
  last: { seq: number; hash: string } | null;
  problems: AuditProblem[];
}

/**
 * sha256 (hex) of the canonical JSON of `{ seq, at, actor, event, actionId, runId, detail, prevHash }`:
 * every field but the hash itself, so changing any of them, or the entry before, changes it.
 */
export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, event, actionId, runId, detail, prevHash } = entry;
  return createHash('sha256')
    .update(canonicalJson({ seq, at, actor, event, actionId, runId, detail, prevHash }), 'utf8')
    .digest('hex');
}

/**
 * Checks entries given in seq order: each must take the next seq, name the previous entry's hash,
 * and hash to its own hash. A broken link is reported once, at the entry where it breaks; later
 * entries are checked against the hashes they carry, so one edit does not flag everything after it.
 */
export function checkChain(entries: Iterable<AuditEntry>, start: ChainStart = { seq: 1, prevHash: ZERO_HASH }): ChainCheck {
  const problems: AuditProblem[] = [];
  let expectedSeq = start.seq;
  let prevHash = start.prevHash;
  let count = 0;
  let last: ChainCheck['last'] = null;
  for (const entry of entries) {
    count += 1;
    if (entry.seq < expectedSeq) {
      problems.push({ seq: entry.seq, problem: `entry ${entry.seq} is out of order or repeated (expected ${expectedSeq})` });
    } else if (entry.seq > expectedSeq) {
      const missing = entry.seq - 1 === expectedSeq ? `entry ${expectedSeq} is` : `entries ${expectedSeq}–${entry.seq - 1} are`;
      problems.push({ seq: entry.seq, problem: `${missing} missing before entry ${entry.seq}` });
    } else if (entry.prevHash !== prevHash) {
      problems.push({
        seq: entry.seq,
        problem:
          entry.seq === start.seq && start.seq === 1
            ? 'entry 1 does not start the chain: its prevHash is not 64 zeros'
            : `entry ${entry.seq} does not follow entry ${entry.seq - 1}: its prevHash is not that entry's hash ` +
              `(entry ${entry.seq - 1} was rewritten, or entry ${entry.seq} was forged)`,
      });
    }
    if (hashEntry(entry) !== entry.hash) {
      problems.push({ seq: entry.seq, problem: `entry ${entry.seq} was altered: its hash does not match its content` });
    }
    prevHash = entry.hash;
    expectedSeq = Math.max(expectedSeq, entry.seq + 1);
    last = { seq: entry.seq, hash: entry.hash };
  }
  return { entries: count, last, problems };
}

/** One line of an export, parsed and shape-checked; throws on anything else. */
export function parseAuditLine(line: string): AuditEntry {
  return AuditEntrySchema.parse(JSON.parse(line));
}
