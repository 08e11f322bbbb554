/**
 * The go/no-go board as the core evaluates it: `verdict(t) = criteria × evidence-as-of-t`.
 * An evaluation is a pure function of the config and the evidence stored up to `asOf`, so a
 * decision record can freeze it whole and a replay at the same `asOf` gives the same answer.
 */
import { z } from 'zod';
import { CriterionGroupSchema, ScoreCategorySchema } from './board-config.js';
import { RiskNoticeSchema } from './plan.js';

/**
 * met: the evidence says yes. not-met: it says no (`why`). unknown: there is no evidence.
 * stale: the newest evidence is older than the criterion's max age (scores zero, like unknown).
 * waived: not met (or unknown, stale), but an unexpired waiver stands for it (scores as met).
 */
export const CriterionStateSchema = z.enum(['met', 'not-met', 'unknown', 'stale', 'waived']);
export type CriterionState = z.infer<typeof CriterionStateSchema>;

/** What a piece of evidence points at, so the board can link to it. */
export const EvidenceLinkSchema = z.object({
  kind: z.enum(['load-run', 'action-run', 'scan', 'signoff', 'service', 'runbook', 'drill-run', 'plan-task']),
  /** The run id, scan id, sign-off id, service id or runbook id. */
  id: z.string(),
});
export type EvidenceLink = z.infer<typeof EvidenceLinkSchema>;

/** One piece of evidence behind a criterion: what, when, by whom, and where it is stored. */
export const EvidenceSchema = z.object({
  what: z.string(),
  /** Epoch ms the evidence was produced (a run's end, a sign-off, the last probe result). */
  at: z.number().int().nullable(),
  by: z.string().nullable(),
  link: EvidenceLinkSchema.nullable(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const SignoffSchema = z.object({
  id: z.number().int(),
  criterionId: z.string(),
  by: z.string(),
  /** The role the criterion asks for, when it names one. */
  role: z.string().nullable(),
  note: z.string().nullable(),
  /** An attachment: a URL or a path the team can open (minutes, a training record). */
  link: z.string().nullable(),
  at: z.number().int(),
});
export type Signoff = z.infer<typeof SignoffSchema>;

export const WaiverSchema = z.object({
  id: z.number().int(),
  criterionId: z.string(),
  owner: z.string(),
  reason: z.string(),
  at: z.number().int(),
  /** Epoch ms from which the criterion counts again. */
  expiresAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
  revokedBy: z.string().nullable(),
});
export type Waiver = z.infer<typeof WaiverSchema>;

export const CriterionEvaluationSchema = z.object({
  id: z.string(),
  title: z.string(),
  group: CriterionGroupSchema,
  category: ScoreCategorySchema,
  weight: z.number(),
  kind: z.enum(['automatic', 'manual']),
  /** The catalogue rule ('load-profiles-passed'…) or 'signoff'. */
  rule: z.string(),
  /** One line saying what the rule asks, e.g. "load profiles smoke, light passed in the last 7 d". */
  asks: z.string(),
  hardBlocker: z.boolean(),
  maxAgeMs: z.number().int(),
  state: CriterionStateSchema,
  /** The state the evidence alone gives (before any waiver). */
  evidenceState: CriterionStateSchema.exclude(['waived']),
  /** Why it is not met (also for unknown and stale); null when met. */
  why: z.string().nullable(),
  evidence: z.array(EvidenceSchema),
  /** The time the criterion's age is measured from (its oldest relevant evidence); null without evidence. */
  evidenceAt: z.number().int().nullable(),
  /** The waiver standing for it at asOf, if any. */
  waiver: WaiverSchema.nullable(),
  /** Points of the total score it gives when met (or waived). */
  points: z.number(),
});
export type CriterionEvaluation = z.infer<typeof CriterionEvaluationSchema>;

export const CategoryScoreSchema = z.object({
  category: ScoreCategorySchema,
  /** The category's weight in the total, as configured (30 for security by default). */
  weight: z.number(),
  /** Percent of the category's criteria weight that is met or waived; null when it has no criteria. */
  score: z.number().nullable(),
  met: z.number().int(),
  total: z.number().int(),
});
export type CategoryScore = z.infer<typeof CategoryScoreSchema>;

export const BlockerSchema = z.object({ criterionId: z.string(), title: z.string(), why: z.string() });
export type Blocker = z.infer<typeof BlockerSchema>;

export const VerdictSchema = z.enum(['GO', 'NO-GO']);
export type Verdict = z.infer<typeof VerdictSchema>;

export const BoardEvaluationSchema = z.object({
  /** Epoch ms the evidence was read as of. */
  asOf: z.number().int(),
  environment: z.string(),
  /** Total score in percent (0–100), one decimal. */
  score: z.number(),
  threshold: z.number(),
  verdict: VerdictSchema,
  categories: z.array(CategoryScoreSchema),
  criteria: z.array(CriterionEvaluationSchema),
  /** Hard blockers not met: NO-GO whatever the score. */
  blockers: z.array(BlockerSchema),
  /** Criteria stale or unknown and not waived ("84 %, 3 stale"). */
  staleCount: z.number().int(),
  unknownCount: z.number().int(),
  /** Waivers standing at asOf that the score counts ("GO with 2 waivers"). */
  waivers: z.array(WaiverSchema),
  /**
   * The smallest set of open criteria whose completion reaches GO (open hard blockers first, then
   * the largest gains); empty on GO; null when even all of them would not reach the threshold.
   */
  toGo: z.array(z.object({ criterionId: z.string(), title: z.string(), points: z.number() })).nullable(),
  /** When the verdict may change by time alone (a waiver expires, evidence ages past a max age). */
  nextChangeAt: z.number().int().nullable(),
  /** Risks open and rated high at asOf (issue 11): information, or blockers when board.highRisks is block. */
  highRisks: z.array(RiskNoticeSchema).default([]),
});
export type BoardEvaluation = z.infer<typeof BoardEvaluationSchema>;

/** Inputs of the board's commands. */
export const BoardGetInputSchema = z.strictObject({
  environment: z.string().optional(),
  /** Evaluate as of this epoch ms (default: now); a decision record or a replay passes its time. */
  asOf: z.number().int().nonnegative().optional(),
});

const Person = z.string().trim().min(1).max(60);

export const SignoffInputSchema = z.strictObject({
  criterionId: z.string().min(1).max(63),
  by: Person,
  note: z.string().trim().max(2000).optional(),
  link: z.string().trim().max(2000).optional(),
});
export type SignoffInput = z.infer<typeof SignoffInputSchema>;

export const WaiveInputSchema = z.strictObject({
  criterionId: z.string().min(1).max(63),
  /** The waiver's owner. */
  by: Person,
  reason: z.string().trim().min(1).max(2000),
  expiresAt: z.number().int().positive(),
});
export type WaiveInput = z.infer<typeof WaiveInputSchema>;

export const RevokeWaiverInputSchema = z.strictObject({ waiverId: z.number().int().positive(), by: Person });
