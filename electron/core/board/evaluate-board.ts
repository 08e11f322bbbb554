/**
 * verdict(t) = criteria × evidence-as-of-t. Reads only evidence stored up to `asOf` and the clock
 * value it is given, so evaluating the same moment again gives the same board: what a decision
 * record freezes and a replay repeats.
 */
import type { BoardEvaluation, CriterionEvaluation, CriterionState, Waiver } from '../../../shared/domain/board.js';
import type { WarroomConfig } from '../../../shared/domain/config.js';
import { formatDuration } from '../../../shared/format/durations.js';
import type { BoardEvidenceReader } from '../store/repos/board-evidence-reader.js';
import type { BoardRecordsRepo } from '../store/repos/board-records-repo.js';
import type { ResolvedBoard, ResolvedCriterion } from './board-criteria.js';
import type { DrillPort, PlanPort, SecurityGatePort } from './ports.js';
import { describeCheck, evaluateCheck } from './rules/index.js';
import type { RuleContext, RuleOutcome } from './rules/index.js';
import { pointsOf, scoreBoard } from './score.js';

export interface BoardInputs {
  board: ResolvedBoard;
  config: WarroomConfig;
  evidence: BoardEvidenceReader;
  records: Pick<BoardRecordsRepo, 'latestSignoffs' | 'waiversAt' | 'nextExpiryAfter'>;
  security: SecurityGatePort;
  drills: DrillPort;
  plan: PlanPort;
}

export function evaluateBoard(inputs: BoardInputs, environment: string, asOf: number): BoardEvaluation {
  const ctx: RuleContext = {
    asOf,
    environment,
    config: inputs.config,
    evidence: inputs.evidence,
    security: inputs.security,
    drills: inputs.drills,
    plan: inputs.plan,
    signoffs: inputs.records.latestSignoffs(asOf),
  };
  const waivers = inputs.records.waiversAt(asOf);
  const waiverOf = new Map<string, Waiver>();
  for (const waiver of waivers) waiverOf.set(waiver.criterionId, waiver); // the newest stands

  const judged = inputs.board.criteria.map((criterion) => judge(criterion, evaluateCheck(ctx, criterion.id, criterion.check), waiverOf.get(criterion.id), asOf));
  const points = pointsOf(judged, inputs.board.categories);
  const score = scoreBoard(judged, points, inputs.board.categories, inputs.board.threshold);
  const criteria = judged.map(({ outcome, ...c }): CriterionEvaluation => ({
    id: c.id,
    title: c.title,
    group: c.group,
    category: c.category,
    weight: c.weight,
    kind: c.check.kind,
    rule: c.check.kind === 'automatic' ? c.check.rule.type : 'signoff',
    asks: describeCheck(c.check, environment),
    hardBlocker: c.hardBlocker,
    maxAgeMs: c.maxAgeMs,
    state: c.state,
    evidenceState: c.evidenceState,
    why: c.why,
    evidence: outcome.evidence,
    evidenceAt: outcome.evidenceAt,
    waiver: c.waiver,
    points: Math.round((points.get(c.id) ?? 0) * 10) / 10,
  }));
  const highRisks = inputs.plan.openHighRisksAt(asOf);
  const riskBlockers =
    inputs.board.highRisks === 'block'
      ? highRisks.map((r) => ({ criterionId: `risk-${r.riskId}`, title: `Risk: ${r.title}`, why: `open, likelihood ${r.likelihood} × impact ${r.impact}${r.owner ? ` (owner ${r.owner})` : ''}` }))
      : [];
  const usedWaivers = criteria.flatMap((c) => (c.state === 'waived' && c.waiver ? [c.waiver] : []));
  return {
    asOf,
    environment,
    score: score.score,
    threshold: inputs.board.threshold,
    verdict: riskBlockers.length > 0 ? 'NO-GO' : score.verdict,
    categories: score.categories,
    criteria,
    blockers: [...score.blockers, ...riskBlockers],
    // A waived criterion is accounted for: it is counted with the waivers, not here.
    staleCount: criteria.filter((c) => c.state === 'stale').length,
    unknownCount: criteria.filter((c) => c.state === 'unknown').length,
    waivers: usedWaivers,
    toGo: score.toGo,
    nextChangeAt: nextChange(criteria, [inputs.records.nextExpiryAfter(asOf), inputs.evidence.nextLoadExceptionExpiryAfter(asOf)], asOf),
    highRisks,
  };
}

type Judged = ResolvedCriterion & {
  outcome: RuleOutcome;
  state: CriterionState;
  evidenceState: Exclude<CriterionState, 'waived'>;
  why: string | null;
  waiver: Waiver | null;
};

/** Applies the max age (old evidence is stale, whatever it said) and a standing waiver. */
function judge(criterion: ResolvedCriterion, outcome: RuleOutcome, waiver: Waiver | undefined, asOf: number): Judged {
  let evidenceState: Judged['evidenceState'] = outcome.state;
  let why = outcome.why;
  if (outcome.state !== 'unknown' && outcome.evidenceAt !== null && asOf - outcome.evidenceAt > criterion.maxAgeMs) {
    evidenceState = 'stale';
    why = `evidence is ${formatDuration(asOf - outcome.evidenceAt)} old (max ${formatDuration(criterion.maxAgeMs)})${outcome.why ? `; ${outcome.why}` : ''}`;
  }
  const waived = evidenceState !== 'met' && waiver !== undefined && !criterion.hardBlocker;
  return {
    ...criterion,
    outcome,
    evidenceState,
    state: waived ? 'waived' : evidenceState,
    why: evidenceState === 'met' ? null : why,
    waiver: waiver ?? null,
  };
}

/** The next moment time alone changes the board: evidence ageing past a max age, a waiver or a load exception expiring. */
function nextChange(criteria: readonly CriterionEvaluation[], expiries: readonly (number | null)[], asOf: number): number | null {
  const times = criteria
    .filter((c) => (c.evidenceState === 'met' || c.evidenceState === 'not-met') && c.evidenceAt !== null)
    .map((c) => (c.evidenceAt ?? 0) + c.maxAgeMs + 1)
    .filter((t) => t > asOf);
  for (const expiry of expiries) if (expiry !== null) times.push(expiry);
  return times.length > 0 ? Math.min(...times) : null;
}
