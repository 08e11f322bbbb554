/**
 * The composition root: from a loaded config and a data directory, build the store, the event
 * bus, the services and the command router. Plain Node; never imports 'electron'.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CONTRACT_VERSION } from '../../shared/contract/index.js';
import type { AppInfo, ConfigSummary } from '../../shared/domain/app.js';
import type { WarroomConfig } from '../../shared/domain/config.js';
import { createEventBus } from './bus.js';
import type { EventBus } from './bus.js';
import { systemClock, systemTimers } from './clock.js';
import type { Clock, Timers } from './clock.js';
import { summarizeConfig } from './config/config-summary.js';
import type { LoadedConfig } from './config/load-config.js';
import { createHeartbeatService } from './heartbeat.js';
import { acquireDataDirLock } from './instance/data-dir-lock.js';
import type { DataDirLock } from './instance/data-dir-lock.js';
import { createJournalService } from './journal/journal-service.js';
import { withLogFile } from './log-file.js';
import { stderrLogger } from './logger.js';
import type { Logger } from './logger.js';
import { createProblemRegistry } from './problems/problems.js';
import type { ProcessGuard } from './process-guard.js';
import { appVersion, defaultResourcesDir } from './paths.js';
import { appHandlers } from './rpc/handlers/app.js';
import { journalHandlers } from './rpc/handlers/journal.js';
import { rehearsalHandlers } from './rpc/handlers/rehearsal.js';
import { healthHandlers } from './rpc/handlers/health.js';
import { createProbeService } from './probes/probe-service.js';
import { createActionService } from './actions/action-service.js';
import type { ActionService } from './actions/action-service.js';
import { actionHandlers } from './rpc/handlers/actions.js';
import { loadHandlers } from './rpc/handlers/load.js';
import { loadSuiteHandlers } from './rpc/handlers/load-suites.js';
import { createLoadSuiteService } from './load/suites/suite-service.js';
import type { LoadSuiteService } from './load/suites/suite-service.js';
import { createLoadService } from './load/load-service.js';
import { createMonitoringService } from './monitoring/monitoring-service.js';
import { monitoringHandlers } from './rpc/handlers/monitoring.js';
import type { LoadService } from './load/load-service.js';
import { createRehearsalService } from './rehearsal/rehearsal-service.js';
import type { RehearsalMode } from './rehearsal/rehearsal-service.js';
import type { LaunchOptions } from './rehearsal/platform-launcher.js';
import { platformStatePath } from './rehearsal/state-file.js';
import { createBoardService } from './board/board-service.js';
import type { BoardService } from './board/board-service.js';
import { boardHandlers } from './rpc/handlers/board.js';
import { createDrillService } from './drills/drill-service.js';
import { drillEvidenceOf } from './drills/drill-evidence.js';
import type { DrillService } from './drills/drill-service.js';
import { drillHandlers } from './rpc/handlers/drills.js';
import { createMeetingService } from './board/meeting-service.js';
import type { AcceptedRisk } from '../../shared/domain/meeting.js';
import { meetingHandlers } from './rpc/handlers/meeting.js';
import { createReplayService } from './replay/replay-service.js';
import { replayHandlers } from './rpc/handlers/replay.js';
import { createRouter } from './rpc/router.js';
import { securityHandlers } from './rpc/handlers/security.js';
import { createSecurityService } from './security/security-service.js';
import type { SecurityService } from './security/security-service.js';
import { parseReportFile } from './security/parsers/index.js';
import { createScannerService } from './security/scanners/scanner-service.js';
import type { ScannerService } from './security/scanners/scanner-service.js';
import { securityScanHandlers } from './rpc/handlers/security-scans.js';
import { SecurityConfigSchema } from '../../shared/domain/security-register.js';
import type { Dispatch } from './rpc/router.js';
import { createAlertsService } from './alerts/alerts-service.js';
import { alertHandlers } from './rpc/handlers/alerts.js';
import { createPlanService } from './plan/plan-service.js';
import type { PlanService } from './plan/plan-service.js';
import { createRiskService } from './plan/risk-service.js';
import { planHandlers } from './rpc/handlers/plan.js';
import { resolveBoard } from './board/board-criteria.js';
import { createNotificationService } from './notifications/notification-service.js';
import { createReportsService } from './reports/reports-service.js';
import { planReaderOf } from './reports/plan-port.js';
import { reportHandlers } from './rpc/handlers/reports.js';
import { openStore } from './store/store.js';
import type { Store } from './store/store.js';

export interface CoreOptions {
  loaded: LoadedConfig;
  /** Directory of warroom.db; ':memory:' for tests. */
  dataDir: string;
  shell: AppInfo['shell'];
  /**
   * 'owner': this core owns the data dir's live state. It takes the data dir's lock (a second
   * owner is refused with DataDirLockedError), recovers runs left running, probes and beats.
   * 'guest': a CLI command that reads or appends beside a running app; it recovers nothing,
   * never probes or beats, records no session and starts no rehearsal platform.
   */
  ownership: 'owner' | 'guest';
  clock?: Clock;
  /** Timers of the background loops (heartbeat, probes); Node's by default, a fake clock in tests. */
  timers?: Timers;
  logger?: Logger;
  /** better-sqlite3 binary for this runtime (Electron passes its own build). */
  nativeBinding?: string | undefined;
  heartbeatIntervalMs?: number;
  /**
   * Contract checks throw (default: tests and development): event payloads and command outputs.
   * Off in production: a payload that breaks the contract is logged and reported as a core
   * problem instead of throwing out of a timer.
   */
  strictContract?: boolean;
  /** SQLite's wait for another process's write lock (default 5 s). */
  busyTimeoutMs?: number;
  /** The shell's process guard: on a fatal error it logs to this core and closes it. */
  guard?: ProcessGuard;
  electronVersion?: string | undefined;
  /**
   * The simulated platform: 'auto' starts one when none runs, 'attach' follows one started
   * elsewhere (e.g. by `warroom rehearse`), 'off' (the default) does neither.
   */
  rehearsal?: RehearsalMode;
  /** Overrides for launching the platform (tests: any free port). */
  rehearsalLaunch?: Partial<LaunchOptions>;
  /** Where the platform's state file is; defaults to <dataDir>/rehearsal/platform.json. */
  rehearsalStateFile?: string;
  /** Run the probe scheduler (default on; tests that do not probe turn it off). */
  probing?: boolean;
  /** The environment whose services are probed (default: the config's defaultEnvironment). */
  environment?: string;
  /** Environment variables secrets are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Read Alertmanager on its poll interval (default on for the owner; tests that drive it by command turn it off). */
  alertPolling?: boolean;
}

