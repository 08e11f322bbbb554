/** load-profiles-passed, action-succeeded, action-succeeded-after-last: read from stored runs. */
import type { Evidence } from '../../../../shared/domain/board.js';
import { ThresholdVerdictSchema } from '../../../../shared/domain/load.js';
import { verdictLine } from '../../../../shared/format/load.js';
import type { ActionRunEvidence, LoadRunEvidence } from '../../store/repos/board-evidence-reader.js';
import { noEvidence, oldest } from './rule-outcome.js';
import type { RuleContext, RuleOutcome } from './rule-outcome.js';

function loadRunEvidence(run: LoadRunEvidence): Evidence {
  return { what: `load ${run.profile}: ${run.state} (run #${run.id})`, at: run.endedAt, by: run.actor, link: { kind: 'load-run', id: String(run.id) } };
}

/** Why a judged run did not pass: the threshold that decided it, when stored. */
function failedBecause(run: LoadRunEvidence): string {
  const verdict = run.decidedBy ? ThresholdVerdictSchema.safeParse(safeJson(run.decidedBy)) : null;
  return `${run.profile} ${run.state}${verdict?.success ? ` on ${verdictLine(verdict.data)}` : run.error ? `: ${run.error}` : ''} (run #${run.id})`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null; // a malformed column reads as "no threshold recorded", the run's state still counts
  }
}

/** The newest judged run of each profile passed; the oldest of those runs sets the age. */
export function loadProfilesPassed(ctx: RuleContext, profiles: readonly string[], environment: string): RuleOutcome {
  const runs = profiles.map((profile) => ({ profile, run: ctx.evidence.latestJudgedLoadRun(profile, environment, ctx.asOf) }));
  const evidence = runs.flatMap(({ run }) => (run ? [loadRunEvidence(run)] : []));
  const failed = runs.flatMap(({ run }) => (run && run.state !== 'passed' ? [failedBecause(run)] : []));
  const missing = runs.filter(({ run }) => run === null).map(({ profile }) => profile);
  const evidenceAt = oldest(runs.map(({ run }) => run?.endedAt ?? null));
  if (failed.length > 0) {
    const ended = runs.flatMap(({ run }) => (run ? [run.endedAt] : []));
    return { state: 'not-met', why: `failed: ${failed.join('; ')}`, evidence, evidenceAt: Math.min(...ended) };
  }
  if (missing.length > 0) return { ...noEvidence(`no run of ${missing.join(', ')} in ${environment}`), evidence };
  return { state: 'met', why: null, evidence, evidenceAt };
}

function actionRunEvidence(run: ActionRunEvidence, environment: string): Evidence {
  const how = run.state === 'succeeded' ? 'succeeded' : `${run.state.replace('_', ' ')}${run.exitCode !== null ? ` (exit ${run.exitCode})` : ''}`;
  return {
    what: `${run.actionId}${run.dryRun ? ' (dry run)' : ''} ${how} in ${environment} (run #${run.id})`,
    at: run.endedAt,
    by: run.actor,
    link: { kind: 'action-run', id: String(run.id) },
  };
}

/** The action succeeded at least once (its newest success sets the age). */
export function actionSucceeded(ctx: RuleContext, action: string, environment: string, dryRun: boolean | undefined): RuleOutcome {
  const success = ctx.evidence.latestSucceededRun(action, environment, ctx.asOf, dryRun);
  if (success) return { state: 'met', why: null, evidence: [actionRunEvidence(success, environment)], evidenceAt: success.endedAt };
  const kind = dryRun === true ? 'dry run of ' : dryRun === false ? 'real run of ' : '';
  const last = ctx.evidence.latestEndedRun(action, environment, ctx.asOf, dryRun);
  if (!last) return noEvidence(`no ${kind}${action} has run in ${environment}`);
  return {
    state: 'not-met',
    why: `no ${kind}${action} succeeded in ${environment}; the last ${last.state.replace('_', ' ')}${last.reason ? `: ${last.reason}` : ''}`,
    evidence: [actionRunEvidence(last, environment)],
    evidenceAt: last.endedAt,
  };
}

/** The action succeeded after the newest run of `after` began (e.g. validation after the last deploy). */
export function actionSucceededAfterLast(ctx: RuleContext, action: string, after: string, environment: string): RuleOutcome {
  const previous = ctx.evidence.latestStartedRun(after, environment, ctx.asOf);
  const success = ctx.evidence.latestSucceededRun(action, environment, ctx.asOf);
  const previousEvidence = previous ? [actionRunEvidence(previous, environment)] : [];
  if (previous && (previous.state === 'running' || previous.state === 'verifying' || previous.endedAt === null || previous.endedAt > ctx.asOf)) {
    return { state: 'not-met', why: `${after} (run #${previous.id}) is still running`, evidence: previousEvidence, evidenceAt: previous.startedAt };
  }
  if (success && (!previous || (success.startedAt ?? 0) >= (previous.endedAt ?? 0))) {
    return {
      state: 'met',
      why: null,
      evidence: [actionRunEvidence(success, environment), ...(previous ? previousEvidence : [{ what: `no ${after} recorded in ${environment}`, at: null, by: null, link: null }])],
      evidenceAt: success.endedAt,
    };
  }
  if (!previous) return noEvidence(`no ${action} has succeeded in ${environment}`);
  return {
    state: 'not-met',
    why: `no ${action} succeeded since ${after} run #${previous.id}`,
    evidence: [...previousEvidence, ...(success ? [actionRunEvidence(success, environment)] : [])],
    evidenceAt: previous.endedAt,
  };
}
