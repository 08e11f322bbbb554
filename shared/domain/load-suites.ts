/**
 * Load suites as the app keeps and shows them: a suite run and its member runs, a profile's
 * baseline, a documented exception (an accepted failed threshold), and the verdict of a run once
 * its exceptions are counted ("passed with 1 exception").
 */
import { z } from 'zod';
import { LoadComparisonSchema, LoadHeadlineSchema, LoadRunStateSchema } from './load-runs.js';
import type { LoadRunRecord } from './load-runs.js';
import type { ThresholdVerdict } from './load.js';

/** A failed threshold accepted for one run, with why, who answers for it and until when. */
export const LoadExceptionSchema = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  expression: z.string(),
  /** The endpoint the threshold is on; null for all requests. */
  endpoint: z.string().nullable(),
  reason: z.string(),
  owner: z.string(),
  expiresAt: z.number().int(),
  actor: z.string(),
  createdAt: z.number().int(),
  /** When it was withdrawn before its expiry (it stopped counting then), and by whom; null while it stands or lapses on its own. */
  withdrawnAt: z.number().int().nullable(),
  withdrawnBy: z.string().nullable(),
});
export type LoadException = z.infer<typeof LoadExceptionSchema>;

/** The run a profile's later runs are compared with, in one environment. */
export const LoadBaselineSchema = z.object({
  profile: z.string(),
  environment: z.string(),
  runId: z.number().int(),
  actor: z.string(),
  markedAt: z.number().int(),
});
export type LoadBaseline = z.infer<typeof LoadBaselineSchema>;

/**
 * A run's verdict with its exceptions counted: a failed run whose every failed threshold has an
 * exception standing now passes "with N exceptions"; an expired exception no longer counts.
 */
export const LoadVerdictSchema = z.object({
  verdict: z.enum(['passed', 'failed', 'aborted', 'interrupted', 'running']),
  /** Standing exceptions the verdict rests on (0 for a clean pass). */
  exceptions: z.number().int().nonnegative(),
  /** Failed thresholds without a standing exception. */
  unexcused: z.array(z.string()),
  /** "passed", "passed with 1 exception", "failed: p(95) < 500 on GET /x", … */
  line: z.string(),
});
export type LoadVerdict = z.infer<typeof LoadVerdictSchema>;

/** The key of a threshold within a run: its expression and endpoint. */
export function thresholdLabel(t: { expression: string; endpoint?: string | null | undefined }): string {
  return t.endpoint ? `${t.expression} on ${t.endpoint}` : t.expression;
}

const exceptionsWord = (n: number): string => `${n} exception${n === 1 ? '' : 's'}`;

type Lifetime = Pick<LoadException, 'createdAt' | 'expiresAt'> & { withdrawnAt?: number | null | undefined };

/** The exceptions standing at `at`: made by then, not yet expired, not withdrawn by then. */
export function standingAt<T extends Lifetime>(exceptions: readonly T[], at: number): T[] {
  return exceptions.filter((e) => e.createdAt <= at && e.expiresAt > at && (e.withdrawnAt == null || e.withdrawnAt > at));
}

/** Where an exception stands at `at`, in one word. */
export function exceptionStatus(exception: Lifetime, at: number): 'standing' | 'expired' | 'withdrawn' | 'future' {
  if (exception.withdrawnAt != null && exception.withdrawnAt <= at) return 'withdrawn';
  if (exception.expiresAt <= at) return 'expired';
  return exception.createdAt <= at ? 'standing' : 'future';
}

/**
 * Judges a run with the exceptions standing at `at`. Only a run that ran its course and failed a
 * threshold ('failed') can be excused; one aborted by a threshold fails, whatever the exceptions.
 */
export function judgeRun(
  run: Pick<LoadRunRecord, 'state' | 'decidedBy'> & { summary: { thresholds: readonly ThresholdVerdict[] } | null },
  exceptions: readonly (Pick<LoadException, 'expression' | 'endpoint'> & Lifetime)[],
  at: number,
): LoadVerdict {
  if (run.state === 'passed') return { verdict: 'passed', exceptions: 0, unexcused: [], line: 'passed' };
  // Aborted by a threshold (abortOnFail) is a failure; stopped by someone or by an engine error is not judged.
  if (run.state === 'aborted' && run.decidedBy) {
    const label = thresholdLabel(run.decidedBy);
    return { verdict: 'failed', exceptions: 0, unexcused: [label], line: `failed: aborted on ${label}` };
  }
  if (run.state !== 'failed') return { verdict: run.state, exceptions: 0, unexcused: [], line: run.state };
  const standing = standingAt(exceptions, at);
  const failed = (run.summary?.thresholds ?? []).filter((t) => !t.passed);
  const excused = (t: ThresholdVerdict) => standing.some((e) => e.expression === t.expression && (e.endpoint ?? undefined) === (t.endpoint ?? undefined));
  const unexcused = failed.filter((t) => !excused(t)).map(thresholdLabel);
  if (failed.length > 0 && unexcused.length === 0) {
    return { verdict: 'passed', exceptions: failed.length, unexcused: [], line: `passed with ${exceptionsWord(failed.length)}` };
  }
  return { verdict: 'failed', exceptions: 0, unexcused, line: unexcused.length > 0 ? `failed: ${unexcused.join('; ')}` : 'failed' };
}

