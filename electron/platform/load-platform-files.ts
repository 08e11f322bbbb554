/**
 * Loads the platform's topology (platform.yaml) and scenario catalog (scenarios.yaml): schema
 * first, then the cross-checks a schema can't express, every problem as file:line:col.
 */
import { PlatformTopologySchema, ScenarioCatalogSchema, parseDurationMs } from '../../shared/domain/rehearsal.js';
import type { Fault, PlatformTopology, Scenario } from '../../shared/domain/rehearsal.js';
import { settingIsHealthy } from './platform-configuration.js';
import { parseYamlWithSchema, readSmallTextFile } from './yaml-with-schema.js';
import type { PathProblem } from './yaml-with-schema.js';

/** Named scenarios, as scenarios.yaml lists them. */
export type ScenarioCatalog = Record<string, Scenario>;

export function loadPlatformTopology(path: string): PlatformTopology {
  return parsePlatformTopology(readSmallTextFile(path), path);
}

export function loadScenarioCatalog(path: string, topology: PlatformTopology): ScenarioCatalog {
  return parseScenarioCatalog(readSmallTextFile(path), path, topology);
}

/** Parses platform.yaml text; `file` only appears in messages. */
export function parsePlatformTopology(text: string, file: string): PlatformTopology {
  return parseYamlWithSchema(text, file, PlatformTopologySchema, checkTopology);
}

/** Parses scenarios.yaml text against a loaded topology; `file` only appears in messages. */
export function parseScenarioCatalog(text: string, file: string, topology: PlatformTopology): ScenarioCatalog {
  return parseYamlWithSchema(text, file, ScenarioCatalogSchema, (catalog) => checkScenarios(catalog, topology));
}

function checkTopology(topology: PlatformTopology): PathProblem[] {
  const problems: PathProblem[] = [];
  const ids = Object.keys(topology.services);
  if (ids.length === 0) problems.push({ path: ['services'], message: 'expected at least one service' });

  const portOwners = new Map<number, string>();
  if (topology.controlPort !== 0) portOwners.set(topology.controlPort, 'controlPort');
  for (const [id, service] of Object.entries(topology.services)) {
    if (service.port !== 0) {
      const owner = portOwners.get(service.port);
      if (owner) problems.push({ path: ['services', id, 'port'], message: `port ${service.port} is already used by ${owner}` });
      else portOwners.set(service.port, id);
    }
    service.dependsOn.forEach((dep, i) => {
      if (dep === id) problems.push({ path: ['services', id, 'dependsOn', i], message: 'a service cannot depend on itself' });
      else if (!topology.services[dep]) problems.push({ path: ['services', id, 'dependsOn', i], message: `unknown service "${dep}" (known: ${ids.join(', ')})` });
    });
  }
  problems.push(...findCycles(topology));

  const dataLayers = ids.filter((id) => topology.services[id]!.role === 'data-layer');
  if (dataLayers.length > 1) {
    for (const id of dataLayers.slice(1)) problems.push({ path: ['services', id, 'role'], message: `only one data-layer service is allowed (${dataLayers[0]} is one)` });
  }
  for (const id of ids.filter((i) => topology.services[i]!.role === 'gateway')) {
    if (dataLayers.length === 0) problems.push({ path: ['services', id, 'role'], message: 'a gateway forwards to the data layer, but no service has role: data-layer' });
  }
  if (!topology.releases.catalog[topology.releases.baseline]) {
    const known = Object.keys(topology.releases.catalog).join(', ');
    problems.push({ path: ['releases', 'baseline'], message: `version ${topology.releases.baseline} is not in releases.catalog (known: ${known})` });
  }
  for (const [key, setting] of Object.entries(topology.configuration)) {
    if (!topology.services[setting.service]) problems.push({ path: ['configuration', key, 'service'], message: `unknown service "${setting.service}" (known: ${ids.join(', ')})` });
    if (setting.healthy && typeof setting.value !== 'number') problems.push({ path: ['configuration', key, 'healthy'], message: 'a healthy range needs a number value' });
    else if (!settingIsHealthy(setting, setting.value)) problems.push({ path: ['configuration', key, 'value'], message: 'the initial value must be in its healthy range' });
  }
  return problems;
}

