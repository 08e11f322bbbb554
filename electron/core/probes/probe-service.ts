/**
 * Health probing for the watched environment: schedules every probe, stores each result (in
 * batches), derives health, records transitions, announces changes to the renderer within
 * ~100 ms, and sends notifications folded by root cause.
 */
import type { HealthHistory, HealthOverview, ProbeResult, RecentHealth, ResolvedProbe, ServiceHealth, StandingNotification } from '../../../shared/domain/probes.js';
import type { WarroomConfig } from '../../../shared/domain/config.js';
import { ownValue } from '../../../shared/util/own-value.js';
import type { EventBus } from '../bus.js';
import { systemTimers } from '../clock.js';
import type { Clock, Timer, Timers } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CoreProblems } from '../problems/problems.js';
import type { Store } from '../store/store.js';
import { createHealthEngine } from './health-engine.js';
import { createHttpAgents } from './kinds/http-agents.js';
import { runCheck } from './kinds/run-check.js';
import type { CheckContext, CheckOutcome } from './kinds/run-check.js';
import { createNotifier, postWebhook } from './notifier.js';
import type { HealthNotification } from './notifier.js';
import { probesConfigOf, resolveProbes } from './resolve-probes.js';
import { createScheduler } from './scheduler.js';
import { createStandingNotifications } from './standing-notifications.js';
import { createHealthHistory } from './storage/health-history.js';
import type { HealthHistoryQuery } from './storage/health-history.js';
import { createResultWriter } from './storage/result-writer.js';
import { createRollupJob } from './storage/rollup-job.js';

export const SPARKLINE_WINDOW_MS = 15 * 60_000;
/** How soon a changed result is checked again for confirmation. */
export const CONFIRM_AFTER_MS = 1000;
export const UPTIME_WINDOW_MS = 24 * 3_600_000;

export interface ProbeService {
  start(): void;
  stop(): Promise<void>;
  overview(): HealthOverview;
  recent(): RecentHealth;
  /** "Down" notifications not yet recovered, newest first (for the snapshot). */
  notifications(): StandingNotification[];
  history(query: Omit<HealthHistoryQuery, 'now'>): HealthHistory;
  /** Runs every probe now; resolves with the health once all are done. */
  checkAll(): Promise<HealthOverview>;
  pause(): HealthOverview;
  resume(): HealthOverview;
  mute(service: string, muted: boolean): ServiceHealth | undefined;
  readonly probes: readonly ResolvedProbe[];
}

export interface ProbeServiceDeps {
  config: WarroomConfig;
  environment: string;
  /** Relative paths of command probes are relative to the config file. */
  configDir: string;
  env: NodeJS.ProcessEnv;
  bus: EventBus;
  clock: Clock;
  /** Node's by default; tests pass a fake clock. */
  timers?: Timers;
  logger: Logger;
  problems: CoreProblems;
  store: Pick<Store, 'probeResults' | 'healthTransitions' | 'serviceMutes' | 'coreSessions'>;
  check?: (probe: ResolvedProbe, ctx: CheckContext) => Promise<CheckOutcome>;
  /** How often batched changes go out (what bounds result-to-tile time). */
  emitIntervalMs?: number;
  startSpreadMs?: number;
}

