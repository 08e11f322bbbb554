/**
 * Coordinator side: merges the workers' snapshots into the current second (for the tick) and
 * into the whole run (for thresholds and the summary). Histograms are merged, never samples, so
 * the run's percentiles are exactly those of one histogram of every request.
 */
import type { LoadStats, LoadTickStats } from '../../../shared/domain/load.js';
import { SLOT, SLOTS, addCounters, errorCountsOf, errorTotalOf, newCounters } from './counters.js';
import { decodeHistogram, encodeHistogram, newMergeHistogram, percentileMs, type Histogram } from './histograms.js';
import type { WorkerSnapshot } from './protocol.js';
import type { ThresholdFacts } from './thresholds.js';

/** Counters and histograms of one window (a second, or the whole run). */
class Window {
  counters: Float64Array;
  readonly histograms: Histogram[];
  readonly total: Histogram;
  readonly statusCodes: Map<number, number>[];

  constructor(readonly endpoints: number) {
    this.counters = newCounters(endpoints);
    this.histograms = Array.from({ length: endpoints }, newMergeHistogram);
    this.total = newMergeHistogram();
    this.statusCodes = Array.from({ length: endpoints }, () => new Map<number, number>());
  }

  reset(): void {
    this.counters = newCounters(this.endpoints);
    for (const histogram of this.histograms) histogram.reset();
    this.total.reset();
    for (const codes of this.statusCodes) codes.clear();
  }

  /** Counters of one endpoint, or all endpoints summed when `endpoint` is null. */
  countersOf(endpoint: number | null): { counters: Float64Array; offset: number } {
    if (endpoint !== null) return { counters: this.counters, offset: endpoint * SLOTS };
    const sum = newCounters(1);
    for (let e = 0; e < this.endpoints; e += 1) addCounters(sum, 0, this.counters, e * SLOTS);
    return { counters: sum, offset: 0 };
  }

  histogramOf(endpoint: number | null): Histogram {
    return endpoint === null ? this.total : this.histograms[endpoint]!;
  }
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * A percentile in ms, capped at the exact maximum: HdrHistogram reports the top of a bucket,
 * which can lie a few µs above the largest sample, and p99.9 > max would read as a bug.
 */
function cappedMs(histogram: Histogram, percentile: number, maxUs: number): number {
  const value = percentileMs(histogram, percentile);
  return value === null ? 0 : Math.min(value, maxUs / 1000);
}

export class RunAggregate {
  private readonly second: Window;
  private readonly run: Window;
  /** Latest gauges per worker (users, in flight, target). */
  private readonly gauges = new Map<number, { activeUsers: number; inFlight: number; target: number }>();

  constructor(readonly endpoints: readonly string[]) {
    this.second = new Window(endpoints.length);
    this.run = new Window(endpoints.length);
  }

  add(worker: number, snapshot: WorkerSnapshot): void {
    this.gauges.set(worker, { activeUsers: snapshot.activeUsers, inFlight: snapshot.inFlight, target: snapshot.target });
    for (let e = 0; e < this.endpoints.length; e += 1) {
      addCounters(this.second.counters, e * SLOTS, snapshot.counters, e * SLOTS);
      addCounters(this.run.counters, e * SLOTS, snapshot.counters, e * SLOTS);
      const encoded = snapshot.histograms[e];
      if (encoded) {
        const histogram = decodeHistogram(encoded);
        for (const window of [this.second, this.run]) {
          window.histograms[e]!.add(histogram);
          window.total.add(histogram);
        }
      }
    }
    for (let i = 0; i + 2 < snapshot.statusCodes.length; i += 3) {
      const [endpoint, status, count] = [snapshot.statusCodes[i]!, snapshot.statusCodes[i + 1]!, snapshot.statusCodes[i + 2]!];
      for (const window of [this.second, this.run]) {
        const codes = window.statusCodes[endpoint]!;
        codes.set(status, (codes.get(status) ?? 0) + count);
      }
    }
  }

  gaugesNow(): { activeUsers: number; inFlight: number; target: number } {
    let activeUsers = 0;
    let inFlight = 0;
    let target = 0;
    for (const gauge of this.gauges.values()) {
      activeUsers += gauge.activeUsers;
      inFlight += gauge.inFlight;
      target += gauge.target;
    }
    return { activeUsers, inFlight, target: round3(target) };
  }

  /** True when the current second holds anything (used for the last, partial second). */
  secondHasData(): boolean {
    const { counters } = this.second.countersOf(null);
    return counters[SLOT.requests]! > 0 || counters[SLOT.skipped]! > 0 || counters[SLOT.dropped]! > 0;
  }

  /** Stats of the current second; then the second starts over. */
  takeSecond(intervalSeconds: number): { total: LoadTickStats; endpoints: (LoadTickStats & { endpoint: string })[] } {
    const total = this.tickStats(null, intervalSeconds);
    const endpoints = this.endpoints.map((endpoint, index) => ({ endpoint, ...this.tickStats(index, intervalSeconds) }));
    this.second.reset();
    return { total, endpoints };
  }

