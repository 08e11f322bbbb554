/**
 * The platform's model, pure and without I/O: for each service whether it runs, which version,
 * its history and faults, and from those its readiness, latency and error draws. The servers
 * and the controller read and change it; the clock and random source are injected.
 */
import type { Fault, PlatformService, PlatformTopology } from '../../shared/domain/rehearsal.js';
import type { Clock } from '../../shared/util/clock.js';
import { PlatformRefusal } from './platform-refusal.js';
import { createPlatformConfiguration } from './platform-configuration.js';
import type { PlatformConfiguration } from './platform-configuration.js';
import { sampleLogNormalMs } from './random.js';
import type { Random } from './random.js';

export { PlatformRefusal };

/** What one service is doing now. */
export interface ServiceRuntime {
  readonly id: string;
  readonly spec: PlatformService;
  running: boolean;
  version: string;
  /** Versions it ran before, newest first. */
  history: string[];
  slow: { medianMs: number; p99Ms: number } | null;
  errorRate: number;
  /** Readiness alternates every half period, starting with the "down" half at `since`. */
  flapping: { periodMs: number; since: number } | null;
  dependenciesDown: Set<string>;
  /** Set while a deploy or rollback "restarts" it: not ready for a moment. */
  restartingTo: string | null;
}

/** Whether /health/ready passes, why not, and the state of each thing it checked. */
export interface Readiness {
  ready: boolean;
  reasons: string[];
  checks: Record<string, 'ok' | 'down' | 'not_ready' | 'flapping' | 'restarting' | 'misconfigured'>;
}

/** The model of every service; see the module comment. */
export interface PlatformState {
  readonly topology: PlatformTopology;
  /** The runtime configuration and its revisions; a setting out of range makes its service unready. */
  readonly configuration: PlatformConfiguration;
  ids(): string[];
  /** Throws a 404 refusal for an unknown id. */
  get(id: string): Readonly<ServiceRuntime>;
  readiness(id: string): Readiness;
  /** Applies one fault and returns a line for the platform log; 409 for an unknown dependency or version. */
  applyFault(id: string, fault: Fault): string;
  setRunning(id: string, running: boolean): void;
  setRestarting(id: string, version: string | null): void;
  /** Runs `version` from now on; the old one goes on the history unless it is the same. */
  switchVersion(id: string, version: string): void;
  /** Goes back to history[0] and returns it; 409 when there is nothing to go back to. */
  revertVersion(id: string): string;
  /** Runs `version` again: taken off the history when it is history[0] (a rollback), else switched to. */
  restoreVersion(id: string, version: string): void;
  /** Throws 409 unless `version` is in the release catalog. */
  checkVersion(version: string): void;
  /** One draw of the total latency of a request: own + release + slow fault. */
  sampleLatencyMs(id: string): number;
  /** Whether a request should fail (the reason) or not (null): errors fault and release combined. */
  drawError(id: string): string | null;
  /** Every service running the baseline, no faults, no history, configuration revision 1. */
  reset(): void;
}

