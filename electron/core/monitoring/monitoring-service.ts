/**
 * Reading Prometheus for the war room: the query tiles of the watched environment (refreshed on
 * a timer by the data dir's owner, or on demand), the resources sampled during load runs, and the
 * check behind the board's `monitoring-configured` rule, stored as evidence.
 */
import type { MonitoringConfig, MonitoringOverview, ResourceComparison, RunResource, TileReading } from '../../../shared/domain/monitoring.js';
import { MonitoringConfigSchema } from '../../../shared/domain/monitoring.js';
import { unreachableHint } from '../../../shared/format/prometheus.js';
import type { WarroomConfig } from '../../../shared/domain/config.js';
import type { EventBus } from '../bus.js';
import type { Clock, Timer, Timers } from '../clock.js';
import { NotFoundError } from '../errors.js';
import type { CoreProblems } from '../problems/problems.js';
import type { LoadRunsRepo } from '../store/repos/load-runs-repo.js';
import type { MonitoringCheck, MonitoringChecksRepo } from '../store/repos/monitoring-checks-repo.js';
import type { ResourceSamplesRepo } from '../store/repos/resource-samples-repo.js';
import { createPrometheusClient, PrometheusError, type PrometheusClient } from './prometheus-client.js';
import { compareResources } from './resource-compare.js';
import { createResourceSampler, type ResourceSampler } from './resource-sampler.js';
import { failedReading, instantReading, rangeReading } from './tile-reading.js';

/** A range tile has about this many points, unless it names its step. */
const RANGE_POINTS = 120;
/** An unchanged monitoring check is stored again after this long, so the board's evidence stays fresh. */
const CHECK_REPEAT_MS = 5 * 60_000;

export interface MonitoringService {
  overview(): MonitoringOverview;
  /** Reads every tile now, announces and answers the readings. */
  refresh(): Promise<MonitoringOverview>;
  /** Checks Prometheus, its targets and its rules now, and stores the check when it changed or is due. */
  check(): Promise<MonitoringCheck>;
  latestCheck(environment: string, asOf: number): MonitoringCheck | null;
  runResources(runId: number): RunResource[];
  compareResources(baseRunId: number, runId: number): ResourceComparison[];
  /** For the load service: samples the resources while a run goes. */
  readonly sampler: ResourceSampler;
  /** Refreshes the tiles and checks on a timer (owner only). */
  start(): void;
  stop(): Promise<void>;
}

export interface MonitoringServiceDeps {
  config: WarroomConfig;
  environment: string;
  env: NodeJS.ProcessEnv;
  bus: EventBus;
  clock: Clock;
  timers: Timers;
  problems: CoreProblems;
  samples: ResourceSamplesRepo;
  checks: MonitoringChecksRepo;
  loadRuns: Pick<LoadRunsRepo, 'get'>;
}

export function monitoringConfigOf(config: WarroomConfig): MonitoringConfig {
  return config.monitoring ?? MonitoringConfigSchema.parse({});
}

