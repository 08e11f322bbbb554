/**
 * Rehearsal states shaped like the platform's real reports (resources/rehearsal/platform.yaml):
 * eleven services, the 2.4.1 baseline, the shipped scenarios. Tests change what they need.
 */
import type { PlatformStatus, RehearsalState, ServiceStatus } from '../../shared/domain/rehearsal.js';

type Topology = { id: string; name: string; port: number; dependsOn?: string[]; dependencies?: string[] };

const TOPOLOGY: Topology[] = [
  { id: 'data-layer', name: 'Data layer', port: 8001, dependencies: ['database'] },
  { id: 'event-bus', name: 'Event bus', port: 8002, dependencies: ['broker-storage'] },
  { id: 'cache', name: 'Cache', port: 8003 },
  { id: 'identity', name: 'Identity', port: 8004, dependencies: ['key-store'] },
  { id: 'planner', name: 'Goal planner', port: 8005, dependsOn: ['data-layer', 'event-bus'] },
  { id: 'task-runner', name: 'Task runner', port: 8006, dependsOn: ['data-layer', 'event-bus'] },
  { id: 'agent-registry', name: 'Agent registry', port: 8007, dependsOn: ['data-layer', 'cache'] },
  { id: 'gateway', name: 'API gateway', port: 8009, dependsOn: ['identity', 'planner', 'task-runner', 'agent-registry'] },
  { id: 'console', name: 'Operator console', port: 8010, dependsOn: ['gateway'] },
  { id: 'notifier', name: 'Notifier', port: 8011, dependsOn: ['event-bus'] },
  { id: 'reporting', name: 'Reporting', port: 8012, dependsOn: ['data-layer'], dependencies: ['warehouse'] },
];

/** A healthy service on the baseline, with some traffic behind it. */
export function healthyService(id: string, overrides: Partial<ServiceStatus> = {}): ServiceStatus {
  const topo = TOPOLOGY.find((t) => t.id === id) ?? { id, name: id, port: 9000 };
  return {
    id,
    name: topo.name,
    port: topo.port,
    url: `http://127.0.0.1:${topo.port}`,
    running: true,
    ready: true,
    reasons: [],
    version: '2.4.1',
    history: [],
    faults: { slow: null, errorRate: 0, flappingPeriodMs: 0, dependenciesDown: [] },
    dependsOn: topo.dependsOn ?? [],
    dependencies: topo.dependencies ?? [],
    requests: 1200 + topo.port * 3,
    errors: 0,
    ...overrides,
  };
}

export const SCENARIO_CATALOG: PlatformStatus['scenarios'] = [
  {
    name: 'bad-deploy',
    title: 'Bad deploy at minute 2',
    description: 'The launch build 2.5.0-rc3 rolls out at minute 2 and raises error rate and latency; roll it back.',
    durationMs: 240_000,
  },
  {
    name: 'database-failover',
    title: 'Database failover',
    description:
      'The primary database fails at 30 s; the data layer and everything above it go unready until the replica is promoted at 1m30s, then it runs slow while caches warm.',
    durationMs: 180_000,
  },
  {
    name: 'gateway-overload',
    title: 'Gateway overload',
    description: 'Launch traffic overloads the gateway at 30 s (slow, 10 % errors), then it flaps; it recovers at 3m.',
    durationMs: 180_000,
  },
  {
    name: 'service-crash',
    title: 'A service crashes',
    description: 'The task runner crashes at 20 s (its port refuses connections) and is restarted at 1m20s.',
    durationMs: 80_000,
  },
];

