/**
 * Health history of a service for charts and evidence: points at a width that fits the range,
 * from raw checks where they still exist and from minute rollups beyond, plus the transitions,
 * the spans nobody was observing, and the uptime.
 */
import type { HealthHistory, ProbeOutcome } from '../../../../shared/domain/probes.js';
import type { CoreSessionsRepo } from '../../store/repos/core-sessions-repo.js';
import type { HealthTransitionsReader } from '../../store/repos/health-transitions-repo.js';
import type { ProbeResultsReader, ProbeTarget } from '../../store/repos/probe-results-repo.js';
import { bucketsFromRollups, pickBucketMs, pointsFromBuckets, pointsFromSamples } from './history-buckets.js';
import type { HistoryPoint } from './history-buckets.js';
import { MINUTE_MS, minuteOf, summariseMinutes } from './minute-rollups.js';
import { HEARTBEAT_TOLERANCE_MS, notObservedSpans } from './not-observed.js';

export interface HealthHistoryQuery {
  service: string;
  /** Only this probe of the service; all of them merged when absent. */
  probeId?: string | undefined;
  fromAt: number;
  /** Exclusive. */
  toAt: number;
  /** At most this many points (default 500). */
  maxPoints?: number | undefined;
  /** The core's current time: nothing after it counts as "not observed". */
  now: number;
}

/** One raw check for a sparkline. */
export interface LatencySample {
  at: number;
  latencyMs: number;
  outcome: ProbeOutcome;
}

export interface HealthHistoryReader {
  healthHistory(query: HealthHistoryQuery): HealthHistory;
  /**
   * Raw checks of a service (or one probe) since `sinceAt`, oldest first, thinned to at most
   * `maxPoints` (default 300) picked evenly, first and last kept.
   */
  recentLatencies(service: string, sinceAt: number, options?: { probeId?: string | undefined; maxPoints?: number }): LatencySample[];
}

export interface HealthHistoryDeps {
  /** The environment whose history this is: its results, transitions and sessions only. */
  environment: string;
  results: ProbeResultsReader;
  transitions: HealthTransitionsReader;
  sessions: Pick<CoreSessionsRepo, 'overlapping'>;
  /** Raw checks are kept this long (probes.rawRetention); finer-than-minute buckets need them. */
  rawRetentionMs: number;
  heartbeatToleranceMs?: number;
}

export function createHealthHistory(deps: HealthHistoryDeps): HealthHistoryReader {
  const toleranceMs = deps.heartbeatToleranceMs ?? HEARTBEAT_TOLERANCE_MS;

  function points(target: ProbeTarget, fromAt: number, toAt: number, bucketMs: number): HistoryPoint[] {
    if (bucketMs < MINUTE_MS) return pointsFromSamples(deps.results.samplesOf(target, fromAt, toAt), bucketMs);
    // Rolled-up minutes merged per bucket by the store, then the raw tail the rollup job has not
    // reached yet (the last few minutes) summarised per minute here, so both merge alike.
    const rolledUntil = deps.results.rolledUntil() ?? Number.MIN_SAFE_INTEGER;
    const buckets = rolledUntil > fromAt ? deps.results.rollupBucketsOf(target, minuteOf(fromAt), Math.min(toAt, rolledUntil), bucketMs) : [];
    const tailFrom = Math.max(fromAt, rolledUntil);
    if (tailFrom < toAt) buckets.push(...bucketsFromRollups(summariseMinutes(deps.results.samplesOf(target, tailFrom, toAt)), bucketMs));
    return pointsFromBuckets(buckets);
  }

  return {
    healthHistory({ service, probeId, fromAt, toAt, maxPoints = 500, now }) {
      // Raw checks exist for the whole range only inside the raw window; otherwise the finest
      // width is a minute, from rollups.
      const rawAvailable = fromAt >= now - deps.rawRetentionMs;
      if (toAt <= fromAt) {
        return { service, fromAt, toAt, bucketMs: rawAvailable ? 1000 : MINUTE_MS, points: [], transitions: [], notObserved: [], uptime: null };
      }
      const bucketMs = pickBucketMs(fromAt, toAt, maxPoints, rawAvailable ? 1000 : MINUTE_MS);
      const target: ProbeTarget = { environment: deps.environment, service, probeId };
      const pts = points(target, fromAt, toAt, bucketMs);

      let checks = 0;
      let failures = 0;
      for (const p of pts) {
        checks += p.count;
        failures += p.failures;
      }

      const transitions = deps.transitions
        .between(deps.environment, service, fromAt, toAt)
        .filter((t) => probeId === undefined || t.probeId === null || t.probeId === probeId);
      // A core watching another environment did not observe this one: its time stays "not observed".
      const sessions = deps.sessions.overlapping(deps.environment, fromAt - toleranceMs, Math.min(toAt, now));
      return {
        service,
        fromAt,
        toAt,
        bucketMs,
        points: pts,
        transitions,
        notObserved: notObservedSpans(sessions, { fromAt, toAt, now }, toleranceMs),
        uptime: checks === 0 ? null : (checks - failures) / checks,
      };
    },

    recentLatencies(service, sinceAt, options = {}) {
      const samples = deps.results.samplesOf({ environment: deps.environment, service, probeId: options.probeId }, sinceAt, Number.MAX_SAFE_INTEGER);
      return pickEvenly(samples, options.maxPoints ?? 300).map(({ at, latencyMs, outcome }) => ({ at, latencyMs, outcome }));
    },
  };
}

/** At most `max` items spread evenly over `items`, keeping the first and the last. */
export function pickEvenly<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  if (max <= 0) return [];
  if (max === 1) return items.slice(-1);
  const picked: T[] = [];
  const step = (items.length - 1) / (max - 1);
  for (let i = 0; i < max; i += 1) picked.push(items[Math.round(i * step)] as T);
  return picked;
}
