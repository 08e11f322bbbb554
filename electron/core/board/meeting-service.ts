/**
 * The go/no-go meeting: one open poll at a time in which the configured roles vote GO / NO-GO /
 * HOLD (each vote stores the board the voter saw), then one decision per poll, frozen whole with
 * the board as of that moment and chained into the audit trail. Everything is audited and
 * announced (meeting.changed, decision.recorded) after it is stored.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_SIGNOFF_ROLES } from '../../../shared/domain/board-config.js';
import type { BoardEvaluation } from '../../../shared/domain/board.js';
import type { WarroomConfig } from '../../../shared/domain/config.js';
import { FrozenDecisionSchema } from '../../../shared/domain/meeting.js';
import type {
  DecisionRecord,
  DecisionSummary,
  FollowUps,
  FrozenDecision,
  OpenItem,
  Poll,
  RecordDecisionInput,
  Tally,
  Vote,
  VoteInput,
} from '../../../shared/domain/meeting.js';
import { AuditHeadError } from '../audit/audit-log.js';
import type { AuditLog } from '../audit/audit-log.js';
import { canonicalJson, jsonValue } from '../audit/canonical-json.js';
import type { EventBus } from '../bus.js';
import type { Clock } from '../clock.js';
import { ConflictError, InvalidRequestError, NotFoundError } from '../errors.js';
import type { MeetingRepo, PollRow, StoredDecision } from '../store/repos/meeting-repo.js';
import { noSecurityRegister } from './meeting-ports.js';
import type { AcceptedRisksPort, BoardReader } from './meeting-ports.js';

export interface MeetingServiceDeps {
  config: WarroomConfig;
  /** The environment the core follows: a poll's default. */
  environment: string;
  board: BoardReader;
  repo: MeetingRepo;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
  risks?: AcceptedRisksPort | undefined;
}

export interface MeetingService {
  /** The voting roles and the current poll: the open one, else the latest (null before the first). */
  get(): { roles: string[]; poll: Poll | null };
  openPoll(input: { by: string; environment?: string | undefined }): Poll;
  vote(input: VoteInput): Vote;
  closePoll(pollId: number, by: string): Poll;
  record(input: RecordDecisionInput): DecisionRecord;
  /** A decision (default: the newest; null when none was recorded), checked against its digest. */
  decision(decisionId?: number): DecisionRecord | null;
  list(limit: number): DecisionSummary[];
}

