/**
 * Load tests in the app: one run at a time, from a configured profile against the scenario's
 * service in the watched environment. The engine runs in worker threads; this service, on the
 * core's thread, is the single writer: each tick is stored and announced, then the summary.
 */
import { join, resolve } from 'node:path';
import type { ConfiguredProfile, LoadConfig, LocustProfile, LoadProfile, LoadScenario, LoadSummary, LoadThreshold, LoadTick } from '../../../shared/domain/load.js';
import { isLocustProfile, LoadScenarioSchema, profileScenarioId } from '../../../shared/domain/load.js';
import { seriesPointOf } from '../../../shared/domain/load-runs.js';
import type { LoadOverview, LoadProfileView, LoadRunRecord, LoadSeriesPoint } from '../../../shared/domain/load-runs.js';
import { serviceUrl } from '../../../shared/domain/config.js';
import type { WarroomConfig } from '../../../shared/domain/config.js';
import { ownValue } from '../../../shared/util/own-value.js';
import type { EventBus } from '../bus.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CoreProblems } from '../problems/problems.js';
import { ConflictError, InvalidRequestError, NotFoundError } from '../errors.js';
import type { LoadRunsRepo } from '../store/repos/load-runs-repo.js';
import { compareRuns } from './compare.js';
import { LoadPlanError, startLoadRun } from './index.js';
import type { LoadRunHandle } from './index.js';
import { loadReport, loadReportPage } from './report/load-report.js';
import type { ReportContext } from './report/baseline-section.js';
import type { RunResource } from '../../../shared/domain/monitoring.js';
import { LocustStartError, startLocustRun } from './locust/locust-engine.js';
import { ImportError, readImport } from './import/import-results.js';
import type { ImportFormat } from './import/import-results.js';
import { LocustCsvError } from './locust/locust-results.js';
import { K6SummaryError } from './import/k6-summary.js';

export interface LoadService {
  overview(): LoadOverview;
  /** A Locust profile resolves once Locust is sending load (nothing is stored if it never does). */
  start(request: { profile: string; actor: string }): Promise<LoadRunRecord>;
  /** A run of one URL that is not in the config (the CLI's quick mode); stored like the others. */
  startQuick(request: { url: string; profile: LoadProfile; thresholds: LoadThreshold[]; actor: string }): LoadRunRecord;
  stop(runId: number, actor: string): LoadRunRecord;
  detail(runId: number): { run: LoadRunRecord; series: LoadSeriesPoint[]; latest: LoadTick | null };
  compare(baseRunId: number, runId: number): ReturnType<typeof compareRuns>;
  /** `context` (the HTML report's baseline comparison and exceptions) comes from the suite service. */
  report(runId: number, format: 'html' | 'csv' | 'json', context?: ReportContext): ReturnType<typeof loadReport>;
  /** The HTML report's parts of a run, unframed, for a report that embeds it (a suite's). */
  reportPage(runId: number, context?: ReportContext): ReturnType<typeof loadReportPage>;
  /**
   * Stores results produced elsewhere (a Locust CSV set, a k6 summary) as a finished run, judged by
   * the config's thresholds (and the profile's, when one is named); a file it cannot read stores nothing.
   */
  importResults(request: { path: string; format?: ImportFormat | undefined; profile?: string | undefined; actor: string }): LoadRunRecord;
  /** Resolves with the record once the run ended (for the CLI). */
  finished(runId: number): Promise<LoadRunRecord>;
  /** A run in progress ends "interrupted", with everything up to its last second kept. */
  stopAll(): Promise<void>;
}

export interface LoadServiceDeps {
  config: WarroomConfig;
  environment: string;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  problems: CoreProblems;
  repo: LoadRunsRepo;
  env: NodeJS.ProcessEnv;
  /** Worker threads per run (default: the profile's, else one per core). */
  workers?: number;
  /** Mark interrupted the runs a stopped Warroom left running (only the data dir's owner may). */
  recoverInterrupted: boolean;
  /** Samples the configured resources from Prometheus while a run goes (monitoring.resources). */
  resources?: { start(runId: number): { stop(): Promise<void> }; stored(runId: number): RunResource[] };
  /** Locust profiles: their locustfile paths are relative to this (warroom.yaml's directory). */
  configDir: string;
  /** Locust runs keep their CSV files under <dataDir>/load/locust/. */
  dataDir: string;
  /** Warroom's companion locustfile (resources/locust/warroom_companion.py). */
  locustPlugin: string;
}

