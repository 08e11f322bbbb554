/**
 * Health shaped like the core's reports: services with live/ready probes, sparkline series,
 * the recent window. Tests change what they need.
 */
import type {
  ProbeHealth,
  ProbeOutcome,
  ProbeResult,
  RecentHealth,
  ServiceHealth,
  SparkPoint,
} from '../../shared/domain/probes.js';

export const SPARK_WINDOW_MS = 15 * 60_000;
export const UPTIME_WINDOW_MS = 24 * 3_600_000;

export function probeResult(service: string, name: string, at: number, outcome: ProbeOutcome = 'up', latencyMs = 42, detail?: string): ProbeResult {
  return { probeId: `${service}/${name}`, service, at, outcome, latencyMs, detail: detail ?? (outcome === 'up' ? 'HTTP 200' : 'HTTP 503') };
}

export function probeHealth(service: string, name: string, at: number, patch: Partial<ProbeHealth> = {}): ProbeHealth {
  const status = patch.status ?? 'up';
  const outcome: ProbeOutcome = status === 'unknown' ? 'up' : status;
  return {
    probeId: `${service}/${name}`,
    name,
    kind: 'http',
    status,
    since: at - 600_000,
    lastResult: status === 'unknown' ? null : probeResult(service, name, at, outcome, outcome === 'down' ? 3 : 42),
    flapping: false,
    ...patch,
  };
}

/** A service whose two standard probes (live, ready) answered at `at`; up unless patched. */
export function serviceHealth(service: string, at: number, patch: Partial<ServiceHealth> = {}): ServiceHealth {
  const status = patch.status ?? 'up';
  return {
    service,
    status,
    since: status === 'unknown' ? null : at - 192_000,
    reason: status === 'up' ? 'all checks pass' : status === 'unknown' ? 'no result yet' : `ready: HTTP 503`,
    causedBy: null,
    flapping: false,
    stale: false,
    lastCheckedAt: status === 'unknown' ? null : at,
    latencyMs: status === 'unknown' ? null : 42,
    muted: false,
    probes: [probeHealth(service, 'live', at, { status: status === 'down' ? 'up' : status }), probeHealth(service, 'ready', at, { status })],
    ...patch,
  };
}

/** `count` checks, `stepMs` apart, ending at `endAt`; the indexes in `failed` are failures. */
export function sparkSeries(endAt: number, count: number, stepMs = 10_000, failed: readonly number[] = []): SparkPoint[] {
  return Array.from({ length: count }, (_, i) => ({
    at: endAt - (count - 1 - i) * stepMs,
    latencyMs: 40 + (i % 7) * 3,
    outcome: failed.includes(i) ? 'down' : 'up',
  }));
}

export function recentHealth(series: Record<string, SparkPoint[]> = {}, uptime: Record<string, number | null> = {}): RecentHealth {
  return { windowMs: SPARK_WINDOW_MS, uptimeWindowMs: UPTIME_WINDOW_MS, series, uptime };
}
