/**
 * Latency histograms: one HdrHistogram configuration (integer µs, 3 significant digits) for the
 * workers, the coordinator's merges and anyone checking our numbers, so merges are exact.
 */
import * as hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

export type { Histogram };

/** 1 µs to 60 s before it grows (autoResize), 3 significant digits (≤ 0.1 % error). */
export const HISTOGRAM_SETTINGS = {
  lowestDiscernibleValue: 1,
  highestTrackableValue: 60_000_000,
  numberOfSignificantValueDigits: 3,
  autoResize: true,
} as const;

/** For a worker's per-second recording: 32-bit counts are plenty for a second. */
export function newRecordingHistogram(): Histogram {
  return hdr.build({ ...HISTOGRAM_SETTINGS, bitBucketSize: 32 });
}

/** For whole-run merges: 64-bit float counts stay exact far beyond any run. */
export function newMergeHistogram(): Histogram {
  return hdr.build({ ...HISTOGRAM_SETTINGS, bitBucketSize: 64 });
}

/** Compressed base64 (the HdrHistogram V2 format): a second of one endpoint is a few hundred bytes. */
export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram, 1);
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Latency in ms at a percentile (µs resolution), or null when empty. */
export function percentileMs(histogram: Histogram, percentile: number): number | null {
  return histogram.totalCount === 0 ? null : histogram.getValueAtPercentile(percentile) / 1000;
}