export function createMonitoringService(deps: MonitoringServiceDeps): MonitoringService {
  const settings = monitoringConfigOf(deps.config);
  const source = settings.prometheus[deps.environment];
  const client: PrometheusClient | null = source ? createPrometheusClient(source, deps.env) : null;
  const tiles = Object.entries(settings.tiles);
  let readings: TileReading[] = tiles.map(([id, tile]) =>
    failedReading(id, tile, client ? 'pending' : 'unconfigured', client ? 'not read yet' : unconfiguredText(deps.environment), deps.clock.now()),
  );
  let lastStored: MonitoringCheck | null = null;
  let timer: Timer | undefined;
  let refreshing: Promise<MonitoringOverview> | undefined;
  let checking: Promise<MonitoringCheck> | undefined;

  const overview = (): MonitoringOverview => ({ environment: deps.environment, prometheusUrl: client?.url ?? null, refreshIntervalMs: settings.refreshInterval, tiles: readings });

  const readTile = async (id: string, tile: (typeof tiles)[number][1]): Promise<TileReading> => {
    const at = deps.clock.now();
    if (!client) return failedReading(id, tile, 'unconfigured', unconfiguredText(deps.environment), at);
    try {
      if (tile.kind === 'instant') return instantReading(id, tile, await client.query(tile.query), at);
      const stepMs = tile.step ?? Math.max(1000, Math.round(tile.range / RANGE_POINTS));
      return rangeReading(id, tile, await client.queryRange(tile.query, { start: at - tile.range, end: at, stepMs }), at);
    } catch (error) {
      if (!(error instanceof PrometheusError)) return failedReading(id, tile, 'error', `internal error: ${String(error)}`, at);
      return failedReading(id, tile, 'error', error.message, at, error.reason === 'unreachable' ? unreachableHint(client.url) : '');
    }
  };

  const refresh = (): Promise<MonitoringOverview> => {
    // One refresh at a time: callers during one share its answer.
    refreshing ??= Promise.all(tiles.map(([id, tile]) => readTile(id, tile)))
      .then((next) => {
        readings = next;
        const answer = overview();
        deps.bus.emit('monitoring.tiles', answer);
        return answer;
      })
      .finally(() => (refreshing = undefined));
    return refreshing;
  };

  const runCheck = async (): Promise<MonitoringCheck> => {
    const at = deps.clock.now();
    const base = { environment: deps.environment, at, targetsUp: 0, targetsTotal: 0, ruleGroups: 0, rules: 0 };
    if (!client) return { ...base, ok: false, prometheusUp: false, detail: unconfiguredText(deps.environment) };
    try {
      const [targets, groups] = await Promise.all([client.targets(), client.ruleGroups()]);
      const up = targets.filter((t) => t.health === 'up');
      const rules = groups.reduce((sum, g) => sum + g.rules, 0);
      const problems: string[] = [];
      if (targets.length === 0) problems.push('no scrape targets');
      const down = targets.filter((t) => t.health !== 'up');
      if (down.length > 0) problems.push(`${down.length} of ${targets.length} targets down: ${down.slice(0, 3).map((t) => `${t.job} ${t.instance}`).join(', ')}${down.length > 3 ? ', …' : ''}`);
      if (rules === 0) problems.push('no alert rules loaded');
      return { ...base, ok: problems.length === 0, prometheusUp: true, targetsUp: up.length, targetsTotal: targets.length, ruleGroups: groups.length, rules, detail: problems.join('; ') };
    } catch (error) {
      return { ...base, ok: false, prometheusUp: false, detail: error instanceof PrometheusError ? error.message : `internal error: ${String(error)}` };
    }
  };

  const check = (): Promise<MonitoringCheck> => {
    checking ??= runCheck()
      .then((result) => {
        const changed = !lastStored || lastStored.ok !== result.ok || lastStored.detail !== result.detail || lastStored.targetsTotal !== result.targetsTotal || lastStored.rules !== result.rules;
        if (changed || result.at - lastStored!.at >= CHECK_REPEAT_MS) {
          deps.problems.attempt('monitoring.store', 'storing a monitoring check', () => deps.checks.add(result));
          lastStored = result;
          if (changed) deps.bus.emit('monitoring.checked', result);
        }
        return result;
      })
      .finally(() => (checking = undefined));
    return checking;
  };

  const sampler = createResourceSampler({
    client,
    resources: settings.resources,
    intervalMs: settings.sampleInterval,
    clock: deps.clock,
    timers: deps.timers,
    repo: deps.samples,
    problems: deps.problems,
  });

  const runResources = (runId: number): RunResource[] => {
    if (!deps.loadRuns.get(runId)) throw new NotFoundError(`no load run ${runId}`);
    return deps.samples.forRun(runId);
  };

  return {
    overview,
    refresh,
    check,
    latestCheck: (environment, asOf) => deps.checks.latest(environment, asOf),
    runResources,
    compareResources: (baseRunId, runId) => compareResources(runResources(baseRunId), runResources(runId)),
    sampler,
    start() {
      if (timer || !client) return;
      const turn = () => {
        // Failures of a read are tile states; only a bug lands here, and it must not end the loop.
        void refresh().catch((error: unknown) => deps.problems.report('monitoring', 'refreshing the query tiles', error));
        void check().catch((error: unknown) => deps.problems.report('monitoring', 'checking the monitoring', error));
      };
      turn();
      timer = deps.timers.every(settings.refreshInterval, turn);
    },
    async stop() {
      timer?.cancel();
      timer = undefined;
      await Promise.allSettled([refreshing, checking]);
    },
  };
}

function unconfiguredText(environment: string): string {
  return `no Prometheus configured for ${environment} (monitoring.prometheus.${environment})`;
}
