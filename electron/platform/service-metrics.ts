/**
 * Prometheus metrics of one simulated service, in its own prom-client Registry so eleven services
 * in one process don't share counters. Label values are bounded (known routes and methods).
 *
 * The services share one Node process, so their resources are simulated per service from their
 * own traffic, and move under load the way a real service's do: CPU seconds grow with every
 * request, resident memory and cache memory follow the recent request rate, the connection pool's
 * in-use count follows the requests in flight (capped at its size; a request over it waits).
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { createSimulatedBackup } from './simulated-backup.js';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** What a service server records, and the text it serves on /metrics. */
export interface ServiceMetrics {
  /** A request arrived; call the returned function once it is answered or abandoned. */
  begin(): () => void;
  observe(method: string, route: string, status: number, seconds: number): void;
  /** Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
}

/** How the simulated resources respond to traffic. */
export const RESOURCE_MODEL = {
  /** CPU seconds an idle service burns per second (timers, GC). */
  idleCpuPerSecond: 0.004,
  /** CPU seconds per answered request. */
  cpuPerRequest: 0.0012,
  /** Resident memory at rest, plus a per-service offset so lines do not overlap. */
  baseMemoryBytes: 48 * 1024 * 1024,
  /** Extra resident memory per request/s of recent traffic (buffers, young heap). */
  memoryPerRps: 96 * 1024,
  /** Extra resident memory per request in flight. */
  memoryPerInFlight: 256 * 1024,
  poolSize: 20,
  baseCacheBytes: 2 * 1024 * 1024,
  /** Cache grows with the recent request rate up to its cap. */
  cachePerRps: 160 * 1024,
  maxCacheBytes: 256 * 1024 * 1024,
  /** Time constant of the recent request rate. */
  rateWindowSeconds: 10,
} as const;

export interface ServiceMetricsDeps {
  service: string;
  ready: () => boolean;
  version: () => string;
  /** Its external dependencies (database, key-store…) and whether each is up: for the PostgreSQLDown alert. */
  dependencies?: () => { name: string; up: boolean }[];
  now?: () => number;
  /** Monotonic seconds (tests drive it); default process.hrtime. */
  nowSeconds?: () => number;
}

export function createServiceMetrics(deps: ServiceMetricsDeps): ServiceMetrics {
  const nowSeconds = deps.nowSeconds ?? (() => Number(process.hrtime.bigint()) / 1e9);
  const model = RESOURCE_MODEL;
  const offset = serviceOffset(deps.service);
  const startedAt = nowSeconds();
  let inFlight = 0;
  let answered = 0;
  // An exponentially decaying request rate: each request adds 1/τ, the whole decays with e^(-Δt/τ).
  let rate = 0;
  let rateAt = startedAt;
  const recentRate = (): number => {
    const now = nowSeconds();
    rate *= Math.exp(-(now - rateAt) / model.rateWindowSeconds);
    rateAt = now;
    return rate;
  };

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
  let cpuReported = 0;
  new Counter({
    name: 'process_cpu_seconds_total',
    help: 'CPU seconds the service used (simulated from its traffic: idle cost plus a cost per request).',
    registers: [registry],
    collect() {
      const total = (nowSeconds() - startedAt) * model.idleCpuPerSecond + answered * model.cpuPerRequest;
      // A counter only goes up: add what accrued since the last scrape.
      if (total > cpuReported) this.inc(total - cpuReported);
      cpuReported = Math.max(cpuReported, total);
    },
  });
  new Gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory (simulated: a base, plus the recent request rate and the requests in flight).',
    registers: [registry],
    collect() {
      this.set(Math.round(model.baseMemoryBytes + offset + recentRate() * model.memoryPerRps + inFlight * model.memoryPerInFlight));
    },
  });
  new Gauge({
    name: 'http_requests_in_flight',
    help: 'Requests received and not yet answered.',
    registers: [registry],
    collect() {
      this.set(inFlight);
    },
  });
  new Gauge({
    name: 'db_pool_connections_in_use',
    help: 'Connections of the simulated pool held by requests in flight (at most the pool size).',
    registers: [registry],
    collect() {
      this.set(Math.min(model.poolSize, inFlight));
    },
  });
  new Gauge({
    name: 'db_pool_connections_max',
    help: 'Size of the simulated connection pool.',
    registers: [registry],
    collect() {
      this.set(model.poolSize);
    },
  });
  new Gauge({
    name: 'db_pool_waiting',
    help: 'Requests in flight waiting for a pool connection (in flight beyond the pool size).',
    registers: [registry],
    collect() {
      this.set(Math.max(0, inFlight - model.poolSize));
    },
  });
  new Gauge({
    name: 'cache_memory_bytes',
    help: 'Memory of the simulated cache (grows with the recent request rate, up to its cap).',
    registers: [registry],
    collect() {
      this.set(Math.round(Math.min(model.maxCacheBytes, model.baseCacheBytes + recentRate() * model.cachePerRps)));
    },
  });

  return {
    begin() {
      inFlight += 1;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        inFlight -= 1;
      };
    },
    observe(method, route, status, seconds) {
      answered += 1;
      recentRate();
      rate += 1 / model.rateWindowSeconds;
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

/** 0–8 MB, fixed per service name, so each service's memory line sits at its own height. */
function serviceOffset(service: string): number {
  let hash = 0;
  for (const char of service) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return (hash % 8) * 1024 * 1024;
}