export function createProbeService(deps: ProbeServiceDeps): ProbeService {
  const settings = probesConfigOf(deps.config);
  const probes = resolveProbes(deps.config, deps.environment);
  const check = deps.check ?? runCheck;
  // This core's own keep-alive pools: two cores in one process never share (or close) each other's sockets.
  const agents = createHttpAgents();
  const emitIntervalMs = deps.emitIntervalMs ?? 100;
  const timers = deps.timers ?? systemTimers;
  const serviceIds = Object.keys(deps.config.services);
  const engine = createHealthEngine({
    probes,
    services: serviceIds.map((id) => ({ id, dependsOn: deps.config.services[id]!.dependsOn })),
    settings: { flappingTransitions: settings.flappingTransitions, flappingWindowMs: settings.flappingWindow },
    muted: deps.store.serviceMutes.list().filter((m) => m.muted).map((m) => m.service),
  });
  const writer = createResultWriter({
    repo: deps.store.probeResults,
    environment: deps.environment,
    clock: deps.clock,
    timers,
    // Results wait in memory and the next flush retries: the problem lasts until one goes through.
    onError: (error, stats) => deps.problems.report('probes.store', `storing probe results (${stats.buffered} waiting, ${stats.dropped} dropped)`, error),
    onStored: () => deps.problems.clear('probes.store'),
  });
  const rollups = createRollupJob({
    repo: deps.store.probeResults,
    clock: deps.clock,
    timers,
    rawRetentionMs: settings.rawRetention,
    rollupRetentionMs: settings.rollupRetention,
    onError: (error) => deps.problems.report('probes.rollup', 'rolling up probe results', error),
    onDone: () => deps.problems.clear('probes.rollup'),
  });
  const history = createHealthHistory({
    environment: deps.environment,
    results: deps.store.probeResults,
    transitions: deps.store.healthTransitions,
    sessions: deps.store.coreSessions,
    rawRetentionMs: settings.rawRetention,
  });
  const environment = deps.config.environments[deps.environment];
  const standing = createStandingNotifications();
  const notifier = createNotifier({
    health: (service) => engine.health(service, deps.clock.now()),
    names: (service) => deps.config.services[service]?.name ?? service,
    explainedBy: (root) => engine.snapshot(deps.clock.now()).filter((h) => h.causedBy === root).map((h) => h.service),
    now: deps.clock.now,
    timers,
    deliver: (notifications) =>
      deps.problems.attempt('probes.notify', 'sending health notifications', () => {
        for (const notification of notifications) {
          const sent = deps.bus.emit('health.notification', notification);
          if (sent) standing.add(notification, sent.seq);
        }
        void sendWebhook(notifications);
      }),
  });

  let pendingResults: ProbeResult[] = [];
  const pendingServices = new Set<string>();
  let emitTimer: Timer | undefined;
  const lastStale = new Map<string, boolean>();
  let staleTimer: Timer | undefined;

  const emitNow = () => {
    emitTimer?.cancel();
    emitTimer = undefined;
    const now = deps.clock.now();
    // Runs in a timer: whatever fails is a core problem, and the batch is let go either way.
    deps.problems.attempt('probes.events', 'announcing probe results', () => {
      if (pendingResults.length > 0) deps.bus.emit('probe.results', { results: pendingResults });
      if (pendingServices.size > 0) {
        const services = [...pendingServices].map((id) => engine.health(id, now)!).filter(Boolean);
        for (const health of services) lastStale.set(health.service, health.stale);
        deps.bus.emit('health.changed', { paused: scheduler.isPaused(), services });
      }
    });
    pendingResults = [];
    pendingServices.clear();
  };
  const scheduleEmit = () => {
    emitTimer ??= timers.after(emitIntervalMs, emitNow);
  };

  const runOne = async (probe: ResolvedProbe, signal: AbortSignal): Promise<number | undefined> => {
    const outcome = await check(probe, { signal, env: deps.env, configDir: deps.configDir, now: deps.clock.now, agents });
    if (signal.aborted && stopped) return undefined;
    const result: ProbeResult = { probeId: probe.id, service: probe.service, at: deps.clock.now(), ...outcome };
    writer.add(result);
    const transitions = engine.apply(result);
    // Health moves on in memory even when its history cannot be stored.
    deps.problems.attempt('probes.transitions', 'storing health transitions', () => {
      for (const transition of transitions) deps.store.healthTransitions.record(deps.environment, transition);
    });
    notifier.add(transitions);
    pendingResults.push(result);
    const touched = transitions.length > 0 ? engine.affectedBy(probe.service) : [probe.service];
    for (const id of touched) pendingServices.add(id);
    scheduleEmit();
    deps.problems.clear('probes.run');
    return engine.awaitsConfirmation(probe.id) ? CONFIRM_AFTER_MS : undefined;
  };

  const scheduler = createScheduler({
    probes,
    run: runOne,
    concurrency: settings.concurrency,
    timers,
    onError: (probe, error) => deps.problems.report('probes.run', `running probe ${probe.id}`, error),
    ...(deps.startSpreadMs !== undefined ? { startSpreadMs: deps.startSpreadMs } : {}),
  });
  let stopped = false;

  const overview = (): HealthOverview => ({ environment: deps.environment, paused: scheduler.isPaused(), services: engine.snapshot(deps.clock.now()) });

  async function sendWebhook(notifications: HealthNotification[]): Promise<void> {
    const webhook = environment?.webhook;
    if (!webhook) return;
    const url = deps.env[webhook.urlEnv];
    if (!url) {
      deps.logger.warn(`webhook of ${deps.environment}: ${webhook.urlEnv} is not set; notification not posted`);
      return;
    }
    try {
      await postWebhook(url, notifications, { environment: deps.environment, mention: webhook.mention });
    } catch (error) {
      deps.logger.warn(`webhook of ${deps.environment} failed: ${(error as Error).message}`);
    }
  }

  /** Staleness changes with time alone: look once a second and announce flips. */
  const watchStaleness = () => {
    const now = deps.clock.now();
    for (const health of engine.snapshot(now)) {
      if (lastStale.get(health.service) !== health.stale) {
        lastStale.set(health.service, health.stale);
        pendingServices.add(health.service);
      }
    }
    if (pendingServices.size > 0) scheduleEmit();
  };

  return {
    probes,
    start() {
      scheduler.start();
      rollups.start();
      staleTimer = timers.every(1000, () => deps.problems.attempt('probes.staleness', 'watching for stale services', watchStaleness));
    },
    async stop() {
      stopped = true;
      staleTimer?.cancel();
      notifier.stop();
      await scheduler.stop();
      await rollups.stop();
      agents.destroy();
      emitTimer?.cancel();
      writer.close();
    },
    overview,
    recent() {
      writer.flush();
      const now = deps.clock.now();
      const series: RecentHealth['series'] = {};
      const uptime: RecentHealth['uptime'] = {};
      for (const id of serviceIds) {
        series[id] = history.recentLatencies(id, now - SPARKLINE_WINDOW_MS, { maxPoints: 180 });
        uptime[id] = history.healthHistory({ service: id, fromAt: now - UPTIME_WINDOW_MS, toAt: now + 1, maxPoints: 24, now }).uptime;
      }
      return { windowMs: SPARKLINE_WINDOW_MS, uptimeWindowMs: UPTIME_WINDOW_MS, series, uptime };
    },
    notifications: () => standing.list(),
    history: (query) => {
      writer.flush();
      return history.healthHistory({ ...query, now: deps.clock.now() });
    },
    async checkAll() {
      await scheduler.runAll();
      emitNow();
      return overview();
    },
    pause() {
      scheduler.pause();
      for (const id of serviceIds) pendingServices.add(id);
      emitNow();
      return overview();
    },
    resume() {
      scheduler.resume();
      for (const id of serviceIds) pendingServices.add(id);
      emitNow();
      return overview();
    },
    mute(service, muted) {
      if (!ownValue(deps.config.services, service)) return undefined;
      deps.store.serviceMutes.set({ service, muted, changedAt: deps.clock.now() });
      engine.setMuted(service, muted);
      pendingServices.add(service);
      emitNow();
      return engine.health(service, deps.clock.now());
    },
  };
}
