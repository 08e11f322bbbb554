/** Bucket widths for history charts, and the points of those buckets from raw checks or from minute rollups. */
import type { HealthHistory } from '../../../shared/domain/probes.js';
import type { ProbeRollup, ProbeSample } from '../../store/repos/probe-results-repo.js';
import { CheckAccumulator } from './minute-rollups.js';

export type HistoryPoint = HealthHistory['points'][number];

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Widths a chart may use, finest first: 1 s, 5 s, 15 s, 1 m, 5 m, 15 m, 1 h, 6 h, 1 d. */
export const BUCKET_WIDTHS_MS: readonly number[] = [SECOND, 5 * SECOND, 15 * SECOND, MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 6 * HOUR, DAY];

/** Buckets are aligned to multiples of their width since the epoch (so days are UTC days). */
export function bucketOf(at: number, bucketMs: number): number {
  return Math.floor(at / bucketMs) * bucketMs;
}

function bucketCount(fromAt: number, toAt: number, bucketMs: number): number {
  return (bucketOf(toAt - 1, bucketMs) - bucketOf(fromAt, bucketMs)) / bucketMs + 1;
}

/**
 * The finest width of at least `minBucketMs` that covers `[fromAt, toAt)` in at most `maxPoints`
 * aligned buckets; beyond a day per bucket, whole multiples of a day.
 */
export function pickBucketMs(fromAt: number, toAt: number, maxPoints: number, minBucketMs: number): number {
  const limit = Math.max(1, Math.floor(maxPoints));
  for (const width of BUCKET_WIDTHS_MS) {
    if (width >= minBucketMs && bucketCount(fromAt, toAt, width) <= limit) return width;
  }
  let days = Math.max(1, Math.ceil((toAt - fromAt) / DAY / limit));
  while (bucketCount(fromAt, toAt, days * DAY) > limit) days += 1;
  return days * DAY;
}

/** Exact points from raw checks: percentiles over every answered check of the bucket. */
export function pointsFromSamples(samples: readonly ProbeSample[], bucketMs: number): HistoryPoint[] {
  const buckets = new Map<number, CheckAccumulator>();
  for (const sample of samples) {
    const at = bucketOf(sample.at, bucketMs);
    let acc = buckets.get(at);
    if (!acc) {
      acc = new CheckAccumulator();
      buckets.set(at, acc);
    }
    acc.add(sample.outcome, sample.latencyMs);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([at, acc]) => {
      const { count, failures, p50Ms, p95Ms, maxMs } = acc.stats();
      return { at, count, failures, p50Ms, p95Ms, maxMs };
    });
}

interface MergedBucket {
  count: number;
  failures: number;
  maxMs: number | null;
  p95Ms: number | null;
  /** Minute p50s with their weights (answered checks). */
  medians: { p50Ms: number; weight: number }[];
}

/**
 * Points from minute rollups (of any number of probes) merged per bucket. Counts and failures
 * add up and max is the max of maxes, exactly. Percentiles cannot be merged exactly from
 * summaries, so:
 * - p95 is the highest minute p95 in the bucket: an upper bound that never hides a bad minute
 *   (a spike stays visible on a 28-day chart instead of being averaged away);
 * - p50 is the median of the minute p50s weighted by each minute's answered checks: a
 *   typical-latency figure that one odd minute cannot drag the way a mean would.
 */
export function pointsFromRollups(rollups: readonly ProbeRollup[], bucketMs: number): HistoryPoint[] {
  const buckets = new Map<number, MergedBucket>();
  for (const rollup of rollups) {
    const at = bucketOf(rollup.minuteAt, bucketMs);
    let bucket = buckets.get(at);
    if (!bucket) {
      bucket = { count: 0, failures: 0, maxMs: null, p95Ms: null, medians: [] };
      buckets.set(at, bucket);
    }
    bucket.count += rollup.count;
    bucket.failures += rollup.failures;
    bucket.maxMs = maxOf(bucket.maxMs, rollup.maxMs);
    bucket.p95Ms = maxOf(bucket.p95Ms, rollup.p95Ms);
    const weight = rollup.count - rollup.failures;
    if (rollup.p50Ms !== null && weight > 0) bucket.medians.push({ p50Ms: rollup.p50Ms, weight });
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([at, b]) => ({ at, count: b.count, failures: b.failures, p50Ms: weightedMedian(b.medians), p95Ms: b.p95Ms, maxMs: b.maxMs }));
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** The smallest value at which the cumulative weight reaches half the total. */
export function weightedMedian(values: { p50Ms: number; weight: number }[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a.p50Ms - b.p50Ms);
  const total = values.reduce((sum, v) => sum + v.weight, 0);
  let cumulative = 0;
  for (const v of values) {
    cumulative += v.weight;
    if (cumulative * 2 >= total) return v.p50Ms;
  }
  return values.at(-1)?.p50Ms ?? null;
}
