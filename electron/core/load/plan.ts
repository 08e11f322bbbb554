/**
 * Coordinator side, before anything starts: checks a scenario, profile and thresholds, and
 * turns them into one plan per worker. Every problem is collected, so a refusal lists them all
 * (a broken template names its request and the template; a profile too big names the limit).
 */
import { availableParallelism } from 'node:os';
import {
  isLocustProfile,
  LoadLimitsSchema,
  type LoadConfig,
  type LoadLimits,
  type LoadProfile,
  type LoadScenario,
  type LoadThreshold,
} from '../../../shared/domain/load.js';
import { parseJsonPath } from '../probes/kinds/json-path.js';
import type { ConnectionMode, HttpClientKind } from './connections.js';
import type { PlannedRequest, WorkerPlan } from './protocol.js';
import { closedShape, openShape, shapeDurationMs, shapePeak, type ShapePoint } from './schedule.js';
import { parseThreshold, ThresholdSyntaxError, type ParsedThreshold } from './thresholds.js';
import {
  bodyParts,
  envUsed,
  labelOf,
  parseBody,
  parseTemplate,
  resolveBodyEnv,
  resolveEnv,
  TemplateError,
  varsUsed,
  type BodyTemplate,
  type TemplatePart,
} from './templates.js';

/** One reason a run cannot start, with the path into the config it concerns. */
export interface LoadPlanIssue {
  path: string;
  message: string;
}

/** The run was refused before it started; `issues` lists every reason. */
export class LoadPlanError extends Error {
  constructor(readonly issues: LoadPlanIssue[]) {
    super(`load run refused:\n${issues.map((issue) => `  - ${issue.path ? `${issue.path}: ` : ''}${issue.message}`).join('\n')}`);
    this.name = 'LoadPlanError';
  }
}

/** What a run is made of; see startLoadRun for the callbacks. */
export interface LoadRunOptions {
  scenario: LoadScenario;
  profile: LoadProfile;
  /** Thresholds judged besides the profile's own (e.g. the config-wide `load.thresholds`). */
  thresholds?: LoadThreshold[];
  /** Where the paths go, e.g. http://127.0.0.1:8080 or https://api.example.com/v1. */
  baseUrl: string;
  /** Worker threads; default: the profile's, else one per core. */
  workers?: number;
  limits?: Partial<LoadLimits>;
  /** Values for {{env NAME}}; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Test/benchmark mode: keep every latency sample and hand it to onSamples. */
  recordSamples?: boolean;
  /** For benchmarks: how closed-model users share connections (default pinned). */
  connectionMode?: ConnectionMode;
  /** For benchmarks and tests: force undici on an http: origin (default: the lean client there). */
  httpClient?: HttpClientKind;
}

/** A threshold ready to judge. */
export interface PlannedThreshold {
  expression: string;
  endpoint: string | undefined;
  /** Index into the endpoints, or null for all requests. */
  endpointIndex: number | null;
  abortOnFail: boolean;
  abortAfterMs: number;
  parsed: ParsedThreshold;
}

/** Everything the coordinator needs; `workers[i].startAt` is set when the run starts. */
export interface RunPlan {
  model: 'closed' | 'open';
  endpoints: string[];
  workers: WorkerPlan[];
  thresholds: PlannedThreshold[];
  durationMs: number;
  gracefulStopMs: number;
}

interface ParsedRequest {
  label: string;
  path: TemplatePart[];
  headers: [string, TemplatePart[]][];
  body: BodyTemplate | null;
}

