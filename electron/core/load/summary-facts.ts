/**
 * Thresholds judged on an engine's own summary (Locust's CSV, a k6 summary export) rather than on
 * Warroom's histograms: the engine reports totals and a few percentiles, never the samples.
 */
import type { LoadStats } from '../../../shared/domain/load.js';
import type { ThresholdFacts } from './thresholds.js';

/** Percentile (e.g. 99.9) → ms, as the engine reported them; null when it had no requests. */
export type ReportedPercentiles = readonly (readonly [number, number | null])[];

/** The smallest reported percentile at or above the one asked for: an upper bound when the engine did not report it exactly. */
export function reportedPercentile(percentiles: ReportedPercentiles, percentile: number): number | null {
  const at = percentiles.filter(([p]) => p >= percentile).sort((a, b) => a[0] - b[0])[0];
  return at ? at[1] : null;
}

/** What thresholds are judged on, from an engine's summary (its rps is over the elapsed time the engine used). */
export function summaryFacts(entry: { stats: LoadStats; percentiles: ReportedPercentiles }): ThresholdFacts {
  const { stats } = entry;
  const has = stats.requests > 0;
  return {
    requests: stats.requests,
    errorCount: stats.errorCount,
    errors: stats.errors,
    skipped: 0,
    startedLate: 0,
    dropped: 0,
    elapsedSeconds: stats.rps > 0 ? stats.requests / stats.rps : 0,
    percentileMs: (percentile) => (has ? reportedPercentile(entry.percentiles, percentile) : null),
    meanMs: has ? stats.meanMs : null,
    minMs: has ? stats.minMs : null,
    maxMs: has ? stats.maxMs : null,
  };
}
