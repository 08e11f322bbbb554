/**
 * Prometheus metrics of one simulated service, in its own prom-client Registry so eleven services
 * in one process don't share counters. Label values are bounded (known routes and methods).
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { createSimulatedBackup } from './simulated-backup.js';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** What a service server records, and the text it serves on /metrics. */
export interface ServiceMetrics {
  observe(method: string, route: string, status: number, seconds: number): void;
  /** Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
}

export interface ServiceMetricsDeps {
  service: string;
  ready: () => boolean;
  version: () => string;
  /** Its external dependencies (database, key-store…) and whether each is up: for the PostgreSQLDown alert. */
  dependencies?: () => { name: string; up: boolean }[];
  now?: () => number;
}

export function createServiceMetrics(deps: ServiceMetricsDeps): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: deps.service });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request arriving to the answer being sent.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'service_ready',
    help: '1 when /health/ready would answer 200.',
    registers: [registry],
    collect() {
      this.set(deps.ready() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'service_info',
    help: 'The version the service runs (value is always 1).',
    labelNames: ['version'] as const,
    registers: [registry],
    collect() {
      // Reset so a deploy doesn't leave the old version's series behind.
      this.reset();
      this.set({ version: deps.version() }, 1);
    },
  });

  registerDependencyMetrics(registry, deps);

  return {
    observe(method, route, status, seconds) {
      const labels = { method: KNOWN_METHODS.has(method) ? method : 'OTHER', route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

/** `service_dependency_up` per external dependency, and the simulated backup of a service that uses the database. */
function registerDependencyMetrics(registry: Registry, deps: ServiceMetricsDeps): void {
  const dependencies = deps.dependencies;
  if (!dependencies) return;
  new Gauge({
    name: 'service_dependency_up',
    help: '1 while the external dependency (database, key-store…) answers, 0 while it is down.',
    labelNames: ['dependency'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const dependency of dependencies()) this.set({ dependency: dependency.name }, dependency.up ? 1 : 0);
    },
  });
  if (!dependencies().some((dependency) => dependency.name === 'database')) return;
  const backup = createSimulatedBackup({
    now: deps.now ?? Date.now,
    databaseUp: () => dependencies().some((dependency) => dependency.name === 'database' && dependency.up),
  });
  new Gauge({
    name: 'backup_last_success_timestamp_seconds',
    help: 'When the last (simulated, hourly) database backup succeeded, in Unix seconds.',
    registers: [registry],
    collect() {
      this.set(backup.lastSuccessAt() / 1000);
    },
  });
}
