/** Exact per-probe, per-minute summaries of raw checks: what the rollup job stores and history's raw tail uses. */
import type { ProbeRollup, ProbeSample } from '../../store/repos/probe-results-repo.js';

export const MINUTE_MS = 60_000;

/** Start of the minute holding `at`. */
export function minuteOf(at: number): number {
  return Math.floor(at / MINUTE_MS) * MINUTE_MS;
}

/**
 * Nearest-rank percentile of ascending `sorted` (q in (0, 1]): always a latency that was really
 * observed, never an interpolation. Null for no values.
 */
export function nearestRank(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? null;
}

/** Latency statistics of one set of checks; latencies of down checks are left out (see ProbeRollup). */
export interface CheckStats {
  count: number;
  failures: number;
  degraded: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  sumMs: number;
}

/** Collects checks one by one, then summarises them exactly. */
export class CheckAccumulator {
  count = 0;
  failures = 0;
  degraded = 0;
  sumMs = 0;
  private readonly latencies: number[] = [];

  add(outcome: ProbeSample['outcome'], latencyMs: number): void {
    this.count += 1;
    if (outcome === 'down') {
      this.failures += 1;
      return;
    }
    if (outcome === 'degraded') this.degraded += 1;
    this.sumMs += latencyMs;
    this.latencies.push(latencyMs);
  }

  stats(): CheckStats {
    const sorted = this.latencies.sort((a, b) => a - b);
    return {
      count: this.count,
      failures: this.failures,
      degraded: this.degraded,
      p50Ms: nearestRank(sorted, 0.5),
      p95Ms: nearestRank(sorted, 0.95),
      maxMs: sorted.at(-1) ?? null,
      sumMs: this.sumMs,
    };
  }
}

/**
 * One rollup per environment, probe and minute present in `samples`, in order of first
 * appearance: one probe's checks in staging and in production never share a rollup.
 */
export function summariseMinutes(samples: readonly ProbeSample[]): ProbeRollup[] {
  const groups = new Map<string, { environment: string | null; probeId: string; service: string; minuteAt: number; acc: CheckAccumulator }>();
  for (const sample of samples) {
    const minuteAt = minuteOf(sample.at);
    const key = `${minuteAt}\u0000${sample.environment ?? ''}\u0000${sample.probeId}`;
    let group = groups.get(key);
    if (!group) {
      group = { environment: sample.environment, probeId: sample.probeId, service: sample.service, minuteAt, acc: new CheckAccumulator() };
      groups.set(key, group);
    }
    group.acc.add(sample.outcome, sample.latencyMs);
  }
  return [...groups.values()].map(({ environment, probeId, service, minuteAt, acc }) => ({ environment, probeId, service, minuteAt, ...acc.stats() }));
}