/** A configured suite, as the Load view lists it. */
export const LoadSuiteViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  profiles: z.array(z.string()),
  onFailure: z.enum(['stop', 'continue']),
  /** The sum of its profiles' planned lengths. */
  plannedMs: z.number().int(),
});
export type LoadSuiteView = z.infer<typeof LoadSuiteViewSchema>;

/**
 * A suite run's lifecycle: running; completed (every test ran); stopped (a test did not pass and
 * the suite stops on failure); cancelled; interrupted (Warroom stopped mid-suite: resumable).
 */
export const LoadSuiteRunStateSchema = z.enum(['running', 'completed', 'stopped', 'cancelled', 'interrupted']);
export type LoadSuiteRunState = z.infer<typeof LoadSuiteRunStateSchema>;

/** One test of a suite run: its newest run at that position (null until it starts). */
export const LoadSuiteMemberSchema = z.object({
  position: z.number().int().nonnegative(),
  profile: z.string(),
  plannedMs: z.number().int(),
  run: z
    .object({
      id: z.number().int(),
      state: LoadRunStateSchema,
      startedAt: z.number().int(),
      endedAt: z.number().int().nullable(),
      headline: LoadHeadlineSchema.nullable(),
    })
    .nullable(),
  /** Earlier runs at this position (an interrupted one before a resume), oldest first. */
  earlierRunIds: z.array(z.number().int()),
  verdict: LoadVerdictSchema.nullable(),
});
export type LoadSuiteMember = z.infer<typeof LoadSuiteMemberSchema>;

export const LoadSuiteRunSchema = z.object({
  id: z.number().int(),
  suite: z.string(),
  title: z.string(),
  environment: z.string(),
  actor: z.string(),
  onFailure: z.enum(['stop', 'continue']),
  state: LoadSuiteRunStateSchema,
  startedAt: z.number().int(),
  endedAt: z.number().int().nullable(),
  plannedMs: z.number().int(),
  /** The profile it was on when it was interrupted or cancelled; null otherwise. */
  stoppedOn: z.string().nullable(),
  /** Why a test could not start, when that stopped the suite. */
  error: z.string().nullable(),
  members: z.array(LoadSuiteMemberSchema),
  /** The suite's verdict with exceptions counted: passed only when every test passed. */
  verdict: z.object({ verdict: z.enum(['passed', 'failed', 'incomplete', 'running']), exceptions: z.number().int(), line: z.string() }),
});
export type LoadSuiteRun = z.infer<typeof LoadSuiteRunSchema>;

/** What the Load view shows of suites, baselines and exceptions. */
export const LoadSuitesOverviewSchema = z.object({
  suites: z.array(LoadSuiteViewSchema),
  /** The suite run in progress, if any. */
  active: LoadSuiteRunSchema.nullable(),
  /** Recent suite runs, newest first. */
  runs: z.array(LoadSuiteRunSchema),
  /** The current baseline of each profile in this environment. */
  baselines: z.array(LoadBaselineSchema),
  /** Exceptions on the recent runs, newest first (expired ones included, to be shown as such). */
  exceptions: z.array(LoadExceptionSchema),
  /** Each recent run's verdict with exceptions counted, by run id. */
  verdicts: z.record(z.string(), LoadVerdictSchema),
});
export type LoadSuitesOverview = z.infer<typeof LoadSuitesOverviewSchema>;

/** A run compared with its profile's baseline (null when the profile has none, or it is the baseline). */
export const LoadBaselineComparisonSchema = z.object({
  baseline: LoadBaselineSchema.nullable(),
  comparison: LoadComparisonSchema.nullable(),
  /** Regressions in words, "total: p95 12 → 15 ms (+25.0 %)". */
  regressions: z.array(z.string()),
});
export type LoadBaselineComparison = z.infer<typeof LoadBaselineComparisonSchema>;
