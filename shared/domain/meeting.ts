/**
 * The go/no-go meeting: a poll in which roles vote GO / NO-GO / HOLD on the board they see, then a
 * decision record, frozen whole (the board as of the decision, votes, follow-ups) and chained into
 * the audit trail. A record never changes once stored: later evidence moves the board, not it.
 */
import { z } from 'zod';
import { BoardEvaluationSchema, CriterionStateSchema, VerdictSchema } from './board.js';
import { SeveritySchema } from './security.js';

export const VoteChoiceSchema = z.enum(['GO', 'NO-GO', 'HOLD']);
export type VoteChoice = z.infer<typeof VoteChoiceSchema>;
export const VOTE_CHOICES: readonly VoteChoice[] = VoteChoiceSchema.options;

const Person = z.string().trim().min(1).max(60);
const At = z.number().int().nonnegative();

/** A stored board evaluation: what a voter saw, or what a decision froze. */
export const BoardSnapshotRefSchema = z.object({
  snapshotId: z.number().int(),
  /** The moment the evidence was read as of. */
  asOf: z.number().int(),
  score: z.number(),
  verdict: VerdictSchema,
});
export type BoardSnapshotRef = z.infer<typeof BoardSnapshotRefSchema>;

export const VoteSchema = z.object({
  id: z.number().int(),
  pollId: z.number().int(),
  role: z.string(),
  voter: z.string(),
  choice: VoteChoiceSchema,
  /** Required for NO-GO, optional otherwise. */
  reason: z.string().nullable(),
  at: z.number().int(),
  /** The board the voter saw, stored when the vote was cast. */
  seen: BoardSnapshotRefSchema,
});
export type Vote = z.infer<typeof VoteSchema>;

export const TallySchema = z.object({
  GO: z.number().int(),
  'NO-GO': z.number().int(),
  HOLD: z.number().int(),
  /** Roles that have not voted (yet). */
  missing: z.array(z.string()),
});
export type Tally = z.infer<typeof TallySchema>;

export const PollSchema = z.object({
  id: z.number().int(),
  environment: z.string(),
  /** The roles that vote, as configured (board.roles) when the poll opened. */
  roles: z.array(z.string()),
  openedAt: z.number().int(),
  openedBy: z.string(),
  state: z.enum(['open', 'closed']),
  closedAt: z.number().int().nullable(),
  closedBy: z.string().nullable(),
  /** The vote that counts per role (the latest; earlier ones stay stored). */
  votes: z.array(VoteSchema),
  tally: TallySchema,
  /** The decision recorded on this poll, if any. */
  decisionId: z.number().int().nullable(),
});
export type Poll = z.infer<typeof PollSchema>;

/** A finding the security register records as an accepted risk (issue 9); read through a port. */
export const AcceptedRiskSchema = z.object({
  findingId: z.string(),
  title: z.string(),
  severity: SeveritySchema,
  acceptedBy: z.string().nullable(),
  reason: z.string().nullable(),
  /** When the acceptance ends and the finding counts against the gate again. */
  expiresAt: z.number().int().nullable(),
});
export type AcceptedRisk = z.infer<typeof AcceptedRiskSchema>;

/** A criterion of the frozen board that is not plainly met (waived ones are still open work). */
export const OpenItemSchema = z.object({
  criterionId: z.string(),
  title: z.string(),
  state: CriterionStateSchema,
  why: z.string().nullable(),
  hardBlocker: z.boolean(),
});
export type OpenItem = z.infer<typeof OpenItemSchema>;

export const LaunchStepSchema = z.strictObject({ at: At, what: z.string().trim().min(1).max(500) });
export type LaunchStep = z.infer<typeof LaunchStepSchema>;

export const RemediationItemSchema = z.object({
  criterionId: z.string(),
  title: z.string(),
  owner: z.string(),
  dueAt: z.number().int(),
  note: z.string().nullable(),
});
export type RemediationItem = z.infer<typeof RemediationItemSchema>;

export const FollowUpsSchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('GO'),
    launchAt: z.number().int(),
    /** The launch schedule, in time order. */
    schedule: z.array(LaunchStepSchema),
    announcement: z.string(),
  }),
  z.object({
    decision: z.literal('NO-GO'),
    /** Hard blockers first, then every other criterion not met, with why. */
    blockingIssues: z.array(OpenItemSchema),
    /** One item per unmet criterion: owner and due date. */
    remediation: z.array(RemediationItemSchema),
    newTargetAt: z.number().int(),
  }),
]);
export type FollowUps = z.infer<typeof FollowUpsSchema>;

