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

/**
 * A manual criterion: met by its newest sign-off, or by the plan tasks linked to it (issue 11)
 * once every one of them is ticked done; the newer of the two is the evidence.
 */
export function signedOff(ctx: RuleContext, criterionId: string, spec: SignoffSpec): RuleOutcome {
  const signoff = ctx.signoffs.get(criterionId);
  const tasks = ctx.plan.linkedTasksAt(criterionId, ctx.asOf);
  const ticked = tasks.length > 0 && tasks.every((t) => t.done) ? tasks.reduce((a, b) => ((b.at ?? 0) > (a.at ?? 0) ? b : a)) : null;
  if (ticked && (!signoff || (ticked.at ?? 0) > signoff.at)) {
    const what = tasks.length === 1 ? `plan task done: ${ticked.text}` : `all ${tasks.length} linked plan tasks done (last: ${ticked.text})`;
    const evidence: Evidence[] = [{ what, at: ticked.at, by: ticked.by, link: { kind: 'plan-task', id: ticked.key } }];
    // What each tick pointed at (a run, a scan, a sign-off) is evidence beside it.
    for (const t of tasks) if (t.evidence) evidence.push({ what: `evidence of "${t.text}"`, at: t.at, by: t.by, link: t.evidence });
    return { state: 'met', why: null, evidence, evidenceAt: ticked.at };
  }
  if (!signoff) {
    const open = tasks.filter((t) => !t.done).map((t) => `"${t.text}"`);
    return noEvidence(`awaiting sign-off by ${spec.person ?? spec.role ?? 'someone'}${open.length > 0 ? ` or the plan task${open.length > 1 ? 's' : ''} ${open.join(', ')}` : ''}`);
  }
  const what = `signed off${signoff.role ? ` for ${signoff.role}` : ''}${signoff.note ? `: ${signoff.note}` : ''}`;
  return { state: 'met', why: null, evidence: [{ what, at: signoff.at, by: signoff.by, link: { kind: 'signoff', id: String(signoff.id) } }], evidenceAt: signoff.at };
}
