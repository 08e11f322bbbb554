/**
 * Health shaped like the core's reports: services with live/ready probes, sparkline series,
 * histories with failures, transitions and a not-observed gap. Tests change what they need.
 */
import type { ConfigSummary } from '../../shared/domain/app.js';
import type {
  HealthHistory,
  HealthOverview,
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

/** Every configured service unknown: what a core reports before its first checks. */
export function unknownOverview(config: ConfigSummary, environment = config.defaultEnvironment): HealthOverview {
  return {
    environment,
    paused: false,
    services: config.services.map((s) => serviceHealth(s.id, 0, { status: 'unknown', probes: [] })),
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

/** A history with a failed stretch, a degraded spell, a not-observed gap, and the transitions. */
export function sampleHistory(service: string, fromAt: number, toAt: number): HealthHistory {
  const bucketMs = (toAt - fromAt) / 60;
  const gap = { fromAt: fromAt + 40 * bucketMs, toAt: fromAt + 46 * bucketMs };
  const points: HealthHistory['points'] = [];
  for (let i = 0; i < 60; i += 1) {
    const at = fromAt + i * bucketMs;
    if (at >= gap.fromAt && at < gap.toAt) continue;
    const failures = i >= 20 && i < 24 ? 3 : 0;
    const degraded = i >= 30 && i < 33 ? 2 : 0;
    points.push({ at, count: 6, failures, degraded, p50Ms: 40 + i, p95Ms: 90 + i, maxMs: 150 + i });
  }
  return {
    service,
    fromAt,
    toAt,
    bucketMs,
    points,
    transitions: [
      { service, probeId: null, at: fromAt + 20 * bucketMs, from: 'up', to: 'down', reason: 'ready: HTTP 503 (because data-layer is down)', causedBy: 'data-layer' },
      { service, probeId: null, at: fromAt + 24 * bucketMs, from: 'down', to: 'degraded', reason: 'ready: slow (1200 ms)', causedBy: null },
      { service, probeId: null, at: fromAt + 30 * bucketMs, from: 'degraded', to: 'up', reason: 'ready: HTTP 200', causedBy: null },
    ],
    notObserved: [gap],
    uptime: (360 - 12) / 360,
  };
}