/** What is frozen: everything the digest covers. */
export const FrozenDecisionSchema = z.object({
  id: z.number().int(),
  pollId: z.number().int(),
  environment: z.string(),
  decision: VerdictSchema,
  rationale: z.string(),
  decidedBy: z.string(),
  decidedAt: z.number().int(),
  attendees: z.array(z.string()),
  votes: z.array(VoteSchema),
  tally: TallySchema,
  /** The board as of the decision: score per category, criteria with their evidence, waivers, blockers. */
  board: BoardEvaluationSchema,
  snapshotId: z.number().int(),
  /** Accepted security risks as of the decision; null when there is no security register. */
  acceptedRisks: z.array(AcceptedRiskSchema).nullable(),
  openItems: z.array(OpenItemSchema),
  followUps: FollowUpsSchema,
});
export type FrozenDecision = z.infer<typeof FrozenDecisionSchema>;

export const DecisionRecordSchema = FrozenDecisionSchema.extend({
  /** sha256 (hex) of the canonical JSON of the frozen part; the audit entry carries it too. */
  digest: z.string(),
  /** The audit trail entry that chains this record in (null only if the audit write failed). */
  auditSeq: z.number().int().nullable(),
  /** Whether the stored record still hashes to its digest. */
  intact: z.boolean(),
});
export type DecisionRecord = z.infer<typeof DecisionRecordSchema>;

export const DecisionSummarySchema = z.object({
  id: z.number().int(),
  pollId: z.number().int(),
  environment: z.string(),
  decision: VerdictSchema,
  decidedBy: z.string(),
  decidedAt: z.number().int(),
  score: z.number(),
  digest: z.string(),
});
export type DecisionSummary = z.infer<typeof DecisionSummarySchema>;

// ---- inputs ----

export const MeetingGetInputSchema = z.strictObject({});

export const OpenPollInputSchema = z.strictObject({
  by: Person,
  /** The environment the launch is decided for (default: the core's). */
  environment: z.string().optional(),
});

export const VoteInputSchema = z.strictObject({
  pollId: z.number().int().positive(),
  role: z.string().min(1).max(63),
  by: Person,
  choice: VoteChoiceSchema,
  reason: z.string().trim().max(2000).optional(),
  /** The asOf of the board on the voter's screen (default: now), so the stored snapshot is what they saw. */
  boardAsOf: At.optional(),
});
export type VoteInput = z.infer<typeof VoteInputSchema>;

export const ClosePollInputSchema = z.strictObject({ pollId: z.number().int().positive(), by: Person });

const decisionCommon = {
  pollId: z.number().int().positive(),
  by: Person,
  rationale: z.string().trim().min(1).max(10_000),
  attendees: z.array(Person).min(1).max(100),
};

export const RemediationInputSchema = z.strictObject({
  criterionId: z.string().min(1).max(63),
  owner: Person,
  dueAt: At,
  note: z.string().trim().max(2000).optional(),
});

export const RecordDecisionInputSchema = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('GO'),
    ...decisionCommon,
    launchAt: At,
    schedule: z.array(LaunchStepSchema).max(100).default([]),
    announcement: z.string().trim().min(1).max(10_000),
  }),
  z.strictObject({
    decision: z.literal('NO-GO'),
    ...decisionCommon,
    remediation: z.array(RemediationInputSchema).max(500),
    newTargetAt: At,
  }),
]);
export type RecordDecisionInput = z.output<typeof RecordDecisionInputSchema>;

export const DecisionGetInputSchema = z.strictObject({
  /** Default: the newest decision (null when none was ever recorded). */
  decisionId: z.number().int().positive().optional(),
});

export const DecisionListInputSchema = z.strictObject({ limit: z.number().int().min(1).max(500).default(50) });

export const DecisionExportFormatSchema = z.enum(['md', 'html']);
export type DecisionExportFormat = z.infer<typeof DecisionExportFormatSchema>;

export const DecisionExportInputSchema = z.strictObject({
  decisionId: z.number().int().positive().optional(),
  /** md: Markdown; html: a self-contained printable page (the shells print it to PDF). */
  format: DecisionExportFormatSchema.default('md'),
});

export const DecisionExportSchema = z.object({
  decisionId: z.number().int(),
  fileName: z.string(),
  mediaType: z.string(),
  content: z.string(),
});
export type DecisionExport = z.infer<typeof DecisionExportSchema>;
