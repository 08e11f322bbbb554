/**
 * The core's side of the simulated platform: starts it (or finds one already running), follows
 * its status once a second, announces changes, keeps its log as evidence, and relays operator
 * commands to its control API.
 */
import { join } from 'node:path';
import type { FaultRequest, PlatformStatus, RehearsalState } from '../../../shared/domain/rehearsal.js';
import type { EventBus } from '../bus.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CoreProblems } from '../problems/problems.js';
import type { RehearsalEventsRepo } from '../store/repos/rehearsal-events-repo.js';
import { createPlatformClient } from './platform-client.js';
import type { PlatformClient } from './platform-client.js';
import { launchPlatform } from './platform-launcher.js';
import type { LaunchedPlatform, LaunchOptions } from './platform-launcher.js';
import { readPlatformState } from './state-file.js';

/** auto: start a platform when none runs; attach: only follow one started elsewhere; off: neither. */
export type RehearsalMode = 'auto' | 'attach' | 'off';

/** On the bundled rehearsal config the platform is the target: start it. Otherwise only follow one. */
export function defaultRehearsalMode(bundledConfig: boolean): RehearsalMode {
  return bundledConfig ? 'auto' : 'attach';
}

/** The platform's files in a resources directory (a checkout's, or a package's). */
export function rehearsalFiles(resourcesDir: string): { topologyFile: string; scenariosFile: string } {
  return {
    topologyFile: join(resourcesDir, 'rehearsal', 'platform.yaml'),
    scenariosFile: join(resourcesDir, 'rehearsal', 'scenarios.yaml'),
  };
}

export interface RehearsalService {
  /** Starts following (and, in auto mode, starting) the platform; resolves once the first attempt settled. */
  start(): Promise<void>;
  /** Stops following; a platform this service started is shut down. */
  stop(): Promise<void>;
  state(): RehearsalState;
  startPlatform(): Promise<RehearsalState>;
  stopPlatform(): Promise<RehearsalState>;
  /** Runs one control-API call against the running platform and refreshes the state from its answer. */
  control(call: (client: PlatformClient) => Promise<PlatformStatus>): Promise<RehearsalState>;
  fault(request: FaultRequest): Promise<RehearsalState>;
}

export interface RehearsalDeps {
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  problems: CoreProblems;
  events: RehearsalEventsRepo;
  mode: RehearsalMode;
  stateFile: string;
  pollIntervalMs?: number;
  launch?: (options: LaunchOptions) => Promise<LaunchedPlatform>;
  launchOptions?: Partial<LaunchOptions>;
}

export function createRehearsalService(deps: RehearsalDeps): RehearsalService {
  const pollIntervalMs = deps.pollIntervalMs ?? 1000;
  const launch = deps.launch ?? launchPlatform;
  let current: RehearsalState =
    deps.mode === 'off' ? { state: 'stopped', reason: 'the rehearsal platform is off for this session' } : { state: 'stopped', reason: 'not started' };
  let lastJson = JSON.stringify(current);
  let client: PlatformClient | undefined;
  let launched: LaunchedPlatform | undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling = false;
  let stopping = false;

  const setState = (next: RehearsalState) => {
    current = next;
    const json = JSON.stringify(next);
    if (json === lastJson) return;
    lastJson = json;
    deps.bus.emit('rehearsal.changed', next);
  };

  const running = (status: PlatformStatus): RehearsalState => {
    // The platform's log is history; failing to store it must not read as "platform unreachable".
    deps.problems.attempt('rehearsal.store', 'storing the rehearsal platform log', () => deps.events.record(status.log));
    return { state: 'running', status, managed: launched !== undefined };
  };

  /** Finds a platform another process started (its state file names the control API). */
  const attach = async (): Promise<boolean> => {
    const found = readPlatformState(deps.stateFile);
    if (!found) return false;
    const candidate = createPlatformClient({ controlUrl: found.controlUrl, token: found.token });
    try {
      const status = await candidate.status();
      client = candidate;
      setState(running(status));
      return true;
    } catch {
      return false;
    }
  };

  const poll = async () => {
    if (polling || stopping) return;
    polling = true;
    try {
      if (!client) {
        if (deps.mode !== 'off') await attach();
        return;
      }
      try {
        setState(running(await client.status()));
      } catch (error) {
        if (launched) return; // a managed platform that died is reported by its exit handler
        const since = current.state === 'unreachable' ? current.since : deps.clock.now();
        setState({ state: 'unreachable', reason: (error as Error).message, since });
        // It may have been restarted elsewhere with a new token: look for a fresh state file.
        client = undefined;
        await attach();
      }
    } finally {
      polling = false;
    }
  };

  const startPlatform = async (): Promise<RehearsalState> => {
    if (deps.mode === 'off') throw new NotRunningError(current);
    if (current.state === 'running' || current.state === 'starting') return current;
    if (await attach()) return current;
    setState({ state: 'starting' });
    try {
      const platform = await launch({ stateFile: deps.stateFile, ...deps.launchOptions });
      launched = platform;
      client = createPlatformClient({ controlUrl: platform.controlUrl, token: platform.token });
      void platform.exited.then((how) => {
        if (launched !== platform) return;
        launched = undefined;
        client = undefined;
        if (!stopping) deps.logger.warn(`the rehearsal platform ${how}`);
        setState({ state: 'stopped', reason: stopping ? 'stopped' : `the platform ${how}` });
      });
      setState(running(await client.status()));
    } catch (error) {
      deps.logger.warn(`rehearsal platform not started: ${(error as Error).message}`);
      setState({ state: 'stopped', reason: (error as Error).message });
    }
    return current;
  };

  const stopPlatform = async (): Promise<RehearsalState> => {
    const platform = launched;
    const target = client;
    if (!target) return current;
    await target.shutdown().catch(() => undefined);
    if (platform) await platform.kill(3000);
    launched = undefined;
    client = undefined;
    setState({ state: 'stopped', reason: 'stopped by an operator' });
    return current;
  };

  const control = async (call: (c: PlatformClient) => Promise<PlatformStatus>): Promise<RehearsalState> => {
    if (!client) throw new NotRunningError(current);
    setState(running(await call(client)));
    return current;
  };

  return {
    async start() {
      if (deps.mode === 'off' || timer) return;
      timer = setInterval(() => void poll().catch((error: unknown) => deps.problems.report('rehearsal.poll', 'following the rehearsal platform', error)), pollIntervalMs);
      timer.unref();
      if (deps.mode === 'auto') await startPlatform();
      else await poll();
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      if (launched) await launched.kill(3000);
      launched = undefined;
      client = undefined;
    },
    state: () => current,
    startPlatform,
    stopPlatform,
    control,
    fault: (request) => control((c) => c.fault(request)),
  };
}

/** A command needs the platform, and it does not run. */
export class NotRunningError extends Error {
  constructor(state: RehearsalState) {
    super(
      state.state === 'stopped'
        ? `the rehearsal platform is not running: ${state.reason}`
        : `the rehearsal platform is ${state.state}`,
    );
    this.name = 'NotRunningError';
  }
}
