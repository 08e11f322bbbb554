/**
 * The go/no-go meeting's rows: board snapshots, polls, votes and frozen decision records.
 * Appended, never deleted; a poll is closed once; a decision row is frozen (migration 0085 triggers).
 */
import { z } from 'zod';
import { BoardEvaluationSchema } from '../../../../shared/domain/board.js';
import type { BoardEvaluation, Verdict } from '../../../../shared/domain/board.js';
import type { BoardSnapshotRef, DecisionSummary, Vote, VoteChoice } from '../../../../shared/domain/meeting.js';
import type { WritableDb } from '../db.js';

export interface PollRow {
  id: number;
  environment: string;
  roles: string[];
  openedAt: number;
  openedBy: string;
  closedAt: number | null;
  closedBy: string | null;
}

export interface NewVote {
  pollId: number;
  role: string;
  voter: string;
  choice: VoteChoice;
  reason: string | null;
  at: number;
  seen: BoardSnapshotRef;
}

/** What the service stores for a decision; `build` gets the id the row will have (the record names it). */
export interface NewDecision {
  pollId: number;
  environment: string;
  decision: Verdict;
  decidedAt: number;
  decidedBy: string;
  snapshotId: number;
  score: number;
}

export interface StoredDecision extends DecisionSummary {
  /** The frozen record exactly as stored (canonical JSON). */
  record: string;
  auditSeq: number | null;
}

export interface MeetingRepo {
  addSnapshot(environment: string, evaluation: BoardEvaluation, takenAt: number): BoardSnapshotRef;
  snapshot(id: number): BoardEvaluation | null;
  /** Throws SQLITE_CONSTRAINT_UNIQUE when a poll is already open. */
  openPoll(poll: Omit<PollRow, 'id' | 'closedAt' | 'closedBy'>): PollRow;
  openPollRow(): PollRow | null;
  latestPoll(): PollRow | null;
  poll(id: number): PollRow | null;
  /** Closes an open poll; false when it was already closed. */
  closePoll(id: number, by: string, at: number): boolean;
  addVote(vote: NewVote): Vote;
  /** The vote that counts per role (the latest), in the order the roles first voted. */
  currentVotes(pollId: number): Vote[];
  /**
   * In one transaction: closes the poll if open, inserts the decision with the record `build`
   * makes for its id. Throws SQLITE_CONSTRAINT_UNIQUE when the poll already has a decision.
   */
  addDecision(decision: NewDecision, build: (id: number) => { record: string; digest: string }): StoredDecision;
  setAuditSeq(decisionId: number, seq: number): void;
  decision(id: number): StoredDecision | null;
  latestDecision(): StoredDecision | null;
  decisionOfPoll(pollId: number): StoredDecision | null;
  listDecisions(limit: number): DecisionSummary[];
  /** The digest an audit entry carries in its detail, or null (no such entry, no digest). */
  auditedDigest(seq: number): string | null;
}

interface PollDbRow {
  id: number;
  environment: string;
  roles: string;
  opened_at: number;
  opened_by: string;
  closed_at: number | null;
  closed_by: string | null;
}

interface VoteDbRow {
  id: number;
  poll_id: number;
  role: string;
  voter: string;
  choice: VoteChoice;
  reason: string | null;
  at: number;
  snapshot_id: number;
  as_of: number;
  score: number;
  verdict: Verdict;
}

interface DecisionDbRow {
  id: number;
  poll_id: number;
  environment: string;
  decision: Verdict;
  decided_at: number;
  decided_by: string;
  score: number;
  record: string;
  digest: string;
  audit_seq: number | null;
}

const RolesSchema = z.array(z.string());
const AuditDetailDigestSchema = z.object({ digest: z.string() });

function toPoll(row: PollDbRow): PollRow {
  return {
    id: row.id,
    environment: row.environment,
    roles: RolesSchema.parse(JSON.parse(row.roles)),
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
  };
}

function toVote(row: VoteDbRow): Vote {
  return {
    id: row.id,
    pollId: row.poll_id,
    role: row.role,
    voter: row.voter,
    choice: row.choice,
    reason: row.reason,
    at: row.at,
    seen: { snapshotId: row.snapshot_id, asOf: row.as_of, score: row.score, verdict: row.verdict },
  };
}

function toSummary(row: Omit<DecisionDbRow, 'record' | 'audit_seq'>): DecisionSummary {
  return {
    id: row.id,
    pollId: row.poll_id,
    environment: row.environment,
    decision: row.decision,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    score: row.score,
    digest: row.digest,
  };
}

function toDecision(row: DecisionDbRow): StoredDecision {
  return { ...toSummary(row), record: row.record, auditSeq: row.audit_seq };
}

