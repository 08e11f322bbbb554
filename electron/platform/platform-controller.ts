/**
 * What the control API drives: faults, deploys and rollbacks, the database migration, scenarios
 * and reset, over the model and the servers; and the PlatformStatus that describes it all.
 */
import { parseDurationMs } from '../../shared/domain/rehearsal.js';
import type { FaultRequest, KnownGood, PlatformStatus, Scenario, SettingValue } from '../../shared/domain/rehearsal.js';
import type { Clock } from '../../shared/util/clock.js';
import type { Logger } from '../../shared/util/logger.js';
import type { ScenarioCatalog } from './load-platform-files.js';
import { PlatformRefusal } from './platform-state.js';
import type { PlatformState } from './platform-state.js';
import { createReleaseOperations } from './rolling-deploy.js';
import type { DeployRequest, RollbackRequest } from './rolling-deploy.js';
import { startScenarioRunner } from './scenario-runner.js';
import type { ScenarioRunner } from './scenario-runner.js';
import type { ServiceServer } from './service-server.js';
import type { ConfigRollbackPlan } from './platform-configuration.js';
import { INITIAL_DATABASE_SCHEMA, planMigration, planRollback } from './simulated-database.js';
import type { Timers } from './timers.js';

/** The answer of POST /migrate. */
export interface MigrateResult {
  dryRun: boolean;
  from: number;
  to: number;
  steps: string[];
  /** True when this run changed the schema (never on a dry run). */
  applied: boolean;
}

/** The answer of POST /config/rollback. */
export interface ConfigRollbackResult extends ConfigRollbackPlan {
  dryRun: boolean;
  /** True when this run added a revision (never on a dry run). */
  applied: boolean;
  /** The current revision afterwards. */
  revision: number;
}

/** Every operation of the control API, in process. Refusals throw PlatformRefusal (404/409). */
export interface PlatformController {
  status(): PlatformStatus;
  applyFault(request: FaultRequest): Promise<PlatformStatus>;
  /** Starts a rolling deploy in the background and returns the status at its start. */
  deploy(request: DeployRequest): PlatformStatus;
  /** Per service, every deployed service, or (complete) back to the known-good state. */
  rollback(request: RollbackRequest): Promise<PlatformStatus>;
  /** Records the platform as it is now as known-good; 409 while anything is not ready or a deploy runs. */
  recordKnownGood(request: { note?: string | undefined }): PlatformStatus;
  migrate(request: { dryRun: boolean }): MigrateResult;
  /** Runs the migrations' down steps to `toVersion`; a dry run only lists them. */
  rollbackDatabase(request: { toVersion: number; dryRun: boolean }): MigrateResult;
  changeConfiguration(request: { settings: Record<string, SettingValue>; note?: string | undefined }): PlatformStatus;
  rollbackConfiguration(request: { toRevision?: number | undefined; dryRun: boolean }): ConfigRollbackResult;
  startScenario(request: { name: string; speed: number }): PlatformStatus;
  stopScenario(): PlatformStatus;
  reset(): Promise<PlatformStatus>;
  /** Stops the scenario and any deploy; the servers are closed by their owner. */
  close(): void;
}

export interface PlatformControllerDeps {
  state: PlatformState;
  servers: ReadonlyMap<string, ServiceServer>;
  scenarios: ScenarioCatalog;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  controlUrl: () => string;
  startedAt: number;
  restartMs?: number;
}

const LOG_LIMIT = 100;
const DATABASE = 'database';

