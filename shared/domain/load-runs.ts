/**
 * Load runs as the app keeps and shows them: the stored record of a run, its compact per-second
 * series for charts, the overview of the Load view, and the comparison of two runs.
 */
import { z } from 'zod';
import { LoadStatsSchema, LoadSummarySchema, LoadTickSchema, ThresholdVerdictSchema } from './load.js';
import type { LoadSummary, LoadTick } from './load.js';

export const LoadRunStateSchema = z.enum(['running', 'passed', 'failed', 'aborted', 'interrupted']);
export type LoadRunState = z.infer<typeof LoadRunStateSchema>;

/**
 * The whole run in a few figures, for the history and the run panel. From the summary when the
 * run has one. A run that ended without one (interrupted by Warroom stopping, or aborted by an
 * engine error) gets them from its stored seconds: requests, errors and the rates are exact, but
 * the per-second histograms are not kept, so each percentile is the worst second's (an upper bound
 * of the run's): `approximate` says so.
 */
export const LoadHeadlineSchema = z.object({
  requests: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative(),
  errorRate: z.number().min(0).max(1),
  rps: z.number().nonnegative(),
  p50Ms: z.number().nonnegative(),
  p95Ms: z.number().nonnegative(),
  p99Ms: z.number().nonnegative(),
  approximate: z.boolean(),
});
export type LoadHeadline = z.infer<typeof LoadHeadlineSchema>;

/** The exact headline of a run that has its summary. */
export function summaryHeadline({ total }: LoadSummary): LoadHeadline {
  const { requests, errorCount, errorRate, rps, p50Ms, p95Ms, p99Ms } = total;
  return { requests, errorCount, errorRate, rps, p50Ms, p95Ms, p99Ms, approximate: false };
}

/** What produced a run's numbers: Warroom's own engine, Locust (run by Warroom or imported) or k6 (imported). */
export const LoadEngineSchema = z.enum(['builtin', 'locust', 'k6']);
export type LoadEngine = z.infer<typeof LoadEngineSchema>;

/** How a run that is not the built-in engine's came about. */
export const LoadEngineDetailSchema = z.object({
  /** The engine's version as it reported it, when known. */
  version: z.string().nullable(),
  /** The command Warroom ran (the master's, when distributed); null for an import. */
  command: z.string().nullable(),
  /** Distributed Locust: workers expected, and the exact command to start one on another machine. */
  workers: z.number().int().nonnegative(),
  workerCommand: z.string().nullable(),
  /** `run`: Warroom ran the engine; `import`: results produced elsewhere, read from files. */
  source: z.enum(['run', 'import']),
  /** The files the figures were read from (Locust's CSV files, a k6 summary). */
  files: z.array(z.string()),
  /** What a reader must know about the figures (e.g. Locust's bucketed percentiles). */
  notes: z.array(z.string()),
});
export type LoadEngineDetail = z.infer<typeof LoadEngineDetailSchema>;

/** A run as stored: what was asked, how it ended and its summary (histograms left out). */
export const LoadRunRecordSchema = z.object({
  id: z.number().int(),
  profile: z.string(),
  scenario: z.string(),
  environment: z.string(),
  baseUrl: z.string(),
  actor: z.string(),
  model: z.enum(['closed', 'open']),
  state: LoadRunStateSchema,
  startedAt: z.number().int(),
  endedAt: z.number().int().nullable(),
  /** Planned length without the graceful stop, for the progress bar. */
  plannedMs: z.number().int(),
  /** The threshold that decided a failed or aborted run. */
  decidedBy: ThresholdVerdictSchema.nullable(),
  error: z.string().nullable(),
  summary: LoadSummarySchema.nullable(),
  /** Null while running, and for a run that ended before its first stored second. */
  headline: LoadHeadlineSchema.nullable(),
  engine: LoadEngineSchema,
  /** Null for the built-in engine's runs. */
  engineDetail: LoadEngineDetailSchema.nullable(),
});
export type LoadRunRecord = z.infer<typeof LoadRunRecordSchema>;

/** One second of a run, total only: what the charts draw. */
export const LoadSeriesPointSchema = z.object({
  second: z.number().int(),
  rps: z.number(),
  p50Ms: z.number(),
  p90Ms: z.number(),
  p95Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
  errorCount: z.number().int(),
  activeUsers: z.number().int(),
});
export type LoadSeriesPoint = z.infer<typeof LoadSeriesPointSchema>;

/** The chart point of a tick: what the core keeps in memory for the overview and the renderer appends. */
export function seriesPointOf(tick: LoadTick): LoadSeriesPoint {
  return {
    second: tick.second,
    rps: tick.total.rps,
    p50Ms: tick.total.p50Ms,
    p90Ms: tick.total.p90Ms,
    p95Ms: tick.total.p95Ms,
    p99Ms: tick.total.p99Ms,
    maxMs: tick.total.maxMs,
    errorCount: tick.total.errorCount,
    activeUsers: tick.activeUsers,
  };
}

export const LoadProfileViewSchema = z.object({
  id: z.string(),
  description: z.string().nullable(),
  model: z.enum(['closed', 'open']),
  scenario: z.string(),
  /** Planned length in ms. */
  durationMs: z.number().int(),
  /** Peak users (closed) or peak arrivals per second (open). */
  peak: z.number(),
  thresholds: z.array(z.string()),
  baseUrl: z.string().nullable(),
  engine: LoadEngineSchema,
  /** Distributed Locust: the workers the master expects; null otherwise. */
  workers: z.number().int().positive().nullable(),
});
export type LoadProfileView = z.infer<typeof LoadProfileViewSchema>;

export const LoadOverviewSchema = z.object({
  environment: z.string(),
  profiles: z.array(LoadProfileViewSchema),
  /** The run in progress: its record, its series so far and its latest full tick. */
  active: z.object({ run: LoadRunRecordSchema, series: z.array(LoadSeriesPointSchema), latest: LoadTickSchema.nullable() }).nullable(),
  /** Recent runs, newest first. */
  runs: z.array(LoadRunRecordSchema),
});
export type LoadOverview = z.infer<typeof LoadOverviewSchema>;

/** One endpoint of a comparison: a regression is a p95 up by more than 10 % or an error rate up by more than 1 point. */
export const LoadComparisonRowSchema = z.object({
  endpoint: z.string(),
  base: LoadStatsSchema.nullable(),
  current: LoadStatsSchema.nullable(),
  p50ChangePct: z.number().nullable(),
  p95ChangePct: z.number().nullable(),
  p99ChangePct: z.number().nullable(),
  errorRateChange: z.number().nullable(),
  rpsChangePct: z.number().nullable(),
  regression: z.boolean(),
  reasons: z.array(z.string()),
});
export const LoadComparisonSchema = z.object({
  base: LoadRunRecordSchema,
  current: LoadRunRecordSchema,
  total: LoadComparisonRowSchema,
  endpoints: z.array(LoadComparisonRowSchema),
});
export type LoadComparison = z.infer<typeof LoadComparisonSchema>;

export const LoadReportSchema = z.object({ filename: z.string(), mime: z.string(), content: z.string() });
