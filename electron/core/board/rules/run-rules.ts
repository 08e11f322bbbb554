/** load-profiles-passed, load-suite-passed, action-succeeded, action-succeeded-after-last: read from stored runs. */
import type { Evidence } from '../../../../shared/domain/board.js';
import { z } from 'zod';
import { ThresholdVerdictSchema } from '../../../../shared/domain/load.js';
import { judgeRun } from '../../../../shared/domain/load-suites.js';
import { verdictLine } from '../../../../shared/format/load.js';
import type { ActionRunEvidence, LoadRunEvidence } from '../../store/repos/board-evidence-reader.js';
import { noEvidence, oldest } from './rule-outcome.js';
import type { RuleContext, RuleOutcome } from './rule-outcome.js';

/** A judged run with its standing exceptions counted: "passed with 1 exception" passes. */
interface JudgedLoadRun {
  run: LoadRunEvidence;
  passed: boolean;
  exceptions: number;
}

function judged(ctx: RuleContext, run: LoadRunEvidence): JudgedLoadRun {
  if (run.state !== 'failed') return { run, passed: run.state === 'passed', exceptions: 0 };
  const thresholds = z.array(ThresholdVerdictSchema).safeParse(safeJson(run.thresholds));
  // A failed run without readable verdicts cannot be excused: it stays failed.
  if (!thresholds.success) return { run, passed: false, exceptions: 0 };
  const verdict = judgeRun({ state: run.state, decidedBy: null, summary: { thresholds: thresholds.data } }, ctx.evidence.loadExceptionsAt(run.id, ctx.asOf), ctx.asOf);
  return { run, passed: verdict.verdict === 'passed', exceptions: verdict.exceptions };
}

const exceptionsWord = (n: number) => `${n} exception${n === 1 ? '' : 's'}`;

function loadRunEvidence({ run, passed, exceptions }: JudgedLoadRun): Evidence {
  const state = passed && exceptions > 0 ? `passed with ${exceptionsWord(exceptions)}` : run.state;
  return { what: `load ${run.profile}: ${state} (run #${run.id})`, at: run.endedAt, by: run.actor, link: { kind: 'load-run', id: String(run.id) } };
}

/** Why a judged run did not pass: the threshold that decided it, when stored. */
function failedBecause(run: LoadRunEvidence): string {
  const verdict = run.decidedBy ? ThresholdVerdictSchema.safeParse(safeJson(run.decidedBy)) : null;
  return `${run.profile} ${run.state}${verdict?.success ? ` on ${verdictLine(verdict.data)}` : run.error ? `: ${run.error}` : ''} (run #${run.id})`;
}

function safeJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null; // a malformed column reads as "no threshold recorded", the run's state still counts
  }
}

/**
 * The newest judged run of each profile passed (a failed one whose every failed threshold has a
 * standing exception passes, its exceptions named); the oldest of those runs sets the age, so
 * a run older than the criterion's max age makes it stale, never met.
 */
export function loadProfilesPassed(ctx: RuleContext, profiles: readonly string[], environment: string, what = ''): RuleOutcome {
  const runs = profiles.map((profile) => {
    const run = ctx.evidence.latestJudgedLoadRun(profile, environment, ctx.asOf);
    return { profile, judged: run ? judged(ctx, run) : null };
  });
  const evidence = runs.flatMap(({ judged }) => (judged ? [loadRunEvidence(judged)] : []));
  const failed = runs.flatMap(({ judged }) => (judged && !judged.passed ? [failedBecause(judged.run)] : []));
  const missing = runs.filter(({ judged }) => judged === null).map(({ profile }) => profile);
  const evidenceAt = oldest(runs.map(({ judged }) => judged?.run.endedAt ?? null));
  if (failed.length > 0) {
    const ended = runs.flatMap(({ judged }) => (judged ? [judged.run.endedAt] : []));
    return { state: 'not-met', why: `${what}failed: ${failed.join('; ')}`, evidence, evidenceAt: Math.min(...ended) };
  }
  if (missing.length > 0) return { ...noEvidence(`${what}no run of ${missing.join(', ')} in ${environment}`), evidence };
  const exceptions = runs.reduce((sum, { judged }) => sum + (judged?.exceptions ?? 0), 0);
  // Met, but the board says on what: the exceptions it rests on.
  if (exceptions > 0) evidence.unshift({ what: `${what}passed with ${exceptionsWord(exceptions)}`, at: null, by: null, link: null });
  return { state: 'met', why: null, evidence, evidenceAt };
}

/** Every test of a configured suite: the newest judged run of each of its profiles, as above. */
export function loadSuitePassed(ctx: RuleContext, suiteId: string, environment: string): RuleOutcome {
  const suite = ctx.config.load?.suites[suiteId];
  if (!suite) return noEvidence(`no load suite "${suiteId}" in the config`);
  return loadProfilesPassed(ctx, suite.profiles, environment, `suite ${suite.title ?? suiteId}: `);
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