export function createMeetingRepo(db: WritableDb): MeetingRepo {
  const insertSnapshot = db.prepare<[string, number, number, number, Verdict, string], never>(
    'INSERT INTO board_snapshots (environment, as_of, taken_at, score, verdict, evaluation) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const selectSnapshot = db.prepare<[number], { evaluation: string }>('SELECT evaluation FROM board_snapshots WHERE id = ?');
  const insertPoll = db.prepare<[string, string, number, string], never>(
    'INSERT INTO meeting_polls (environment, roles, opened_at, opened_by) VALUES (?, ?, ?, ?)',
  );
  const selectPoll = db.prepare<[number], PollDbRow>('SELECT * FROM meeting_polls WHERE id = ?');
  const selectOpenPoll = db.prepare<[], PollDbRow>('SELECT * FROM meeting_polls WHERE closed_at IS NULL');
  const selectLatestPoll = db.prepare<[], PollDbRow>('SELECT * FROM meeting_polls ORDER BY id DESC LIMIT 1');
  const updateClose = db.prepare<[number, string, number], never>(
    'UPDATE meeting_polls SET closed_at = ?, closed_by = ? WHERE id = ? AND closed_at IS NULL',
  );
  const insertVote = db.prepare<[number, string, string, VoteChoice, string | null, number, number], never>(
    'INSERT INTO meeting_votes (poll_id, role, voter, choice, reason, at, snapshot_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const selectCurrentVotes = db.prepare<[number], VoteDbRow>(
    `SELECT v.*, s.as_of, s.score, s.verdict FROM meeting_votes v JOIN board_snapshots s ON s.id = v.snapshot_id
     WHERE v.id IN (SELECT max(id) FROM meeting_votes WHERE poll_id = ? GROUP BY role)
     ORDER BY (SELECT min(id) FROM meeting_votes f WHERE f.poll_id = v.poll_id AND f.role = v.role)`,
  );
  const selectVote = db.prepare<[number], VoteDbRow>(
    'SELECT v.*, s.as_of, s.score, s.verdict FROM meeting_votes v JOIN board_snapshots s ON s.id = v.snapshot_id WHERE v.id = ?',
  );
  const nextDecisionId = db.prepare<[], { next: number }>('SELECT coalesce(max(id), 0) + 1 AS next FROM decisions');
  const insertDecision = db.prepare<[number, number, string, Verdict, number, string, number, number, string, string], never>(
    `INSERT INTO decisions (id, poll_id, environment, decision, decided_at, decided_by, snapshot_id, score, record, digest)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateAuditSeq = db.prepare<[number, number], never>('UPDATE decisions SET audit_seq = ? WHERE id = ?');
  const selectDecision = db.prepare<[number], DecisionDbRow>('SELECT * FROM decisions WHERE id = ?');
  const selectDecisionOfPoll = db.prepare<[number], DecisionDbRow>('SELECT * FROM decisions WHERE poll_id = ?');
  const selectLatestDecision = db.prepare<[], DecisionDbRow>('SELECT * FROM decisions ORDER BY id DESC LIMIT 1');
  const selectDecisions = db.prepare<[number], Omit<DecisionDbRow, 'record' | 'audit_seq'>>(
    'SELECT id, poll_id, environment, decision, decided_at, decided_by, score, digest FROM decisions ORDER BY id DESC LIMIT ?',
  );
  const selectAuditDetail = db.prepare<[number], { detail: string }>('SELECT detail FROM audit_log WHERE seq = ?');

  const decide = db.transaction((decision: NewDecision, build: (id: number) => { record: string; digest: string }): StoredDecision => {
    updateClose.run(decision.decidedAt, decision.decidedBy, decision.pollId);
    const id = nextDecisionId.get()!.next;
    const { record, digest } = build(id);
    insertDecision.run(
      id, decision.pollId, decision.environment, decision.decision, decision.decidedAt, decision.decidedBy, decision.snapshotId,
      decision.score, record, digest,
    );
    return toDecision(selectDecision.get(id)!);
  });

  return {
    addSnapshot(environment, evaluation, takenAt) {
      const { lastInsertRowid } = insertSnapshot.run(environment, evaluation.asOf, takenAt, evaluation.score, evaluation.verdict, JSON.stringify(evaluation));
      return { snapshotId: Number(lastInsertRowid), asOf: evaluation.asOf, score: evaluation.score, verdict: evaluation.verdict };
    },
    snapshot(id) {
      const row = selectSnapshot.get(id);
      return row ? BoardEvaluationSchema.parse(JSON.parse(row.evaluation)) : null;
    },
    openPoll(poll) {
      const { lastInsertRowid } = insertPoll.run(poll.environment, JSON.stringify(poll.roles), poll.openedAt, poll.openedBy);
      return toPoll(selectPoll.get(Number(lastInsertRowid))!);
    },
    openPollRow() {
      const row = selectOpenPoll.get();
      return row ? toPoll(row) : null;
    },
    latestPoll() {
      const row = selectLatestPoll.get();
      return row ? toPoll(row) : null;
    },
    poll(id) {
      const row = selectPoll.get(id);
      return row ? toPoll(row) : null;
    },
    closePoll(id, by, at) {
      return updateClose.run(at, by, id).changes === 1;
    },
    addVote(vote) {
      const { lastInsertRowid } = insertVote.run(vote.pollId, vote.role, vote.voter, vote.choice, vote.reason, vote.at, vote.seen.snapshotId);
      return toVote(selectVote.get(Number(lastInsertRowid))!);
    },
    currentVotes(pollId) {
      return selectCurrentVotes.all(pollId).map(toVote);
    },
    addDecision: (decision, build) => decide(decision, build),
    setAuditSeq(decisionId, seq) {
      updateAuditSeq.run(seq, decisionId);
    },
    decision(id) {
      const row = selectDecision.get(id);
      return row ? toDecision(row) : null;
    },
    latestDecision() {
      const row = selectLatestDecision.get();
      return row ? toDecision(row) : null;
    },
    decisionOfPoll(pollId) {
      const row = selectDecisionOfPoll.get(pollId);
      return row ? toDecision(row) : null;
    },
    listDecisions(limit) {
      return selectDecisions.all(limit).map(toSummary);
    },
    auditedDigest(seq) {
      const row = selectAuditDetail.get(seq);
      if (!row) return null;
      const parsed = AuditDetailDigestSchema.safeParse(JSON.parse(row.detail));
      return parsed.success ? parsed.data.digest : null;
    },
  };
}
