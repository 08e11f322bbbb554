/**
 * From a stream of probe results to health: per probe, a status that changes only after N
 * consecutive confirmations, with flapping detected; per service, the worst of its probes, and
 * when a dependency is down, "down because X" pointing at the root cause. Pure: no I/O, no timers.
 */
import type { HealthStatus, ProbeHealth, ProbeResult, ResolvedProbe, ServiceHealth, Transition } from '../../../shared/domain/probes.js';

export interface EngineSettings {
  flappingTransitions: number;
  flappingWindowMs: number;
}

interface ProbeTrack {
  probe: ResolvedProbe;
  status: HealthStatus;
  since: number | null;
  /** A different outcome seen in a row, not yet confirmed. */
  pending: { outcome: HealthStatus; count: number } | null;
  lastResult: ProbeResult | null;
  transitionTimes: number[];
}

interface ServiceTrack {
  id: string;
  dependsOn: readonly string[];
  probes: ProbeTrack[];
  status: HealthStatus;
  since: number | null;
  causedBy: string | null;
  muted: boolean;
}

export interface HealthEngine {
  /** Applies one result; returns the transitions it caused (probe-level first, then services). */
  apply(result: ProbeResult): Transition[];
  /** Health of every service at `now` (staleness and flapping depend on it). */
  snapshot(now: number): ServiceHealth[];
  health(service: string, now: number): ServiceHealth | undefined;
  setMuted(service: string, muted: boolean): void;
  /** A probe has seen a new outcome that is not confirmed yet. */
  awaitsConfirmation(probeId: string): boolean;
  /** Services whose health depends on `service` (itself first): what to re-announce after a change. */
  affectedBy(service: string): string[];
}

const SEVERITY: Record<HealthStatus, number> = { unknown: 0, up: 1, degraded: 2, down: 3 };