/**
 * What a shell gets: the one way in (dispatch, for its transport or an in-process client built
 * with createCoreClient), the events, who it is, and a way to stop it. Nothing else: every shell
 * reaches the services through the contract.
 */
export interface Core {
  readonly info: AppInfo;
  readonly bus: EventBus;
  readonly dispatch: Dispatch;
  /** The data dir's lock while this core owns it (the web shell advertises its URL there). */
  readonly lock: DataDirLock | undefined;
  /** Stops services in reverse order of start, then closes the database. Idempotent. */
  close(): Promise<void>;
}

/** A core with its parts showing: for tests of the core (electron/core/testing), never for a shell. */
export interface CoreParts extends Core {
  readonly config: WarroomConfig;
  readonly summary: ConfigSummary;
  readonly store: Store;
  readonly actions: ActionService;
  readonly load: LoadService;
  readonly loadSuites: LoadSuiteService;
  readonly board: BoardService;
  readonly security: SecurityService;
  readonly scanners: ScannerService;
  readonly drills: DrillService;
  readonly plan: PlanService;
}

export const DEFAULT_HEARTBEAT_MS = 5000;

export function createCore(options: CoreOptions): Core {
  const parts = createCoreParts(options);
  return { info: parts.info, bus: parts.bus, dispatch: parts.dispatch, lock: parts.lock, close: () => parts.close() };
}

