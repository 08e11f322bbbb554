/** runbooks-reviewed and manual sign-offs: read from runbook ticks and the board's sign-offs. */
import type { Evidence } from '../../../../shared/domain/board.js';
import type { SignoffSpec } from '../../../../shared/domain/board-config.js';
import { noEvidence, oldest } from './rule-outcome.js';
import type { RuleContext, RuleOutcome } from './rule-outcome.js';

/**
 * Runbooks have no review record of their own: a runbook counts as reviewed when every one of its
 * steps is ticked done, at the time of the last tick (by whoever made it). The oldest review sets
 * the age, so a runbook ticked through long ago turns the criterion stale.
 */
export function runbooksReviewed(ctx: RuleContext, runbooks: readonly string[] | undefined): RuleOutcome {
  const ids = runbooks ?? Object.keys(ctx.config.runbooks ?? {});
  const evidence: Evidence[] = [];
  const incomplete: string[] = [];
  const reviewedAt: (number | null)[] = [];
  for (const id of ids) {
    const steps = ctx.config.runbooks?.[id]?.steps.length ?? 0;
    const marks = ctx.evidence.runbookMarks(id, ctx.asOf);
    const done = marks.filter((mark) => mark.done && mark.step < steps);
    if (done.length < steps) {
      incomplete.push(`${id} (${done.length} of ${steps} steps)`);
      reviewedAt.push(null);
      continue;
    }
    const last = done.reduce((a, b) => (b.at > a.at ? b : a));
    reviewedAt.push(last.at);
    evidence.push({ what: `runbook ${id}: all ${steps} steps ticked`, at: last.at, by: last.by, link: { kind: 'runbook', id } });
  }
  if (incomplete.length > 0) {
    const touched = evidence.length > 0 || ids.some((id) => ctx.evidence.runbookMarks(id, ctx.asOf).length > 0);
    const why = `not reviewed: ${incomplete.join(', ')}`;
    return touched ? { state: 'not-met', why, evidence, evidenceAt: null } : noEvidence(why);
  }
  return { state: 'met', why: null, evidence, evidenceAt: oldest(reviewedAt) };
}

/** A manual criterion: met by its newest sign-off. */
export function signedOff(ctx: RuleContext, criterionId: string, spec: SignoffSpec): RuleOutcome {
  const signoff = ctx.signoffs.get(criterionId);
  if (!signoff) return noEvidence(`awaiting sign-off by ${spec.person ?? spec.role ?? 'someone'}`);
  const what = `signed off${signoff.role ? ` for ${signoff.role}` : ''}${signoff.note ? `: ${signoff.note}` : ''}`;
  return { state: 'met', why: null, evidence: [{ what, at: signoff.at, by: signoff.by, link: { kind: 'signoff', id: String(signoff.id) } }], evidenceAt: signoff.at };
}