/** Every service ready on the baseline, no scenario, nothing deploying. */
export function healthyStatus(now: number, overrides: Partial<PlatformStatus> = {}): PlatformStatus {
  return {
    startedAt: now - 754_000,
    pid: 41873,
    controlUrl: 'http://127.0.0.1:8013',
    services: TOPOLOGY.map((t) => healthyService(t.id)),
    releases: [
      { version: '2.4.1', healthy: true, note: 'running in production today' },
      { version: '2.5.0', healthy: true, note: 'the launch release' },
      { version: '2.5.0-rc3', healthy: false, note: 'bad build: connection pool misconfigured' },
      { version: '2.5.0-slow', healthy: false, note: 'bad build: N+1 queries' },
    ],
    baseline: '2.4.1',
    scenarios: SCENARIO_CATALOG,
    scenario: null,
    deploy: null,
    databaseSchema: 41,
    log: [{ at: now - 754_000, service: null, message: 'platform started: 11 services on 127.0.0.1' }],
    ...overrides,
  };
}

/**
 * A rehearsal in full swing: the gateway overload scenario half played, on a gateway already on
 * the bad 2.5.0-rc3 build; the database taken down under the data layer (which holds up everything
 * above it) and the task runner stopped by hand.
 */
export function busyStatus(now: number): PlatformStatus {
  const base = healthyStatus(now);
  const startedAt = now - 75_000;
  const notReady = (id: string, reasons: string[], extra: Partial<ServiceStatus> = {}) => healthyService(id, { ready: false, reasons, ...extra });
  const services = base.services.map((service): ServiceStatus => {
    switch (service.id) {
      case 'data-layer':
        return notReady('data-layer', ['database is down'], {
          faults: { slow: null, errorRate: 0, flappingPeriodMs: 0, dependenciesDown: ['database'] },
          errors: 412,
        });
      case 'task-runner':
        return healthyService('task-runner', {
          running: false,
          ready: false,
          reasons: ['not running', 'depends on data-layer (not ready)'],
        });
      case 'planner':
      case 'agent-registry':
      case 'reporting':
        return notReady(service.id, ['depends on data-layer (not ready)']);
      case 'gateway':
        return notReady('gateway', ['depends on planner (not ready)', 'depends on task-runner (not ready)', 'depends on agent-registry (not ready)'], {
          version: '2.5.0-rc3',
          history: ['2.4.1'],
          faults: { slow: { medianMs: 800, p99Ms: 5000 }, errorRate: 0.1, flappingPeriodMs: 0, dependenciesDown: [] },
          errors: 1876,
        });
      case 'console':
        return notReady('console', ['depends on gateway (not ready)']);
      case 'notifier':
        return healthyService('notifier', { faults: { slow: null, errorRate: 0, flappingPeriodMs: 20_000, dependenciesDown: [] } });
      default:
        return service;
    }
  });
  return {
    ...base,
    services,
    scenario: {
      name: 'gateway-overload',
      title: 'Gateway overload',
      startedAt,
      speed: 1,
      state: 'running',
      steps: [
        { atMs: 30_000, say: 'Traffic spike: the gateway slows down', state: 'done' },
        { atMs: 45_000, say: 'The gateway sheds load: 10 % errors', state: 'done' },
        { atMs: 90_000, say: 'Health checks start flapping', state: 'pending' },
        { atMs: 180_000, say: 'Autoscaling catches up', state: 'pending' },
      ],
    },
    deploy: { version: '2.5.0-rc3', done: ['gateway'], pending: ['planner', 'data-layer'] },
    log: [
      ...base.log,
      { at: now - 400_000, service: 'notifier', message: 'flapping: ready and unready in turn every 10 s' },
      { at: now - 180_000, service: 'gateway', message: 'switched from 2.4.1 to 2.5.0-rc3' },
      { at: now - 120_000, service: 'data-layer', message: 'database is down' },
      { at: now - 75_000, service: null, message: 'scenario gateway-overload started at speed 1' },
      { at: now - 45_000, service: 'gateway', message: 'scenario step: Traffic spike: the gateway slows down' },
      { at: now - 40_000, service: 'task-runner', message: 'stopped: the port refuses connections' },
      { at: now - 30_000, service: 'gateway', message: 'scenario step: The gateway sheds load: 10 % errors' },
    ],
  };
}

export function running(status: PlatformStatus, managed = true): RehearsalState {
  return { state: 'running', status, managed };
}