/** Reports each dependsOn edge that closes a cycle, with the cycle spelled out. */
function findCycles(topology: PlatformTopology): PathProblem[] {
  const problems: PathProblem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]) => {
    state.set(id, 'visiting');
    topology.services[id]!.dependsOn.forEach((dep, i) => {
      if (!topology.services[dep] || dep === id) return;
      if (state.get(dep) === 'visiting') {
        const cycle = [...trail.slice(trail.indexOf(dep)), id, dep].join(' → ');
        problems.push({ path: ['services', id, 'dependsOn', i], message: `dependency cycle: ${cycle}` });
      } else if (!state.has(dep)) visit(dep, [...trail, id]);
    });
    state.set(id, 'done');
  };
  for (const id of Object.keys(topology.services)) if (!state.has(id)) visit(id, []);
  return problems;
}

function checkScenarios(catalog: ScenarioCatalog, topology: PlatformTopology): PathProblem[] {
  const problems: PathProblem[] = [];
  const serviceIds = Object.keys(topology.services);
  const checkService = (id: string, path: (string | number)[]) => {
    if (topology.services[id]) return true;
    problems.push({ path, message: `unknown service "${id}" (known: ${serviceIds.join(', ')})` });
    return false;
  };
  const checkVersion = (version: string, path: (string | number)[]) => {
    if (topology.releases.catalog[version]) return;
    problems.push({ path, message: `version ${version} is not in the release catalog (known: ${Object.keys(topology.releases.catalog).join(', ')})` });
  };

  for (const [name, scenario] of Object.entries(catalog)) {
    scenario.steps.forEach((step, i) => {
      const at: (string | number)[] = [name, 'steps', i];
      try {
        parseDurationMs(step.at);
      } catch (error) {
        problems.push({ path: [...at, 'at'], message: (error as Error).message });
      }
      const actions = [step.fault, step.deploy, step.rollback, step.config].filter((a) => a !== undefined);
      if (actions.length > 1) problems.push({ path: at, message: 'a step does one thing: fault, deploy, rollback or config (split it into steps at the same time)' });
      if (step.fault && checkService(step.fault.service, [...at, 'fault', 'service'])) {
        checkFault(step.fault.service, step.fault.fault, [...at, 'fault', 'fault']);
      }
      step.deploy?.services?.forEach((id, j) => checkService(id, [...at, 'deploy', 'services', j]));
      if (step.deploy) checkVersion(step.deploy.version, [...at, 'deploy', 'version']);
      step.rollback?.services?.forEach((id, j) => checkService(id, [...at, 'rollback', 'services', j]));
      for (const [key, value] of Object.entries(step.config?.settings ?? {})) {
        const setting = topology.configuration[key];
        const path = [...at, 'config', 'settings', key];
        if (!setting) problems.push({ path, message: `unknown setting "${key}" (known: ${Object.keys(topology.configuration).join(', ') || 'none'})` });
        else if (typeof value !== typeof setting.value) problems.push({ path, message: `${key} expects a ${typeof setting.value}` });
      }
    });
  }
  return problems;

  function checkFault(serviceId: string, fault: Fault, path: (string | number)[]) {
    if (fault.kind === 'deploy') checkVersion(fault.version, [...path, 'version']);
    if (fault.kind === 'dependency-down' || fault.kind === 'dependency-up') {
      const own = topology.services[serviceId]!.dependencies;
      if (!own.includes(fault.dependency)) {
        const known = own.length > 0 ? `its dependencies: ${own.join(', ')}` : 'it has no dependencies';
        problems.push({ path: [...path, 'dependency'], message: `"${fault.dependency}" is not a dependency of ${serviceId} (${known})` });
      }
    }
  }
}
