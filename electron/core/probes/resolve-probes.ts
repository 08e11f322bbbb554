/**
 * Turns the `probes:` section into the concrete list of checks for one environment: defaults
 * applied, targets resolved against each service's base URL, standard checks for services that
 * declare none.
 */
import { ProbesConfigSchema } from '../../../shared/domain/probes.js';
import type { ProbeSpec, ProbesConfig, ResolvedProbe } from '../../../shared/domain/probes.js';
import { serviceUrl } from '../../../shared/domain/config.js';
import type { WarroomConfig } from '../../../shared/domain/config.js';

/** What every service exposes on the platforms Warroom targets: liveness and readiness. */
export const STANDARD_PROBES: readonly ProbeSpec[] = [
  { kind: 'http', name: 'live', path: '/health/live', method: 'GET', headers: {}, certificateMinDays: 14, insecureTls: false, maxBodyBytes: 64 * 1024 },
  { kind: 'http', name: 'ready', path: '/health/ready', method: 'GET', headers: {}, certificateMinDays: 14, insecureTls: false, maxBodyBytes: 64 * 1024 },
];

export function probesConfigOf(config: WarroomConfig): ProbesConfig {
  return config.probes ?? ProbesConfigSchema.parse({});
}

export function resolveProbes(config: WarroomConfig, environment: string): ResolvedProbe[] {
  const settings = probesConfigOf(config);
  const prometheus = config.monitoring?.prometheus[environment];
  const resolved: ResolvedProbe[] = [];
  for (const [service, declared] of Object.entries(config.services)) {
    const baseUrl = serviceUrl(declared, environment);
    const specs = settings.services[service] ?? (settings.standard ? STANDARD_PROBES : []);
    for (const spec of specs) {
      const target = targetOf(spec, baseUrl);
      // A service that does not run in this environment has nothing to probe unless a probe names its own target.
      if (target === undefined && needsTarget(spec)) continue;
      resolved.push({
        ...spec,
        id: `${service}/${spec.name}`,
        service,
        intervalMs: spec.interval ?? settings.defaults.interval,
        timeoutMs: spec.timeout ?? settings.defaults.timeout,
        retries: spec.retries ?? settings.defaults.retries,
        confirmations: spec.confirmations ?? settings.defaults.confirmations,
        latencyBudgetMs: spec.latencyBudget ?? settings.defaults.latencyBudget,
        ...(target !== undefined ? { target } : {}),
        // A promql probe asks the watched environment's Prometheus; without one it reports that, never "up".
        ...(spec.kind === 'promql' && prometheus
          ? { target: prometheus.url, prometheus: { url: prometheus.url, tokenEnv: prometheus.tokenEnv, timeoutMs: prometheus.timeout } }
          : {}),
      });
    }
  }
  return resolved;
}

function needsTarget(spec: ProbeSpec): boolean {
  if (spec.kind === 'http') return spec.url === undefined;
  if (spec.kind === 'tcp') return spec.host === undefined;
  if (spec.kind === 'dns') return spec.hostname === undefined;
  return false;
}

function targetOf(spec: ProbeSpec, baseUrl: string | undefined): string | undefined {
  switch (spec.kind) {
    case 'http':
      if (spec.url) return spec.url;
      return baseUrl && spec.path ? joinUrl(baseUrl, spec.path) : undefined;
    case 'tcp':
      return spec.host ?? (baseUrl ? new URL(baseUrl).hostname : undefined);
    case 'dns':
      return spec.hostname ?? (baseUrl ? new URL(baseUrl).hostname : undefined);
    default:
      return undefined;
  }
}

/** Keeps a base URL's own path prefix (https://host/api + /health → https://host/api/health). */
function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