  private tickStats(endpoint: number | null, intervalSeconds: number): LoadTickStats {
    const { counters, offset } = this.second.countersOf(endpoint);
    const histogram = this.second.histogramOf(endpoint);
    const requests = counters[offset + SLOT.requests]!;
    const maxUs = counters[offset + SLOT.maxUs]!;
    return {
      requests,
      rps: intervalSeconds > 0 ? round3(requests / intervalSeconds) : 0,
      p50Ms: cappedMs(histogram, 50, maxUs),
      p90Ms: cappedMs(histogram, 90, maxUs),
      p95Ms: cappedMs(histogram, 95, maxUs),
      p99Ms: cappedMs(histogram, 99, maxUs),
      maxMs: requests > 0 ? counters[offset + SLOT.maxUs]! / 1000 : 0,
      errors: errorCountsOf(counters, offset),
      errorCount: errorTotalOf(counters, offset),
      bytesIn: counters[offset + SLOT.bytesIn]!,
      bytesOut: counters[offset + SLOT.bytesOut]!,
      startedLate: counters[offset + SLOT.startedLate]!,
      skipped: counters[offset + SLOT.skipped]!,
    };
  }

  /** What thresholds are judged on: the whole run so far, for one endpoint or all. */
  facts(endpoint: number | null, elapsedSeconds: number): ThresholdFacts {
    const { counters, offset } = this.run.countersOf(endpoint);
    const histogram = this.run.histogramOf(endpoint);
    const requests = counters[offset + SLOT.requests]!;
    return {
      requests,
      errorCount: errorTotalOf(counters, offset),
      errors: errorCountsOf(counters, offset),
      skipped: counters[offset + SLOT.skipped]!,
      startedLate: counters[offset + SLOT.startedLate]!,
      dropped: counters[offset + SLOT.dropped]!,
      elapsedSeconds,
      percentileMs: (percentile) => (histogram.totalCount > 0 ? cappedMs(histogram, percentile, counters[offset + SLOT.maxUs]!) : null),
      meanMs: requests > 0 ? counters[offset + SLOT.sumUs]! / requests / 1000 : null,
      minMs: requests > 0 ? counters[offset + SLOT.minUs]! / 1000 : null,
      maxMs: requests > 0 ? counters[offset + SLOT.maxUs]! / 1000 : null,
    };
  }

  /** The whole run of one endpoint (or all), from the full-resolution histograms. */
  stats(endpoint: number | null, elapsedSeconds: number): LoadStats {
    const { counters, offset } = this.run.countersOf(endpoint);
    const histogram = this.run.histogramOf(endpoint);
    const requests = counters[offset + SLOT.requests]!;
    const errorCount = errorTotalOf(counters, offset);
    const maxUs = counters[offset + SLOT.maxUs]!;
    const statusCodes: Record<string, number> = {};
    const maps = endpoint === null ? this.run.statusCodes : [this.run.statusCodes[endpoint]!];
    for (const codes of maps) {
      for (const [status, count] of [...codes].sort((a, b) => a[0] - b[0])) statusCodes[String(status)] = (statusCodes[String(status)] ?? 0) + count;
    }
    return {
      requests,
      rps: elapsedSeconds > 0 ? round3(requests / elapsedSeconds) : 0,
      minMs: requests > 0 ? counters[offset + SLOT.minUs]! / 1000 : 0,
      meanMs: requests > 0 ? round3(counters[offset + SLOT.sumUs]! / requests / 1000) : 0,
      p50Ms: cappedMs(histogram, 50, maxUs),
      p90Ms: cappedMs(histogram, 90, maxUs),
      p95Ms: cappedMs(histogram, 95, maxUs),
      p99Ms: cappedMs(histogram, 99, maxUs),
      p999Ms: cappedMs(histogram, 99.9, maxUs),
      maxMs: requests > 0 ? counters[offset + SLOT.maxUs]! / 1000 : 0,
      errors: errorCountsOf(counters, offset),
      errorCount,
      errorRate: requests > 0 ? errorCount / requests : 0,
      statusCodes,
      bytesIn: counters[offset + SLOT.bytesIn]!,
      bytesOut: counters[offset + SLOT.bytesOut]!,
      startedLate: counters[offset + SLOT.startedLate]!,
      skipped: counters[offset + SLOT.skipped]!,
      dropped: counters[offset + SLOT.dropped]!,
      ...(histogram.totalCount > 0 ? { histogram: encodeHistogram(histogram) } : {}),
    };
  }

  /** The merged whole-run histogram (µs) of one endpoint or all; for checks. */
  runHistogram(endpoint: number | null): Histogram {
    return this.run.histogramOf(endpoint);
  }
}