export function createMeetingService(deps: MeetingServiceDeps): MeetingService {
  const { repo, audit, bus, clock } = deps;
  const risks = deps.risks ?? noSecurityRegister;
  const roles = (): string[] => [...(deps.config.board?.roles ?? DEFAULT_SIGNOFF_ROLES)];

  function pollView(row: PollRow): Poll {
    const votes = repo.currentVotes(row.id);
    return {
      ...row,
      state: row.closedAt === null ? 'open' : 'closed',
      votes,
      tally: tallyOf(row.roles, votes),
      decisionId: repo.decisionOfPoll(row.id)?.id ?? null,
    };
  }

  function pollOrThrow(pollId: number): PollRow {
    const row = repo.poll(pollId);
    if (!row) throw new NotFoundError(`no poll #${pollId}`);
    return row;
  }

  function announce(pollId: number): Poll {
    const poll = pollView(pollOrThrow(pollId));
    bus.emit('meeting.changed', poll);
    return poll;
  }

  function decisionView(stored: StoredDecision): DecisionRecord {
    const parsed = FrozenDecisionSchema.safeParse(JSON.parse(stored.record));
    if (!parsed.success) throw new Error(`decision record #${stored.id} is damaged: it no longer reads as a decision record`);
    const intact = sha256(stored.record) === stored.digest && (stored.auditSeq === null || repo.auditedDigest(stored.auditSeq) === stored.digest);
    return { ...parsed.data, digest: stored.digest, auditSeq: stored.auditSeq, intact };
  }

  return {
    get() {
      const row = repo.openPollRow() ?? repo.latestPoll();
      return { roles: roles(), poll: row ? pollView(row) : null };
    },

    openPoll({ by, environment }) {
      const env = environment ?? deps.environment;
      if (!Object.hasOwn(deps.config.environments, env)) {
        throw new NotFoundError(`no environment "${env}" (known: ${Object.keys(deps.config.environments).join(', ')})`);
      }
      const open = repo.openPollRow();
      if (open) throw pollAlreadyOpen(open);
      let row: PollRow;
      try {
        row = repo.openPoll({ environment: env, roles: roles(), openedAt: clock.now(), openedBy: by });
      } catch (error) {
        // Another process opened one between our look and our insert.
        const winner = isUniqueViolation(error) ? repo.openPollRow() : null;
        if (winner) throw pollAlreadyOpen(winner);
        throw error;
      }
      audit.append({ actor: by, event: 'poll_opened', detail: { pollId: row.id, environment: env, roles: row.roles } });
      return announce(row.id);
    },

    vote({ pollId, role, by, choice, reason, boardAsOf }) {
      const poll = pollOrThrow(pollId);
      if (poll.closedAt !== null) throw new ConflictError(`poll #${pollId} is closed (by ${poll.closedBy ?? 'someone'}): it takes no more votes`);
      if (!poll.roles.includes(role)) throw new InvalidRequestError(`"${role}" does not vote in poll #${pollId} (roles: ${poll.roles.join(', ')})`);
      const why = reason?.trim() || null;
      if (choice === 'NO-GO' && !why) throw new InvalidRequestError('a NO-GO vote needs a reason: say what must change for GO');
      const now = clock.now();
      const board = deps.board.get({ environment: poll.environment, asOf: boardAsOf ?? now });
      const seen = repo.addSnapshot(poll.environment, board, now);
      const vote = repo.addVote({ pollId, role, voter: by, choice, reason: why, at: now, seen });
      audit.append({
        actor: by,
        event: 'voted',
        detail: { pollId, voteId: vote.id, role, choice, reason: why, snapshotId: seen.snapshotId, score: seen.score, boardVerdict: seen.verdict },
      });
      announce(pollId);
      return vote;
    },

    closePoll(pollId, by) {
      const poll = pollOrThrow(pollId);
      if (!repo.closePoll(pollId, by, clock.now())) {
        throw new ConflictError(`poll #${pollId} was already closed by ${poll.closedBy ?? 'someone'}`);
      }
      audit.append({ actor: by, event: 'poll_closed', detail: { pollId } });
      return announce(pollId);
    },

    record(input) {
      const poll = pollOrThrow(input.pollId);
      const earlier = repo.decisionOfPoll(poll.id);
      if (earlier) throw justRecorded(earlier);
      const now = clock.now();
      const board = deps.board.get({ environment: poll.environment, asOf: now });
      if (input.decision === 'GO' && board.verdict !== 'GO') throw boardSaysNoGo(board);
      const openItems = openItemsOf(board);
      const followUps = followUpsOf(input, openItems, now);
      const votes = repo.currentVotes(poll.id);
      const snapshot = repo.addSnapshot(poll.environment, board, now);
      const acceptedRisks = risks.acceptedAt(now);

      let stored: StoredDecision;
      try {
        stored = repo.addDecision(
          { pollId: poll.id, environment: poll.environment, decision: input.decision, decidedAt: now, decidedBy: input.by, snapshotId: snapshot.snapshotId, score: board.score },
          (id) => {
            const frozen: FrozenDecision = {
              id,
              pollId: poll.id,
              environment: poll.environment,
              decision: input.decision,
              rationale: input.rationale,
              decidedBy: input.by,
              decidedAt: now,
              attendees: input.attendees,
              votes,
              tally: tallyOf(poll.roles, votes),
              board,
              snapshotId: snapshot.snapshotId,
              acceptedRisks,
              openItems,
              followUps,
            };
            const record = canonicalJson(jsonValue(frozen));
            return { record, digest: sha256(record) };
          },
        );
      } catch (error) {
        // Another operator (another process) recorded one between our look and our insert.
        const winner = isUniqueViolation(error) ? repo.decisionOfPoll(poll.id) : null;
        if (winner) throw justRecorded(winner);
        throw error;
      }

      const detail = { decisionId: stored.id, pollId: poll.id, environment: poll.environment, decision: input.decision, digest: stored.digest, snapshotId: snapshot.snapshotId, score: board.score };
      try {
        repo.setAuditSeq(stored.id, audit.append({ actor: input.by, event: 'decision_recorded', detail }).seq);
      } catch (error) {
        // The entry is committed; only the head file lags, which audit.verify reports.
        if (!(error instanceof AuditHeadError)) throw error;
        repo.setAuditSeq(stored.id, error.entry.seq);
      }
      const record = decisionView(repo.decision(stored.id)!);
      bus.emit('decision.recorded', record);
      announce(poll.id);
      return record;
    },

    decision(decisionId) {
      if (decisionId === undefined) {
        const latest = repo.latestDecision();
        return latest ? decisionView(latest) : null;
      }
      const stored = repo.decision(decisionId);
      if (!stored) throw new NotFoundError(`no decision #${decisionId}`);
      return decisionView(stored);
    },

    list: (limit) => repo.listDecisions(limit),
  };
}