export function createHealthEngine(options: {
  probes: readonly ResolvedProbe[];
  services: readonly { id: string; dependsOn: readonly string[] }[];
  settings: EngineSettings;
  muted?: readonly string[];
}): HealthEngine {
  const services = new Map<string, ServiceTrack>();
  for (const { id, dependsOn } of options.services) {
    services.set(id, { id, dependsOn, probes: [], status: 'unknown', since: null, causedBy: null, muted: options.muted?.includes(id) ?? false });
  }
  const probes = new Map<string, ProbeTrack>();
  for (const probe of options.probes) {
    const track: ProbeTrack = { probe, status: 'unknown', since: null, pending: null, lastResult: null, transitionTimes: [] };
    probes.set(probe.id, track);
    services.get(probe.service)?.probes.push(track);
  }
  const dependents = new Map<string, string[]>();
  for (const service of services.values()) {
    for (const dep of service.dependsOn) dependents.set(dep, [...(dependents.get(dep) ?? []), service.id]);
  }

  const affectedBy = (id: string): string[] => {
    const seen = new Set<string>([id]);
    const queue = [id];
    while (queue.length > 0) {
      for (const next of dependents.get(queue.shift()!) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return [...seen];
  };

  /** The deepest failing dependency, following failing dependencies down (cycle-safe). */
  const rootCause = (service: ServiceTrack, seen = new Set<string>()): string | null => {
    seen.add(service.id);
    // A dependency that is down explains more than one that is only degraded.
    const candidates = service.dependsOn
      .map((id) => services.get(id))
      .filter((dep): dep is ServiceTrack => dep !== undefined && !seen.has(dep.id) && failing(ownStatus(dep)))
      .sort((a, b) => SEVERITY[ownStatus(b)] - SEVERITY[ownStatus(a)]);
    const first = candidates[0];
    return first ? (rootCause(first, seen) ?? first.id) : null;
  };

  const recompute = (service: ServiceTrack, at: number, reasonHint: string): Transition | undefined => {
    const status = ownStatus(service);
    const causedBy = failing(status) ? rootCause(service) : null;
    const changed = status !== service.status;
    const from = service.status;
    service.causedBy = causedBy;
    if (!changed) return undefined;
    service.status = status;
    service.since = at;
    return { service: service.id, probeId: null, at, from, to: status, reason: causedBy ? `${reasonHint} (because ${causedBy} is ${ownStatus(services.get(causedBy)!)})` : reasonHint, causedBy };
  };

  const healthOf = (service: ServiceTrack, now: number): ServiceHealth => {
    const results = service.probes.map((p) => p.lastResult).filter((r): r is ProbeResult => r !== null);
    const lastCheckedAt = results.length > 0 ? Math.max(...results.map((r) => r.at)) : null;
    const shortestInterval = Math.min(...service.probes.map((p) => p.probe.intervalMs));
    const probeHealth = service.probes.map((track): ProbeHealth => ({
      probeId: track.probe.id,
      name: track.probe.name,
      kind: track.probe.kind,
      status: track.status,
      since: track.since,
      lastResult: track.lastResult,
      flapping: isFlapping(track, now),
    }));
    return {
      service: service.id,
      status: service.status,
      since: service.since,
      reason: describe(service, now),
      causedBy: service.causedBy,
      flapping: probeHealth.some((p) => p.flapping),
      stale: service.probes.length > 0 && (lastCheckedAt === null || now - lastCheckedAt > 2 * shortestInterval),
      lastCheckedAt,
      latencyMs: results.length > 0 ? Math.max(...results.map((r) => r.latencyMs)) : null,
      muted: service.muted,
      probes: probeHealth,
    };
  };

  const isFlapping = (track: ProbeTrack, now: number) =>
    track.transitionTimes.filter((t) => t > now - options.settings.flappingWindowMs).length >= options.settings.flappingTransitions;

  const describe = (service: ServiceTrack, now: number): string => {
    if (service.probes.length === 0) return 'no probes configured';
    if (service.status === 'unknown') return 'no result yet';
    const failingProbes = service.probes.filter((p) => p.status === 'down' || p.status === 'degraded');
    const own = failingProbes.map((p) => `${p.probe.name}: ${p.lastResult?.detail ?? p.status}`).join('; ');
    const because = service.causedBy ? `because ${service.causedBy} is ${services.get(service.causedBy)!.status}` : '';
    const flapping = service.probes.some((p) => isFlapping(p, now)) ? 'flapping' : '';
    return [because, own, flapping].filter(Boolean).join(' — ') || 'all checks pass';
  };

  return {
    apply(result) {
      const track = probes.get(result.probeId);
      if (!track) return [];
      track.lastResult = result;
      const outcome: HealthStatus = result.outcome;
      let probeTransition: Transition | undefined;
      if (track.status === 'unknown' || outcome === track.status) {
        track.pending = null;
        // The first result is taken at once: there is nothing to protect from a blip yet.
        if (track.status === 'unknown') probeTransition = moveProbe(track, outcome, result);
      } else {
        track.pending = track.pending?.outcome === outcome ? { outcome, count: track.pending.count + 1 } : { outcome, count: 1 };
        if (track.pending.count >= track.probe.confirmations) probeTransition = moveProbe(track, outcome, result);
      }
      if (!probeTransition) return [];
      const transitions: Transition[] = [probeTransition];
      for (const id of affectedBy(track.probe.service)) {
        const service = services.get(id)!;
        const hint = id === track.probe.service ? `${track.probe.name}: ${result.detail}` : `${track.probe.service} changed`;
        const changed = recompute(service, result.at, hint);
        if (changed) transitions.push(changed);
      }
      return transitions;
    },
    snapshot: (now) => [...services.values()].map((service) => healthOf(service, now)),
    health(id, now) {
      const service = services.get(id);
      return service ? healthOf(service, now) : undefined;
    },
    setMuted(id, muted) {
      const service = services.get(id);
      if (service) service.muted = muted;
    },
    affectedBy,
    awaitsConfirmation: (probeId) => probes.get(probeId)?.pending != null,
  };

  function moveProbe(track: ProbeTrack, to: HealthStatus, result: ProbeResult): Transition {
    const from = track.status;
    track.status = to;
    track.since = result.at;
    track.pending = null;
    track.transitionTimes = [...track.transitionTimes.filter((t) => t > result.at - options.settings.flappingWindowMs), result.at];
    return { service: track.probe.service, probeId: track.probe.id, at: result.at, from, to, reason: result.detail, causedBy: null };
  }
}

function failing(status: HealthStatus): boolean {
  return status === 'down' || status === 'degraded';
}

/** A service's status from its own probes only: all down → down; some down or any degraded → degraded. */
function ownStatus(service: ServiceTrack): HealthStatus {
  const known = service.probes.filter((p) => p.status !== 'unknown');
  if (known.length === 0) return 'unknown';
  const down = known.filter((p) => p.status === 'down').length;
  if (down === known.length) return 'down';
  if (down > 0 || known.some((p) => p.status === 'degraded')) return 'degraded';
  return known.reduce<HealthStatus>((worst, p) => (SEVERITY[p.status] > SEVERITY[worst] ? p.status : worst), 'up');
}