/** Parses every template of a scenario; problems go to `issues` with `prefix` paths. */
function parseScenario(scenario: LoadScenario, prefix: string, issues: LoadPlanIssue[]): ParsedRequest[] | null {
  const parsed: ParsedRequest[] = [];
  const captured = new Set(scenario.requests.flatMap((request) => Object.keys(request.capture)));
  scenario.requests.forEach((request, index) => {
    const at = `${prefix}requests[${index}]`;
    const shown = request.name ?? `${request.method} ${request.path}`;
    const attempt = <T>(field: string, parse: () => T): T | null => {
      try {
        return parse();
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        issues.push({ path: `${at}.${field}`, message: `request "${shown}": ${error.message}` });
        return null;
      }
    };
    const path = attempt('path', () => parseTemplate(request.path));
    if (path && /[^\x21-\xff]/.test(path.map((part) => (part.kind === 'text' ? part.text : '')).join(''))) {
      issues.push({ path: `${at}.path`, message: `request "${shown}": the path has a space or a control character; encode it (%20)` });
    }
    const headers: [string, TemplatePart[]][] = [];
    for (const [name, value] of Object.entries({ ...scenario.headers, ...request.headers })) {
      const parts = attempt(`headers.${name}`, () => parseTemplate(value));
      if (parts) headers.push([name, parts]);
      if (/[\r\n]/.test(value)) issues.push({ path: `${at}.headers.${name}`, message: `request "${shown}": a header value cannot contain a line break` });
    }
    const body = request.body === undefined ? null : attempt('body', () => parseBody(request.body));
    for (const [name, jsonPath] of Object.entries(request.capture)) {
      if (parseJsonPath(jsonPath) === null) {
        issues.push({ path: `${at}.capture.${name}`, message: `request "${shown}": "${jsonPath}" is not a JSON path (e.g. id, data.items[0].id)` });
      }
    }
    const used = [...varsUsed(path ?? []), ...headers.flatMap(([, parts]) => varsUsed(parts)), ...varsUsed(body ? bodyParts(body) : [])];
    for (const name of new Set(used)) {
      if (!captured.has(name)) {
        issues.push({ path: at, message: `request "${shown}" uses {{var ${name}}} but no request of the scenario captures ${name}` });
      }
    }
    if (path) parsed.push({ label: request.name ?? `${request.method} ${labelOf(path)}`, path, headers, body });
  });
  if (scenario.order === 'weighted' && scenario.requests.every((request) => request.weight === 0)) {
    issues.push({ path: `${prefix}requests`, message: 'every request has weight 0, so none would ever be sent' });
  }
  return parsed.length === scenario.requests.length ? parsed : null;
}

/** Endpoint labels in scenario order, without duplicates; and each request's endpoint index. */
function endpointsOf(parsed: ParsedRequest[]): { endpoints: string[]; indexOf: number[] } {
  const endpoints: string[] = [];
  const indexOf = parsed.map((request) => {
    const existing = endpoints.indexOf(request.label);
    if (existing >= 0) return existing;
    endpoints.push(request.label);
    return endpoints.length - 1;
  });
  return { endpoints, indexOf };
}

function planThresholds(thresholds: LoadThreshold[], endpoints: string[] | null, prefix: string, issues: LoadPlanIssue[]): PlannedThreshold[] {
  const planned: PlannedThreshold[] = [];
  thresholds.forEach((threshold, index) => {
    let parsed: ParsedThreshold;
    try {
      parsed = parseThreshold(threshold.expression);
    } catch (error) {
      if (!(error instanceof ThresholdSyntaxError)) throw error;
      issues.push({ path: `${prefix}[${index}]`, message: error.message });
      return;
    }
    let endpointIndex: number | null = null;
    if (threshold.endpoint !== undefined && endpoints !== null) {
      endpointIndex = endpoints.indexOf(threshold.endpoint);
      if (endpointIndex < 0) {
        issues.push({ path: `${prefix}[${index}].endpoint`, message: `no endpoint "${threshold.endpoint}" in the scenario (endpoints: ${endpoints.join(', ')})` });
        return;
      }
    }
    planned.push({
      expression: threshold.expression,
      endpoint: threshold.endpoint,
      endpointIndex,
      abortOnFail: threshold.abortOnFail,
      abortAfterMs: threshold.abortAfter,
      parsed,
    });
  });
  return planned;
}

/**
 * Checks a whole `load:` section beyond its schema: templates, captures, threshold syntax and
 * endpoints. For the config loader, so mistakes show at load time with their paths.
 */
export function checkLoadConfig(config: LoadConfig): LoadPlanIssue[] {
  const issues: LoadPlanIssue[] = [];
  const endpointsByScenario = new Map<string, string[] | null>();
  for (const [id, scenario] of Object.entries(config.scenarios)) {
    const parsed = parseScenario(scenario, `scenarios.${id}.`, issues);
    endpointsByScenario.set(id, parsed ? endpointsOf(parsed).endpoints : null);
  }
  planThresholds(config.thresholds, null, 'thresholds', issues);
  const scenarioIds = Object.keys(config.scenarios);
  for (const [id, profile] of Object.entries(config.profiles)) {
    const scenarioId = isLocustProfile(profile) ? undefined : profile.scenario ?? (scenarioIds.length === 1 ? scenarioIds[0] : undefined);
    planThresholds(profile.thresholds, scenarioId ? (endpointsByScenario.get(scenarioId) ?? null) : null, `profiles.${id}.thresholds`, issues);
  }
  return issues;
}