function tallyOf(roles: readonly string[], votes: readonly Vote[]): Tally {
  const tally: Tally = { GO: 0, 'NO-GO': 0, HOLD: 0, missing: roles.filter((role) => !votes.some((v) => v.role === role)) };
  for (const vote of votes) tally[vote.choice] += 1;
  return tally;
}

/** Every criterion not plainly met, hard blockers first, in board order otherwise. */
function openItemsOf(board: BoardEvaluation): OpenItem[] {
  return board.criteria
    .filter((c) => c.state !== 'met')
    .map((c) => ({ criterionId: c.id, title: c.title, state: c.state, why: c.why, hardBlocker: c.hardBlocker }))
    .sort((a, b) => Number(b.hardBlocker) - Number(a.hardBlocker));
}

function followUpsOf(input: RecordDecisionInput, openItems: readonly OpenItem[], now: number): FollowUps {
  if (input.decision === 'GO') {
    if (input.launchAt < now) throw new InvalidRequestError(`the launch time ${iso(input.launchAt)} has passed: give a launch time from now on`);
    const schedule = [...input.schedule].sort((a, b) => a.at - b.at);
    return { decision: 'GO', launchAt: input.launchAt, schedule, announcement: input.announcement };
  }
  if (input.newTargetAt <= now) throw new InvalidRequestError(`the new target date ${iso(input.newTargetAt)} has passed: give one in the future`);
  const unmet = openItems.filter((item) => item.state !== 'waived');
  const given = new Map<string, (typeof input.remediation)[number]>();
  for (const [i, item] of input.remediation.entries()) {
    if (!unmet.some((u) => u.criterionId === item.criterionId)) {
      throw new InvalidRequestError(`remediation[${i}]: "${item.criterionId}" is not an unmet criterion of the board (unmet: ${unmet.map((u) => u.criterionId).join(', ') || 'none'})`);
    }
    if (given.has(item.criterionId)) throw new InvalidRequestError(`remediation[${i}]: "${item.criterionId}" has an item already: one item per unmet criterion`);
    given.set(item.criterionId, item);
  }
  const missing = unmet.filter((u) => !given.has(u.criterionId));
  if (missing.length > 0) {
    throw new InvalidRequestError(`the remediation plan needs one item (owner, due date) per unmet criterion; missing: ${missing.map((m) => m.criterionId).join(', ')}`);
  }
  return {
    decision: 'NO-GO',
    blockingIssues: unmet,
    remediation: unmet.map((u) => {
      const item = given.get(u.criterionId)!;
      return { criterionId: u.criterionId, title: u.title, owner: item.owner, dueAt: item.dueAt, note: item.note || null };
    }),
    newTargetAt: input.newTargetAt,
  };
}

function pollAlreadyOpen(open: PollRow): ConflictError {
  return new ConflictError(`poll #${open.id} is open (opened by ${open.openedBy} at ${iso(open.openedAt)}): close it or decide on it first`);
}

function justRecorded(decision: StoredDecision): ConflictError {
  return new ConflictError(
    `a decision was just recorded: ${decision.decision} by ${decision.decidedBy} at ${iso(decision.decidedAt)} (decision #${decision.id}); nothing else was stored`,
  );
}

function boardSaysNoGo(board: BoardEvaluation): ConflictError {
  const blockers = board.blockers.length > 0 ? `; hard blockers: ${board.blockers.map((b) => b.title).join(', ')}` : '';
  return new ConflictError(
    `the board reads NO-GO (${board.score} %, GO needs ${board.threshold} %${blockers}): meet or waive the open criteria, or record NO-GO`,
  );
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function iso(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