export function createPlatformController(deps: PlatformControllerDeps): PlatformController {
  const { state, servers, clock, timers } = deps;
  const log: PlatformStatus['log'] = [];
  let databaseSchema = INITIAL_DATABASE_SCHEMA;
  let scenario: ScenarioRunner | null = null;
  const snapshot = (source: KnownGood['source'], note: string): KnownGood => ({
    recordedAt: clock.now(),
    source,
    note,
    versions: Object.fromEntries(state.ids().map((id) => [id, state.get(id).version])),
    databaseSchema,
    configRevision: state.configuration.current().revision,
  });
  const initialKnownGood = () => snapshot('initial', 'the platform as it started: every service on the baseline');
  let knownGood = initialKnownGood();

  const record = (service: string | null, message: string) => {
    log.push({ at: clock.now(), service, message });
    if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
    deps.logger.info(`[platform] ${service ? `${service}: ` : ''}${message}`);
  };
  const releases = createReleaseOperations({ state, servers, timers, log: record, ...(deps.restartMs !== undefined ? { restartMs: deps.restartMs } : {}) });

  /** Makes each server listen or not as the model says. */
  async function syncServer(id: string) {
    const server = servers.get(id);
    if (!server) return;
    const running = state.get(id).running;
    if (running && !server.listening()) {
      try {
        await server.start();
      } catch (error) {
        state.setRunning(id, false);
        throw new PlatformRefusal(409, `${id} cannot listen on port ${server.port()} again: ${(error as Error).message}`, { cause: error });
      }
    } else if (!running && server.listening()) await server.stop();
  }

  async function applyFault(request: FaultRequest): Promise<PlatformStatus> {
    const message = state.applyFault(request.service, request.fault);
    await syncServer(request.service);
    record(request.service, message);
    return status();
  }

  function runScenarioStep(step: Scenario['steps'][number], speed: number): Promise<unknown> {
    record(step.fault?.service ?? null, `scenario step: ${step.say}`);
    if (step.fault) return applyFault(step.fault);
    // The pause of a scripted deploy is compressed with the scenario's clock.
    if (step.deploy) return Promise.resolve(releases.deploy({ ...step.deploy, stepDelayMs: Math.round(step.deploy.stepDelayMs / speed) }));
    if (step.rollback) return rollback(step.rollback);
    if (step.config) return Promise.resolve(changeConfiguration(step.config));
    return Promise.resolve();
  }

  async function rollback(request: RollbackRequest): Promise<PlatformStatus> {
    if (request.complete) await releases.completeRollback(knownGood.versions);
    else await releases.rollback(request);
    return status();
  }

  function changeConfiguration(request: { settings: Record<string, SettingValue>; note?: string | undefined }): PlatformStatus {
    const revision = state.configuration.change(request.settings, request.note);
    record(null, `configuration revision ${revision.revision}: ${revision.note}`);
    return status();
  }

  /** The database is down for whoever depends on it: no migration or rollback can run. */
  function refuseIfDatabaseDown(what: string) {
    const down = state.ids().filter((id) => state.get(id).dependenciesDown.has(DATABASE));
    if (down.length > 0) throw new PlatformRefusal(409, `the database is down (seen by ${down.join(', ')}): cannot ${what}`);
  }

  function status(): PlatformStatus {
    const catalog = state.topology.releases.catalog;
    return {
      startedAt: deps.startedAt,
      pid: process.pid,
      controlUrl: deps.controlUrl(),
      services: state.ids().map((id) => {
        const service = state.get(id);
        const server = servers.get(id);
        const { ready, reasons } = state.readiness(id);
        const port = server?.port() ?? service.spec.port;
        return {
          id,
          name: service.spec.name,
          port,
          url: `http://127.0.0.1:${port}`,
          running: server?.listening() ?? false,
          ready,
          reasons,
          version: service.version,
          history: [...service.history],
          faults: {
            slow: service.slow ? { ...service.slow } : null,
            errorRate: service.errorRate,
            flappingPeriodMs: service.flapping?.periodMs ?? 0,
            dependenciesDown: [...service.dependenciesDown].sort(),
          },
          dependsOn: [...service.spec.dependsOn],
          dependencies: [...service.spec.dependencies],
          ...(server?.counts() ?? { requests: 0, errors: 0 }),
        };
      }),
      releases: Object.entries(catalog).map(([version, effect]) => ({
        version,
        healthy: !effect.errorRate && !effect.latency,
        ...(effect.note ? { note: effect.note } : {}),
      })),
      baseline: state.topology.releases.baseline,
      scenarios: Object.entries(deps.scenarios).map(([name, s]) => ({
        name,
        title: s.title,
        description: s.description,
        durationMs: Math.max(0, ...s.steps.map((step) => parseDurationMs(step.at))),
      })),
      scenario: scenario?.snapshot() ?? null,
      deploy: releases.progress(),
      databaseSchema,
      configuration: { ...state.configuration.current(), revisions: state.configuration.revisions().slice(0, 10) },
      knownGood: { ...knownGood, versions: { ...knownGood.versions } },
      log: log.map((entry) => ({ ...entry })),
    };
  }

  return {
    status,
    applyFault,
    deploy(request) {
      releases.deploy(request);
      return status();
    },
    rollback,
    recordKnownGood({ note }) {
      const deploying = releases.progress();
      if (deploying) throw new PlatformRefusal(409, `a deploy of ${deploying.version} is in progress (pending: ${deploying.pending.join(', ')}): not a known-good state`);
      const unready = state.ids().flatMap((id) => {
        const { ready, reasons } = state.readiness(id);
        return ready ? [] : [`${id} (${reasons.join('; ')})`];
      });
      if (unready.length > 0) throw new PlatformRefusal(409, `not a known-good state: ${unready.join(', ')} not ready`);
      knownGood = snapshot('recorded', note ?? 'recorded');
      const versions = [...new Set(Object.values(knownGood.versions))].join(', ');
      record(null, `known-good state recorded (${knownGood.note}): ${versions}, schema ${databaseSchema}, configuration revision ${knownGood.configRevision}`);
      return status();
    },
    migrate({ dryRun }) {
      const plan = planMigration(databaseSchema);
      if (dryRun) return { dryRun, ...plan, applied: false };
      refuseIfDatabaseDown('migrate');
      databaseSchema = plan.to;
      record(null, plan.steps.length > 0 ? `migrated the database schema ${plan.from} → ${plan.to} (${plan.steps.length} steps)` : `database schema ${plan.from} is up to date`);
      return { dryRun, ...plan, applied: plan.steps.length > 0 };
    },
    rollbackDatabase({ toVersion, dryRun }) {
      const plan = planRollback(databaseSchema, toVersion);
      if (dryRun) return { dryRun, ...plan, applied: false };
      refuseIfDatabaseDown('roll back the schema');
      databaseSchema = plan.to;
      record(null, plan.steps.length > 0 ? `rolled the database schema back ${plan.from} → ${plan.to} (${plan.steps.length} steps)` : `database schema is already ${plan.to}`);
      return { dryRun, ...plan, applied: plan.steps.length > 0 };
    },
    changeConfiguration,
    rollbackConfiguration({ toRevision, dryRun }) {
      if (dryRun) {
        const plan = state.configuration.planRollback(toRevision);
        return { dryRun, ...plan, applied: false, revision: plan.from };
      }
      const { plan, revision } = state.configuration.rollback(toRevision);
      record(null, `configuration revision ${revision.revision}: ${revision.note}`);
      return { dryRun, ...plan, applied: true, revision: revision.revision };
    },
    startScenario({ name, speed }) {
      const definition = deps.scenarios[name];
      if (!definition) throw new PlatformRefusal(404, `unknown scenario "${name}" (known: ${Object.keys(deps.scenarios).join(', ')})`);
      const current = scenario?.snapshot();
      if (current?.state === 'running') throw new PlatformRefusal(409, `scenario ${current.name} is already running; stop it first`);
      record(null, `scenario ${name} started at speed ${speed}`);
      scenario = startScenarioRunner({
        name,
        scenario: definition,
        speed,
        clock,
        timers,
        runStep: async (step) => {
          await runScenarioStep(step, speed);
        },
      });
      void scenario.settled.then(() => {
        const run = scenario?.snapshot();
        if (run?.name === name && run.state === 'finished') record(null, `scenario ${name} finished`);
      });
      return status();
    },
    stopScenario() {
      if (scenario?.snapshot().state === 'running') {
        scenario.stop();
        record(null, `scenario ${scenario.snapshot().name} stopped`);
      }
      return status();
    },
    async reset() {
      scenario?.stop();
      scenario = null;
      releases.cancel();
      state.reset();
      databaseSchema = INITIAL_DATABASE_SCHEMA;
      knownGood = initialKnownGood();
      for (const id of state.ids()) await syncServer(id);
      record(null, 'reset: every service runs the baseline, no faults');
      return status();
    },
    close() {
      scenario?.stop();
      releases.cancel();
    },
  };
}