/** Validates and splits a run among workers; throws LoadPlanError listing every problem. */
export function planLoadRun(options: LoadRunOptions): RunPlan {
  const issues: LoadPlanIssue[] = [];
  const { scenario, profile } = options;
  const limits = LoadLimitsSchema.parse(options.limits ?? {});
  const env = options.env ?? process.env;

  let base: URL | null = null;
  try {
    base = new URL(options.baseUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('not http');
  } catch {
    issues.push({ path: 'baseUrl', message: `expected an http:// or https:// URL, got "${options.baseUrl}"` });
  }

  const parsed = parseScenario(scenario, '', issues);
  const { endpoints, indexOf } = endpointsOf(parsed ?? []);
  for (const request of parsed ?? []) {
    const names = [...envUsed(request.path), ...request.headers.flatMap(([, parts]) => envUsed(parts)), ...envUsed(request.body ? bodyParts(request.body) : [])];
    for (const name of names) {
      if (env[name] === undefined) issues.push({ path: 'env', message: `request "${request.label}" uses {{env ${name}}} but ${name} is not set` });
    }
  }
  const thresholds = [
    ...planThresholds(profile.thresholds, parsed ? endpoints : null, 'profile.thresholds', issues),
    ...planThresholds(options.thresholds ?? [], parsed ? endpoints : null, 'thresholds', issues),
  ];

  const shape: ShapePoint[] = profile.model === 'closed' ? closedShape(profile) : openShape(profile);
  const durationMs = shapeDurationMs(shape);
  const peak = shapePeak(shape);
  let workers = options.workers ?? profile.workers ?? availableParallelism();
  if (durationMs <= 0) issues.push({ path: 'profile', message: 'the profile lasts no time at all' });
  if (peak <= 0) issues.push({ path: 'profile', message: profile.model === 'closed' ? 'the profile never has any users' : 'the profile never has any arrivals' });
  let connections: number;
  let maxInFlight = 0;
  if (profile.model === 'closed') {
    // No idle workers: 3 users do not need 8 threads.
    workers = Math.max(1, Math.min(workers, Math.ceil(peak)));
    const perWorker = Math.ceil(peak / workers);
    if (perWorker > limits.maxUsersPerWorker) {
      issues.push({
        path: 'profile.users',
        message: `the profile asks for ${Math.ceil(peak)} users; this machine runs at most ${workers * limits.maxUsersPerWorker} (${workers} worker${workers > 1 ? 's' : ''} × ${limits.maxUsersPerWorker} users per worker, load.limits.maxUsersPerWorker)`,
      });
    }
    connections = Math.max(1, Math.min(perWorker, limits.maxConnectionsPerWorker));
  } else {
    workers = Math.max(1, Math.min(workers, profile.maxInFlight));
    if (peak / workers > limits.maxRatePerWorker) {
      issues.push({
        path: 'profile.rate',
        message: `the profile asks for ${peak} arrivals/s; this machine runs at most ${workers * limits.maxRatePerWorker} (${workers} worker${workers > 1 ? 's' : ''} × ${limits.maxRatePerWorker}/s, load.limits.maxRatePerWorker)`,
      });
    }
    maxInFlight = Math.ceil(profile.maxInFlight / workers);
    connections = Math.max(1, Math.min(maxInFlight, limits.maxConnectionsPerWorker));
  }

  if (issues.length > 0 || !parsed || !base) throw new LoadPlanError(issues);

  const requests: PlannedRequest[] = scenario.requests.map((request, index) => {
    const parts = parsed[index]!;
    return {
      endpoint: indexOf[index]!,
      method: request.method,
      path: resolveEnv(parts.path, env),
      headers: parts.headers.map(([name, value]) => [name, resolveEnv(value, env)]),
      body: parts.body ? resolveBodyEnv(parts.body, env) : null,
      weight: request.weight,
      capture: Object.entries(request.capture).map(([name, path]) => [name, parseJsonPath(path)!]),
      needs: [...new Set([...varsUsed(parts.path), ...parts.headers.flatMap(([, value]) => varsUsed(value)), ...varsUsed(parts.body ? bodyParts(parts.body) : [])])],
      expectStatus: request.expect.status ?? null,
      bodyContains: request.expect.bodyContains ?? null,
      thinkTime: request.thinkTime ?? scenario.thinkTime,
      timeoutMs: request.timeout ?? scenario.timeout,
      maxBodyBytes: scenario.maxBodyBytes,
    };
  });
  const basePath = base.pathname.replace(/\/+$/, '');
  const workerPlans = Array.from({ length: workers }, (_, index): WorkerPlan => ({
    index,
    count: workers,
    origin: base.origin,
    basePath,
    endpoints,
    requests,
    order: scenario.order,
    model: profile.model,
    shape,
    arrival: profile.model === 'open' ? profile.arrival : 'requests',
    maxInFlight,
    lateAfterMs: profile.model === 'open' ? profile.lateAfter : 0,
    connections,
    connectionMode: profile.model === 'open' ? 'pool' : (options.connectionMode ?? 'pinned'),
    durationMs,
    startAt: 0,
    recordSamples: options.recordSamples ?? false,
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
  }));
  return { model: profile.model, endpoints, workers: workerPlans, thresholds, durationMs, gracefulStopMs: profile.gracefulStop };
}