/** Planned length and peak of a profile, for the Load view (and a suite's plan). */
export function shapeOf(profile: ConfiguredProfile): { durationMs: number; peak: number } {
  if (isLocustProfile(profile)) return { durationMs: profile.duration, peak: profile.users };
  if (profile.model === 'closed') {
    return profile.stages
      ? { durationMs: profile.stages.reduce((sum, s) => sum + s.duration, 0), peak: Math.max(...profile.stages.map((s) => s.users)) }
      : { durationMs: profile.duration!, peak: profile.users! };
  }
  return profile.stages
    ? { durationMs: profile.stages.reduce((sum, s) => sum + s.duration, 0), peak: Math.max(...profile.stages.map((s) => s.rate)) }
    : { durationMs: profile.duration!, peak: profile.rate! };
}

export function createLoadService(deps: LoadServiceDeps): LoadService {
  const load: LoadConfig | undefined = deps.config.load;
  let active: { run: LoadRunRecord; handle: Pick<LoadRunHandle, 'stop'>; series: LoadSeriesPoint[]; latest: LoadTick | null; done: Promise<LoadRunRecord> } | undefined;
  /** A Locust profile between its start and its first second of load. */
  let starting: string | undefined;
  const endings = new Map<number, Promise<LoadRunRecord>>();

  for (const run of deps.recoverInterrupted ? deps.repo.markInterrupted(deps.clock.now()) : []) {
    deps.logger.warn(`load run ${run.id} (${run.profile}) was running when Warroom stopped: marked interrupted, its ticks kept`);
  }

  const serviceBaseUrl = (service: string | undefined): string | null => {
    const declared = service ? ownValue(deps.config.services, service) : undefined;
    return declared ? (serviceUrl(declared, deps.environment) ?? null) : null;
  };
  const baseUrlOf = (scenarioId: string): string | null => serviceBaseUrl(load?.scenarios[scenarioId]?.service);
  const locustHost = (profile: LocustProfile): string | null => profile.host ?? serviceBaseUrl(profile.service);

  const profiles = (): LoadProfileView[] =>
    Object.entries(load?.profiles ?? {}).map(([id, profile]) => {
      const locust = isLocustProfile(profile);
      const scenario = locust ? profile.locustfile : (profileScenarioId(load!, id) ?? '');
      return {
        id,
        description: profile.description ?? null,
        model: locust ? 'closed' : profile.model,
        scenario,
        ...shapeOf(profile),
        thresholds: [...(load?.thresholds ?? []), ...profile.thresholds].map((t) => (t.endpoint ? `${t.expression} on ${t.endpoint}` : t.expression)),
        baseUrl: locust ? locustHost(profile) : baseUrlOf(scenario),
        engine: locust ? 'locust' : 'builtin',
        workers: locust ? (profile.workers ?? null) : null,
      };
    });

  const finish = (runId: number, summary: LoadSummary): LoadRunRecord => {
    const record = deps.repo.finish(runId, summary, deps.clock.now());
    deps.bus.emit('load.changed', record);
    return record;
  };

  const launch = (request: {
    label: string;
    scenarioId: string;
    scenario: LoadScenario;
    profile: LoadProfile;
    baseUrl: string;
    thresholds: LoadThreshold[];
    actor: string;
  }): LoadRunRecord => {
    refuseWhileBusy();
    const startedAt = deps.clock.now();
    // Set once the record exists; ticks only start a second after the run.
    const current: { run?: LoadRunRecord } = {};
    let handle: LoadRunHandle;
    const series: LoadSeriesPoint[] = [];
    try {
      handle = startLoadRun({
        scenario: request.scenario,
        profile: request.profile,
        thresholds: request.thresholds,
        baseUrl: request.baseUrl,
        ...(load ? { limits: load.limits } : {}),
        env: deps.env,
        ...(deps.workers ? { workers: deps.workers } : {}),
        onTick: (tick) => {
          const run = current.run;
          if (!run || !active) return;
          // A tick that cannot be stored is still shown; the run goes on.
          deps.problems.attempt('load.store', `storing a tick of load run ${run.id}`, () => deps.repo.addTick(run.id, tick, deps.clock.now()));
          series.push(seriesPointOf(tick));
          active.latest = tick;
          deps.bus.emit('load.tick', { runId: run.id, tick });
        },
        onLog: (level, message) => (level === 'error' ? deps.logger.error(`load: ${message}`) : level === 'warn' ? deps.logger.warn(`load: ${message}`) : undefined),
      });
    } catch (error) {
      if (error instanceof LoadPlanError) throw new InvalidRequestError(error.message);
      throw error;
    }
    // The first tick comes a second after the start: the record exists by then.
    const created: LoadRunRecord = deps.repo.create({
      profile: request.label,
      scenario: request.scenarioId,
      environment: deps.environment,
      baseUrl: request.baseUrl,
      actor: request.actor,
      model: request.profile.model,
      plannedMs: handle.durationMs,
      startedAt,
    });
    current.run = created;
    track(created, handle, series);
    return created;
  };

  const refuseWhileBusy = (): void => {
    if (active) throw new ConflictError(`load test ${active.run.profile} (run ${active.run.id}) is still running: stop it first`);
    if (starting) throw new ConflictError(`load test ${starting} is starting: wait for it or stop it first`);
  };

  /** Follows a started run to its end: its summary stored, or its failure; `active` until then. */
  const track = (created: LoadRunRecord, handle: Pick<LoadRunHandle, 'stop' | 'done'>, series: LoadSeriesPoint[]): void => {
    const sampling = deps.resources?.start(created.id);
    const done = handle.done
      // The last resource sample is stored before the run's end is announced.
      .finally(() => sampling?.stop())
      .then(
        (summary) => finish(created.id, summary),
        (error: unknown) => {
          const record = deps.repo.fail(created.id, (error as Error).message, deps.clock.now());
          deps.bus.emit('load.changed', record);
          return record;
        },
      )
      // The stored run may have ended some other way (e.g. another process marked it interrupted),
      // or storing the end failed: a core problem, and what is stored is returned, never a rejection.
      .catch((error: unknown) => {
        deps.problems.report('load.store', `storing the end of load run ${created.id}`, error);
        const stored = deps.repo.get(created.id) ?? created;
        deps.bus.emit('load.changed', stored);
        return stored;
      })
      .finally(() => {
        if (active?.run.id === created.id) active = undefined;
      });
    active = { run: created, handle, series, latest: null, done };
    endings.set(created.id, done);
    deps.bus.emit('load.changed', created);
  };

  /** Starts Locust; the run is stored once Locust sends load, with the seconds it read while starting. */
  const launchLocust = async (profileId: string, profile: LocustProfile, actor: string): Promise<LoadRunRecord> => {
    refuseWhileBusy();
    const host = locustHost(profile);
    if (!host) throw new InvalidRequestError(`load profile ${profileId}: name a host, or a service that runs in ${deps.environment}`);
    const startedAt = deps.clock.now();
    const locustfile = resolve(deps.configDir, profile.locustfile);
    starting = profileId;
    let handle;
    try {
      handle = await startLocustRun({
        profile,
        locustfile,
        host,
        thresholds: [...(load?.thresholds ?? []), ...profile.thresholds],
        outputDir: join(deps.dataDir, 'load', 'locust', `${profileId}-${startedAt}`),
        env: deps.env,
        pluginFile: deps.locustPlugin,
        onLog: (level, message) => (level === 'error' ? deps.logger.error(`locust: ${message}`) : level === 'warn' ? deps.logger.warn(`locust: ${message}`) : deps.logger.info(`locust: ${message}`)),
      });
    } catch (error) {
      if (error instanceof LocustStartError) throw new InvalidRequestError(`load profile ${profileId}: ${error.message}`);
      throw error;
    } finally {
      starting = undefined;
    }
    const created = deps.repo.create({
      profile: profileId,
      scenario: profile.locustfile,
      environment: deps.environment,
      baseUrl: host,
      actor,
      model: 'closed',
      plannedMs: handle.durationMs,
      startedAt,
      engine: 'locust',
      engineDetail: handle.detail,
    });
    const series: LoadSeriesPoint[] = [];
    track(created, handle, series);
    handle.attach((tick) => {
      if (active?.run.id !== created.id) return;
      deps.problems.attempt('load.store', `storing a tick of load run ${created.id}`, () => deps.repo.addTick(created.id, tick, deps.clock.now()));
      series.push(seriesPointOf(tick));
      active.latest = tick;
      deps.bus.emit('load.tick', { runId: created.id, tick });
    });
    return created;
  };

  return {
    overview() {
      return {
        environment: deps.environment,
        profiles: profiles(),
        active: active ? { run: active.run, series: active.series, latest: active.latest } : null,
        runs: deps.repo.list({ limit: 20 }),
      };
    },
    async start({ profile: profileId, actor }) {
      const profile = load ? ownValue(load.profiles, profileId) : undefined;
      if (!load || !profile) throw new NotFoundError(`no load profile "${profileId}" in the config`);
      if (isLocustProfile(profile)) return launchLocust(profileId, profile, actor);
      const scenarioId = profileScenarioId(load, profileId)!;
      const baseUrl = baseUrlOf(scenarioId);
      if (!baseUrl) throw new InvalidRequestError(`scenario ${scenarioId} names no service that runs in ${deps.environment}`);
      return launch({ label: profileId, scenarioId, scenario: load.scenarios[scenarioId]!, profile, baseUrl, thresholds: load.thresholds, actor });
    },
    startQuick({ url, profile, thresholds, actor }) {
      const target = new URL(url);
      const scenario = LoadScenarioSchema.parse({ requests: [{ name: `GET ${target.pathname}`, path: `${target.pathname}${target.search}` }] });
      return launch({ label: 'quick', scenarioId: 'custom', scenario, profile, baseUrl: target.origin, thresholds, actor });
    },
    stop(runId, actor) {
      if (!active || active.run.id !== runId) throw new ConflictError(`run ${runId} is not running`);
      deps.logger.info(`load run ${runId} stopped by ${actor}`);
      active.handle.stop('stopped');
      return active.run;
    },
    detail(runId) {
      const run = deps.repo.get(runId);
      if (!run) throw new NotFoundError(`no load run ${runId}`);
      return { run, series: deps.repo.series(runId), latest: deps.repo.latestTick(runId) };
    },
    compare(baseRunId, runId) {
      const base = deps.repo.get(baseRunId);
      const current = deps.repo.get(runId);
      if (!base || !current) throw new NotFoundError(`no load run ${base ? runId : baseRunId}`);
      return compareRuns(base, current, deps.repo.endpointStats(baseRunId), deps.repo.endpointStats(runId));
    },
    report(runId, format, context) {
      if (!deps.repo.get(runId)) throw new NotFoundError(`no load run ${runId}`);
      return loadReport(deps.repo, runId, format, context, deps.resources?.stored(runId));
    },
    reportPage(runId, context) {
      if (!deps.repo.get(runId)) throw new NotFoundError(`no load run ${runId}`);
      return loadReportPage(deps.repo, runId, context, deps.resources?.stored(runId));
    },
    importResults({ path, format, profile: profileId, actor }) {
      const profile = profileId === undefined ? undefined : load ? ownValue(load.profiles, profileId) : undefined;
      if (profileId !== undefined && !profile) throw new NotFoundError(`no load profile "${profileId}" in the config`);
      const thresholds = [...(load?.thresholds ?? []), ...(profile?.thresholds ?? [])];
      let imported;
      try {
        imported = readImport(resolve(deps.configDir, path), { format, thresholds });
      } catch (error) {
        if (error instanceof ImportError || error instanceof LocustCsvError || error instanceof K6SummaryError) throw new InvalidRequestError(error.message);
        throw error;
      }
      const { summary } = imported;
      const record = deps.repo.importRun(
        {
          profile: profileId ?? `imported-${imported.engine}`,
          scenario: imported.name,
          environment: deps.environment,
          baseUrl: '',
          actor,
          model: 'closed',
          plannedMs: summary.durationMs,
          startedAt: summary.startedAt,
          engine: imported.engine,
          engineDetail: { version: null, command: null, workers: 0, workerCommand: null, source: 'import', files: imported.files, notes: imported.notes },
        },
        imported.ticks,
        summary,
        deps.clock.now(),
      );
      deps.logger.info(`load results imported by ${actor} from ${imported.files.join(', ')} as run ${record.id} (${record.state})`);
      deps.bus.emit('load.changed', record);
      return record;
    },
    finished: (runId) => endings.get(runId) ?? Promise.resolve(deps.repo.get(runId)!),
    async stopAll() {
      if (!active) return;
      active.handle.stop('interrupted');
      await active.done;
    },
  };
}
