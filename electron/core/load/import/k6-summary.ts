/**
 * A k6 `--summary-export` file in Warroom's run model. The format (k6's js/summary-wrapper.js,
 * "oldJSONSummary"): `metrics` maps each metric, and each tagged sub-metric such as
 * `http_req_duration{name:GET /x}`, to its values: a trend has avg, min, med, max and the
 * percentiles of summaryTrendStats (default p(90), p(95)), in ms; a counter count and rate; a rate
 * passes (true samples: for http_req_failed, failed requests), fails and value; k6's own
 * thresholds map to true when they FAILED. It has no per-second series and no start time.
 */
import { z } from 'zod';
import type { LoadStats, LoadSummary, LoadThreshold } from '../../../../shared/domain/load.js';
import { evaluateThreshold, parseThreshold } from '../thresholds.js';
import { reportedPercentile, summaryFacts } from '../summary-facts.js';
import { noErrors } from '../locust/locust-results.js';

/** A k6 summary Warroom cannot read: names the file and what is wrong. */
export class K6SummaryError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'K6SummaryError';
  }
}

const MetricValuesSchema = z.record(z.string(), z.union([z.number(), z.record(z.string(), z.boolean())]));
const SummaryExportSchema = z.object({ metrics: z.record(z.string(), MetricValuesSchema) });
type Values = z.infer<typeof MetricValuesSchema>;

const num = (values: Values | undefined, key: string): number | null => {
  const value = values?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/** Percentiles k6 reported ("p(95)" → 95, "med" → 50, "max" → 100). */
function percentilesOf(values: Values): [number, number][] {
  const reported: [number, number][] = [];
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'number') continue;
    const match = /^p\((\d+(?:\.\d+)?)\)$/.exec(key);
    if (match) reported.push([Number(match[1]), value]);
    else if (key === 'med') reported.push([50, value]);
    else if (key === 'max') reported.push([100, value]);
  }
  return reported.sort((a, b) => a[0] - b[0]);
}

/** The smallest reported percentile at or above p (max at worst): an upper bound when k6 did not report p itself. */
interface K6Entry {
  label: string;
  stats: LoadStats;
  percentiles: [number, number][];
}

function entryOf(file: string, metrics: Record<string, Values>, tag: string): K6Entry | null {
  const durations = metrics[`http_req_duration${tag}`];
  const reqs = metrics[`http_reqs${tag}`];
  if (!durations || !reqs) return null;
  const requests = num(reqs, 'count');
  const rps = num(reqs, 'rate');
  if (requests === null || rps === null) throw new K6SummaryError(file, `http_reqs${tag}: expected count and rate`);
  const failed = metrics[`http_req_failed${tag}`];
  const errorCount = num(failed, 'passes') ?? 0;
  const percentiles = percentilesOf(durations);
  const at = (p: number) => reportedPercentile(percentiles, p) ?? 0;
  return {
    label: tag === '' ? '*' : /^\{name:(.*)\}$/.exec(tag)![1]!,
    percentiles,
    stats: {
      requests,
      rps,
      minMs: num(durations, 'min') ?? 0,
      meanMs: num(durations, 'avg') ?? 0,
      p50Ms: at(50),
      p90Ms: at(90),
      p95Ms: at(95),
      p99Ms: at(99),
      p999Ms: at(99.9),
      maxMs: num(durations, 'max') ?? 0,
      errors: { ...noErrors(), other: errorCount },
      errorCount,
      errorRate: num(failed, 'value') ?? (requests > 0 ? errorCount / requests : 0),
      statusCodes: {},
      bytesIn: tag === '' ? (num(metrics.data_received, 'count') ?? 0) : 0,
      bytesOut: tag === '' ? (num(metrics.data_sent, 'count') ?? 0) : 0,
      startedLate: 0,
      skipped: 0,
      dropped: 0,
    },
  };
}

/** A k6 summary as a finished run: totals and the endpoints k6 tagged by name, judged by Warroom's thresholds. */
export function readK6Summary(file: string, text: string, options: { thresholds: LoadThreshold[]; endedAt: number }): { summary: LoadSummary; notes: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new K6SummaryError(file, `not JSON: ${(error as Error).message}`);
  }
  const parsed = SummaryExportSchema.safeParse(json);
  if (!parsed.success) throw new K6SummaryError(file, `not a k6 --summary-export file: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'top level'}: ${i.message}`).join('; ')}`);
  const { metrics } = parsed.data;
  const total = entryOf(file, metrics, '');
  if (!total) throw new K6SummaryError(file, 'no http_reqs and http_req_duration metrics: this summary has no HTTP requests');
  const endpoints = Object.keys(metrics)
    .map((key) => /^http_reqs(\{name:.*\})$/.exec(key)?.[1])
    .filter((tag): tag is string => tag !== undefined)
    .map((tag) => entryOf(file, metrics, tag))
    .filter((entry): entry is K6Entry => entry !== null);

  const thresholds = options.thresholds.map((threshold) => {
    const entry = threshold.endpoint === undefined ? total : endpoints.find((e) => e.label === threshold.endpoint);
    const { actual, passed } = entry ? evaluateThreshold(parseThreshold(threshold.expression), summaryFacts(entry)) : { actual: null, passed: false };
    return { expression: threshold.expression, ...(threshold.endpoint !== undefined ? { endpoint: threshold.endpoint } : {}), actual, passed, abortOnFail: threshold.abortOnFail };
  });
  const firstFailed = thresholds.find((t) => !t.passed) ?? null;
  const durationMs = total.stats.rps > 0 ? Math.round((total.stats.requests / total.stats.rps) * 1000) : 0;
  const own = Object.entries(metrics).flatMap(([metric, values]) =>
    Object.entries(typeof values.thresholds === 'object' ? values.thresholds : {}).map(([expression, failed]) => `${metric} ${expression}: ${failed ? 'failed' : 'passed'}`),
  );
  const reported = total.percentiles.filter(([p]) => p !== 50 && p !== 100).map(([p]) => `p(${p})`);
  const notes = [
    `k6 reported the percentiles ${reported.join(', ') || 'none'} (summaryTrendStats); any other is read as the next one up, at worst the maximum.`,
    'A k6 summary has no per-second series and does not sort failures by kind: they count as "other".',
    ...(own.length > 0 ? [`k6's own thresholds: ${own.join('; ')}.`] : []),
  ];
  return {
    notes,
    summary: {
      outcome: firstFailed ? 'failed' : 'passed',
      stopReason: 'completed',
      decidedBy: firstFailed,
      model: 'closed',
      workers: 1,
      startedAt: options.endedAt - durationMs,
      endedAt: options.endedAt,
      durationMs,
      seconds: 0,
      total: total.stats,
      endpoints: endpoints.map((entry) => ({ endpoint: entry.label, ...entry.stats })),
      thresholds,
    },
  };
}