export function createPlatformState(deps: { topology: PlatformTopology; clock: Clock; random: Random }): PlatformState {
  const { topology, clock, random } = deps;
  const services = new Map<string, ServiceRuntime>();
  const fresh = (id: string, spec: PlatformService): ServiceRuntime => ({
    id,
    spec,
    running: true,
    version: topology.releases.baseline,
    history: [],
    slow: null,
    errorRate: 0,
    flapping: null,
    dependenciesDown: new Set(),
    restartingTo: null,
  });
  const configuration = createPlatformConfiguration({ settings: topology.configuration, now: clock.now });
  const reset = () => {
    configuration.reset();
    services.clear();
    for (const [id, spec] of Object.entries(topology.services)) services.set(id, fresh(id, spec));
  };
  reset();

  const get = (id: string): ServiceRuntime => {
    const service = services.get(id);
    if (!service) throw new PlatformRefusal(404, `unknown service "${id}" (known: ${[...services.keys()].join(', ')})`);
    return service;
  };
  const checkVersion = (version: string) => {
    if (!topology.releases.catalog[version]) {
      throw new PlatformRefusal(409, `version ${version} is not in the release catalog (known: ${Object.keys(topology.releases.catalog).join(', ')})`);
    }
  };
  const isFlappingDown = (service: ServiceRuntime) => {
    if (!service.flapping) return false;
    const half = service.flapping.periodMs / 2;
    return Math.floor((clock.now() - service.flapping.since) / half) % 2 === 0;
  };

  const readiness = (id: string, visiting = new Set<string>()): Readiness => {
    const service = get(id);
    const reasons: string[] = [];
    const checks: Readiness['checks'] = {};
    if (!service.running) reasons.push('not running');
    if (service.restartingTo) {
      reasons.push(`restarting (deploying ${service.restartingTo})`);
      checks.process = 'restarting';
    }
    for (const dep of service.spec.dependencies) {
      const down = service.dependenciesDown.has(dep);
      checks[dep] = down ? 'down' : 'ok';
      if (down) reasons.push(`${dep} is down`);
    }
    const misconfigured = configuration.problems(id);
    if (misconfigured.length > 0) {
      reasons.push(...misconfigured);
      checks.configuration = 'misconfigured';
    }
    if (isFlappingDown(service)) {
      reasons.push('flapping');
      checks.flapping = 'flapping';
    }
    visiting.add(id);
    for (const dep of service.spec.dependsOn) {
      // Cycles are refused when the topology loads; the guard only keeps a bad model finite.
      const ready = !visiting.has(dep) && readiness(dep, new Set(visiting)).ready;
      checks[dep] = ready ? 'ok' : 'not_ready';
      if (!ready) reasons.push(`depends on ${dep} (not ready)`);
    }
    return { ready: reasons.length === 0, reasons, checks };
  };

  const switchVersion = (id: string, version: string) => {
    checkVersion(version);
    const service = get(id);
    if (service.version !== version) service.history.unshift(service.version);
    // Bounded: a long rehearsal with many deploys keeps the last 20 versions.
    service.history.length = Math.min(service.history.length, 20);
    service.version = version;
  };

  const applyFault = (id: string, fault: Fault): string => {
    const service = get(id);
    switch (fault.kind) {
      case 'stop':
        service.running = false;
        return 'stopped: the port refuses connections';
      case 'start':
        service.running = true;
        return 'started';
      case 'slow':
        service.slow = fault.medianMs > 0 ? { medianMs: fault.medianMs, p99Ms: Math.max(fault.p99Ms, fault.medianMs) } : null;
        return service.slow ? `slow: +${fault.medianMs} ms median, ${fault.p99Ms} ms p99` : 'no longer slow';
      case 'errors':
        service.errorRate = fault.rate;
        return `errors: ${Math.round(fault.rate * 1000) / 10} % of requests fail`;
      case 'flapping':
        service.flapping = fault.periodMs > 0 ? { periodMs: fault.periodMs, since: clock.now() } : null;
        return service.flapping ? `flapping every ${fault.periodMs / 2} ms` : 'no longer flapping';
      case 'dependency-down':
      case 'dependency-up': {
        if (!service.spec.dependencies.includes(fault.dependency)) {
          const own = service.spec.dependencies;
          throw new PlatformRefusal(409, `"${fault.dependency}" is not a dependency of ${id} (${own.length > 0 ? `its dependencies: ${own.join(', ')}` : 'it has none'})`);
        }
        if (fault.kind === 'dependency-down') service.dependenciesDown.add(fault.dependency);
        else service.dependenciesDown.delete(fault.dependency);
        return `${fault.dependency} is ${fault.kind === 'dependency-down' ? 'down' : 'up again'}`;
      }
      case 'deploy': {
        const from = service.version;
        switchVersion(id, fault.version);
        return `switched from ${from} to ${fault.version}`;
      }
      case 'clear':
        // A stopped service counts as a fault too: clearing brings it back.
        Object.assign(service, { running: true, slow: null, errorRate: 0, flapping: null, dependenciesDown: new Set<string>() });
        return 'faults cleared';
    }
  };

  return {
    topology,
    configuration,
    ids: () => [...services.keys()],
    get,
    readiness: (id) => readiness(id),
    applyFault,
    setRunning(id, running) {
      get(id).running = running;
    },
    setRestarting(id, version) {
      get(id).restartingTo = version;
    },
    switchVersion,
    revertVersion(id) {
      const service = get(id);
      const previous = service.history.shift();
      if (previous === undefined) throw new PlatformRefusal(409, `${id} has nothing to roll back to (it has only run ${service.version})`);
      service.version = previous;
      return previous;
    },
    restoreVersion(id, version) {
      const service = get(id);
      if (service.version === version) return;
      if (service.history[0] === version) service.history.shift();
      else service.history.unshift(service.version);
      checkVersion(version);
      service.version = version;
    },
    checkVersion,
    sampleLatencyMs(id) {
      const service = get(id);
      const release = topology.releases.catalog[service.version];
      let total = sampleLogNormalMs(service.spec.latency.medianMs, service.spec.latency.p99Ms, random);
      if (release?.latency) total += sampleLogNormalMs(release.latency.medianMs, release.latency.p99Ms, random);
      if (service.slow) total += sampleLogNormalMs(service.slow.medianMs, service.slow.p99Ms, random);
      return total;
    },
    drawError(id) {
      const service = get(id);
      // Two independent draws: the failure rate is 1 - (1 - fault)(1 - release).
      if (service.errorRate > 0 && random() < service.errorRate) return `injected errors fault (${service.errorRate * 100} %)`;
      const release = topology.releases.catalog[service.version];
      if (release?.errorRate && random() < release.errorRate) return `release ${service.version}${release.note ? `: ${release.note}` : ''}`;
      return null;
    },
    reset,
  };
}
