/** Bucket widths for history charts, and the points of those buckets from raw checks or from minute rollups. */
import type { HealthHistory } from '../../../../shared/domain/probes.js';
import type { ProbeRollup, ProbeSample, RollupBucket } from '../../store/repos/probe-results-repo.js';
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
      const { count, failures, degraded, p50Ms, p95Ms, maxMs } = acc.stats();
      return { at, count, failures, degraded, p50Ms, p95Ms, maxMs };
    });
}

/**
 * Groups minute rollups (of any probes) into buckets of `bucketMs`, the same shape the store
 * returns for rolled-up ranges, so the raw tail merges with them alike.
 */
export function bucketsFromRollups(rollups: readonly ProbeRollup[], bucketMs: number): RollupBucket[] {
  const buckets = new Map<number, RollupBucket>();
  for (const rollup of rollups) {
    const bucketAt = bucketOf(rollup.minuteAt, bucketMs);
    let bucket = buckets.get(bucketAt);
    if (!bucket) {
      bucket = { bucketAt, count: 0, failures: 0, degraded: 0, p95Ms: null, maxMs: null, p50s: [], weights: [] };
      buckets.set(bucketAt, bucket);
    }
    addTo(bucket, rollup);
  }
  return [...buckets.values()];
}

/**
 * Points from buckets of minute rollups (several per bucket when several probes or sources
 * contribute). Counts, failures and degraded checks add up and max is the max of maxes, exactly. Percentiles
 * cannot be merged exactly from summaries, so:
 * - p95 is the highest minute p95 in the bucket: an upper bound that never hides a bad minute
 *   (a spike stays visible on a 28-day chart instead of being averaged away);
 * - p50 is the median of the minute p50s weighted by each minute's answered checks: a
 *   typical-latency figure that one odd minute cannot drag the way a mean would.
 */
export function pointsFromBuckets(buckets: readonly RollupBucket[]): HistoryPoint[] {
  const merged = new Map<number, RollupBucket>();
  for (const bucket of buckets) {
    const into = merged.get(bucket.bucketAt);
    if (!into) merged.set(bucket.bucketAt, { ...bucket, p50s: [...bucket.p50s], weights: [...bucket.weights] });
    else addTo(into, bucket);
  }
  return [...merged.values()]
    .sort((a, b) => a.bucketAt - b.bucketAt)
    .map((b) => ({
      at: b.bucketAt,
      count: b.count,
      failures: b.failures,
      degraded: b.degraded,
      p50Ms: weightedMedian(b.p50s, b.weights),
      p95Ms: b.p95Ms,
      maxMs: b.maxMs,
    }));
}

/** pointsFromBuckets over minute rollups. */
export function pointsFromRollups(rollups: readonly ProbeRollup[], bucketMs: number): HistoryPoint[] {
  return pointsFromBuckets(bucketsFromRollups(rollups, bucketMs));
}

function addTo(bucket: RollupBucket, part: ProbeRollup | RollupBucket): void {
  bucket.count += part.count;
  bucket.failures += part.failures;
  bucket.degraded += part.degraded;
  bucket.maxMs = maxOf(bucket.maxMs, part.maxMs);
  bucket.p95Ms = maxOf(bucket.p95Ms, part.p95Ms);
  if ('minuteAt' in part) {
    const weight = part.count - part.failures;
    if (part.p50Ms !== null && weight > 0) {
      bucket.p50s.push(part.p50Ms);
      bucket.weights.push(weight);
    }
  } else {
    for (let i = 0; i < part.p50s.length; i += 1) {
      bucket.p50s.push(part.p50s[i] ?? 0);
      bucket.weights.push(part.weights[i] ?? 0);
    }
  }
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** The smallest value at which the cumulative weight reaches half the total; null for none. */
export function weightedMedian(values: readonly number[], weights: readonly number[]): number | null {
  if (values.length === 0) return null;
  const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const total = weights.reduce((sum, w) => sum + w, 0);
  let cumulative = 0;
  for (const i of order) {
    cumulative += weights[i] ?? 0;
    if (cumulative * 2 >= total) return values[i] ?? null;
  }
  return values[order.at(-1) ?? 0] ?? null;
}