/** The composition itself; createCore hides the parts. Shells may not import this (ESLint). */
export function createCoreParts(options: CoreOptions): CoreParts {
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const strict = options.strictContract ?? true;
  const startedAt = clock.now();
  const sessionId = randomUUID();
  const owner = options.ownership === 'owner';

  // The lock comes first: a second app on this data dir is refused before it touches anything.
  const lock =
    owner && options.dataDir !== ':memory:'
      ? acquireDataDirLock({ dataDir: options.dataDir, shell: options.shell, now: clock.now, warn: (line) => (options.logger ?? stderrLogger).warn(line) })
      : undefined;
  let store: Store;
  try {
    store = openStore({ dataDir: options.dataDir, now: clock.now, nativeBinding: options.nativeBinding, busyTimeoutMs: options.busyTimeoutMs });
  } catch (error) {
    lock?.release();
    throw error;
  }
  // The data dir exists now: from here on the log also goes to its warroom.log.
  const logger = withLogFile(options.logger ?? stderrLogger, options.dataDir, { now: clock.now });
  const problems = createProblemRegistry({ clock, logger, publish: (list) => bus.emit('core.problems', { problems: list }) });
  const bus = createEventBus({ clock, logger, strict, problems });

  const info: AppInfo = {
    name: 'Warroom',
    version: appVersion(),
    contractVersion: CONTRACT_VERSION,
    shell: options.shell,
    startedAt,
    sessionId,
    runtime: {
      node: process.versions.node,
      ...(options.electronVersion ? { electron: options.electronVersion } : {}),
      platform: `${process.platform}-${process.arch}`,
    },
    dataDir: options.dataDir,
    config: { path: options.loaded.path, bundled: options.loaded.bundled },
  };
  const summary = summarizeConfig(options.loaded);

  // Known before the session starts: the session records which environment it observes.
  const environment = options.environment ?? options.loaded.config.defaultEnvironment;
  if (!Object.hasOwn(options.loaded.config.environments, environment)) {
    store.close();
    lock?.release();
    throw new Error(`no environment "${environment}" in ${options.loaded.path} (known: ${Object.keys(options.loaded.config.environments).join(', ')})`);
  }
  if (owner) {
    store.coreSessions.start({
      id: sessionId,
      environment,
      startedAt,
      shell: options.shell,
      appVersion: info.version,
      configPath: options.loaded.path,
    });
  }

  const journal = createJournalService({ repo: store.journal, bus, clock });
  const heartbeat = createHeartbeatService({
    bus,
    sessions: store.coreSessions,
    clock,
    timers,
    problems,
    sessionId,
    startedAt,
    intervalMs: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_MS,
  });

  const rehearsalStateFile = options.rehearsalStateFile ?? platformStatePath(options.dataDir === ':memory:' ? tmpdir() : options.dataDir);
  const rehearsal = createRehearsalService({
    bus,
    clock,
    logger,
    problems,
    events: store.rehearsalEvents,
    mode: owner ? (options.rehearsal ?? 'off') : 'off',
    stateFile: rehearsalStateFile,
    ...(options.rehearsalLaunch ? { launchOptions: options.rehearsalLaunch } : {}),
  });

  /** The variables secrets (tokens, webhook URLs, routing keys) and scripts are read from. */
  const env = options.env ?? process.env;
  const probes = createProbeService({
    config: options.loaded.config,
    environment,
    configDir: dirname(options.loaded.path),
    env,
    bus,
    clock,
    timers,
    logger,
    problems,
    store,
  });

  const actions = createActionService({
    config: options.loaded.config,
    configDir: dirname(options.loaded.path),
    environment,
    bus,
    clock,
    logger,
    problems,
    runs: store.actionRuns,
    runbooks: store.runbookProgress,
    audit: store.audit,
    testReports: store.testReports,
    dataDir: options.dataDir === ':memory:' ? tmpdir() : options.dataDir,
    health: probes,
    env,
    // The rehearsal scripts find the platform this core follows.
    scriptEnv: { WARROOM_REHEARSAL_STATE: rehearsalStateFile },
    recoverInterrupted: owner,
  });

  const monitoring = createMonitoringService({
    config: options.loaded.config,
    environment,
    env,
    bus,
    clock,
    timers,
    problems,
    samples: store.resourceSamples,
    checks: store.monitoringChecks,
    loadRuns: store.loadRuns,
  });

  const load = createLoadService({
    config: options.loaded.config,
    environment,
    bus,
    clock,
    logger,
    problems,
    repo: store.loadRuns,
    env,
    recoverInterrupted: owner,
    resources: { start: (runId) => monitoring.sampler.start(runId), stored: (runId) => store.resourceSamples.forRun(runId) },
    configDir: dirname(options.loaded.path),
    dataDir: options.dataDir === ':memory:' ? tmpdir() : options.dataDir,
    locustPlugin: join(defaultResourcesDir(), 'locust', 'warroom_companion.py'),
  });
  // After the load service: it marks the runs a stopped Warroom left running first.
  const loadSuites = createLoadSuiteService({
    config: options.loaded.config.load,
    environment,
    bus,
    clock,
    logger,
    problems,
    load,
    runs: store.loadRuns,
    repo: store.loadSuites,
    audit: store.audit,
    recoverInterrupted: owner,
  });

  const rehearsalReady = rehearsal.start().catch((error: unknown) => logger.error('rehearsal platform', error));
  const drills = createDrillService({
    config: options.loaded.config,
    environment,
    bus,
    clock,
    timers,
    logger,
    problems,
    runs: store.drillRuns,
    actionRuns: store.actionRuns,
    testReports: store.testReports,
    actions,
    load,
    health: probes,
    // A fault waits for the first look for the platform (an attaching core finds it a moment after start).
    rehearsal: { fault: (request) => rehearsalReady.then(() => rehearsal.fault(request)) },
    recoverInterrupted: owner,
  });

  const security = createSecurityService({
    repo: store.security,
    audit: store.audit,
    bus,
    clock,
    timers,
    problems,
    config: options.loaded.config.security ?? SecurityConfigSchema.parse({}),
    parse: parseReportFile,
  });

  const scanners = createScannerService({
    scanners: options.loaded.config.security?.scanners ?? {},
    configDir: dirname(options.loaded.path),
    environment,
    env,
    bus,
    clock,
    problems,
    runs: store.scanRuns,
    register: security,
    scans: store.security,
    parse: parseReportFile,
    recoverInterrupted: owner,
  });

  // The launch plan and the risk register (issue 11); the board reads linked ticks and high risks.
  const risks = createRiskService({ repo: store.risks, audit: store.audit, bus, clock });
  const plan = createPlanService({
    repo: store.plan,
    risks,
    audit: store.audit,
    bus,
    clock,
    config: options.loaded.config,
    criteria: resolveBoard(options.loaded.config).criteria.map((c) => ({ id: c.id, kind: c.check.kind })),
    evidence: store.evidenceChoices,
    environment,
  });

  const board = createBoardService({
    config: options.loaded.config,
    environment,
    bus,
    clock,
    timers,
    problems,
    records: store.boardRecords,
    evidence: store.boardEvidence,
    audit: store.audit,
    security: {
      gateAt: (asOf) => security.gateAt(asOf),
      onChange: (listener) => bus.on('security.changed', () => listener()),
    },
    drills: drillEvidenceOf(drills, bus),
    plan: {
      linkedTasksAt: (criterionId, asOf) => plan.linkedTasksAt(criterionId, asOf),
      openHighRisksAt: (asOf) => risks.openHighAt(asOf),
      onChange: (listener) => bus.on('plan.changed', () => listener()),
    },
  });
  const meeting = createMeetingService({
    config: options.loaded.config,
    environment,
    board,
    repo: store.meeting,
    audit: store.audit,
    bus,
    clock,
    risks: { acceptedAt: (asOf) => acceptedRisks(security, asOf) },
  });

  const alerts = createAlertsService({
    config: options.loaded.config,
    environment,
    env,
    bus,
    clock,
    timers,
    problems,
    episodes: store.alertEpisodes,
    audit: store.audit,
    record: owner,
  });
  const replay = createReplayService({ config: options.loaded.config, environment, clock, board, evidence: store.boardEvidence, reader: store.replay });
  // ---- stand-ups, end-of-day reports and notification channels (issues 11, 14) ----
  const names = (service: string) => options.loaded.config.services[service]?.name ?? service;
  const notifications = createNotificationService({
    environment,
    settings: options.loaded.config.environments[environment],
    env,
    clock,
    repo: store.reports,
    logger,
    names,
  });
  const reports = createReportsService({
    sources: {
      config: options.loaded.config,
      environment,
      evidence: store.dayEvidence,
      status: store.boardEvidence,
      board: { at: (asOf) => board.get({ asOf }) },
      plan: planReaderOf(store.plan),
    },
    repo: store.reports,
    notifications,
    audit: store.audit,
    bus,
    clock,
  });
  // Health changes page and mail like they post to the webhook; only the owner probes, so only it sends.
  const stopHealthChannels = owner
    ? bus.on('health.notification', (notification) => {
        void notifications.health(notification).catch((error: unknown) => problems.report('notify.health', 'sending health notifications', error));
      })
    : () => undefined;

  const dispatch = createRouter(
    {
      ...appHandlers({ info, summary, bus, journal, heartbeat: () => heartbeat.latest(), rehearsal: () => rehearsal.state(),
        health: () => probes.overview(),
        notifications: () => probes.notifications(),
        recent: () => probes.recent(),
        actions: () => actions.overview(),
        load: () => load.overview(),
        loadSuites: () => loadSuites.overview(),
        problems: () => problems.list(),
        board: () => board.get({}),
      }),
      ...loadHandlers(load, (runId) => loadSuites.reportContext(runId)),
      ...loadSuiteHandlers(loadSuites),
      ...actionHandlers(actions, store.audit),
      ...healthHandlers(probes),
      ...journalHandlers(journal),
      ...rehearsalHandlers(rehearsal),
      ...boardHandlers(board),
      ...securityHandlers(security),
      ...securityScanHandlers(scanners),
      ...drillHandlers(drills),
      ...meetingHandlers(meeting),
      ...alertHandlers(alerts),
      ...replayHandlers(replay),
      ...planHandlers(plan, risks),
      ...monitoringHandlers(monitoring, environment, clock.now),
      ...reportHandlers({ reports, notifications, environment, audit: store.audit }),
    },
    { logger, validateOutput: strict },
  );

  if (owner) heartbeat.start();
  if (owner) board.start();
  if (owner) security.start();
  if (owner && (options.alertPolling ?? true)) alerts.start();
  if (owner && (options.probing ?? true)) monitoring.start();
  // Probing waits for the platform the app starts itself, so a rehearsal does not open with every
  // service "down" for the second the platform takes to listen.
  let closed = false;
  if (owner && (options.probing ?? true)) void rehearsalReady.then(() => (closed ? undefined : probes.start()));

  let closing: Promise<void> | undefined;
  const core: CoreParts = {
    info,
    config: options.loaded.config,
    summary,
    bus,
    store,
    dispatch,
    actions,
    load,
    loadSuites,
    board,
    security,
    scanners,
    drills,
    plan,
    lock,
    close() {
      closing ??= (async () => {
        closed = true;
        detachGuard?.();
        alerts.stop();
        stopHealthChannels();
        board.stop();
        security.stop();
        await scanners.stop();
        // A drill first: it ends as interrupted while the actions and load runs it waits on still answer.
        await drills.stop();
        await load.stopAll();
        // The running suite notices its test ended interrupted and marks itself so, resumable.
        await loadSuites.settled();
        loadSuites.close();
        await monitoring.stop();
        await actions.stop();
        await probes.stop();
        await rehearsal.stop();
        heartbeat.stop();
        try {
          if (owner) store.coreSessions.stop(sessionId, clock.now());
        } finally {
          store.close();
          lock?.release();
        }
      })();
      return closing;
    },
  };
  const detachGuard = options.guard?.attach({ logger, problems, close: () => core.close() });
  return core;
}

/** The security register's standing accepted risks, as a decision record lists them (null: nothing ever scanned). */
function acceptedRisks(security: SecurityService, asOf: number): AcceptedRisk[] | null {
  if (security.gateAt(asOf) === null) return null;
  const page = security.list({ filter: { state: ['accepted'] }, sort: 'remediation', descending: false, offset: 0, limit: 10_000 });
  return page.findings
    .filter((finding) => finding.acceptance?.expiresAt == null || finding.acceptance.expiresAt > asOf)
    .map((finding) => ({
      findingId: String(finding.id),
      title: finding.title,
      severity: finding.severity,
      acceptedBy: finding.triagedBy,
      reason: finding.acceptance?.reason ?? finding.reason,
      expiresAt: finding.acceptance?.expiresAt ?? null,
    }));
}
