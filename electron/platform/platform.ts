/**
 * Starts the simulated launch platform in this process: one server per service, the control API,
 * the model and controller behind them. What platform-main.ts runs, and what tests start.
 */
import type { PlatformStatus, PlatformTopology } from '../../shared/domain/rehearsal.js';
import { systemClock } from '../../shared/util/clock.js';
import type { Clock } from '../../shared/util/clock.js';
import { silentLogger } from '../../shared/util/logger.js';
import type { Logger } from '../../shared/util/logger.js';
import { generateToken } from './control-auth.js';
import { createControlServer } from './control-server.js';
import { createDataLayerApi } from './data-layer-api.js';
import { createGatewayProxy } from './gateway-proxy.js';
import type { GatewayProxy } from './gateway-proxy.js';
import type { ApiHandler } from './http-json.js';
import type { ScenarioCatalog } from './load-platform-files.js';
import { createPlatformController } from './platform-controller.js';
import type { PlatformController } from './platform-controller.js';
import { createPlatformState } from './platform-state.js';
import { systemRandom } from './random.js';
import type { Random } from './random.js';
import { createServiceServer } from './service-server.js';
import type { ServiceServer } from './service-server.js';
import { systemTimers } from './timers.js';
import type { Timers } from './timers.js';

/** Options of startPlatform; everything but the two files has a default. */
export interface StartPlatformOptions {
  topology: PlatformTopology;
  scenarios: ScenarioCatalog;
  /** Ports by service id that replace the topology's (0 = any free port). */
  portOverrides?: Record<string, number>;
  /** Every port not overridden is ephemeral (tests, or a second platform beside the first). */
  anyFreePort?: boolean;
  /** Replaces topology.controlPort (0 = any free port). */
  controlPort?: number;
  /** The control API's token; generated when absent. */
  token?: string;
  clock?: Clock;
  random?: Random;
  timers?: Timers;
  logger?: Logger;
  /** How long a deploy or rollback keeps a service "restarting" (default 300 ms). */
  restartMs?: number;
  /** Upstream timeout of the gateway (default 10 s). */
  gatewayTimeoutMs?: number;
}

/** A running platform. */
export interface RunningPlatform {
  controlUrl: string;
  token: string;
  /** The port each service listens on. */
  ports: Record<string, number>;
  status(): PlatformStatus;
  /** The control operations in process (what the control API calls). */
  controller: PlatformController;
  /** Closes every server; idempotent. */
  close(): Promise<void>;
  /** Settles once the platform is closed, by close() or by POST /shutdown. */
  closed: Promise<void>;
}

export async function startPlatform(options: StartPlatformOptions): Promise<RunningPlatform> {
  const { topology } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const token = options.token ?? generateToken();
  const state = createPlatformState({ topology, clock, random: options.random ?? systemRandom });
  const servers = new Map<string, ServiceServer>();
  const proxies: GatewayProxy[] = [];
  const dataLayerId = Object.keys(topology.services).find((id) => topology.services[id]!.role === 'data-layer');

  for (const [id, spec] of Object.entries(topology.services)) {
    const port = options.portOverrides?.[id] ?? (options.anyFreePort ? 0 : spec.port);
    let api: ApiHandler | undefined;
    if (spec.role === 'data-layer') {
      api = createDataLayerApi({ dependenciesDown: () => [...state.get(id).dependenciesDown], now: clock.now });
    } else if (spec.role === 'gateway' && dataLayerId) {
      const proxy = createGatewayProxy({
        upstreamName: dataLayerId,
        upstreamPort: () => servers.get(dataLayerId)!.port(),
        ...(options.gatewayTimeoutMs ? { timeoutMs: options.gatewayTimeoutMs } : {}),
      });
      proxies.push(proxy);
      api = proxy.handle;
    }
    servers.set(id, createServiceServer({ id, port, state, logger, ...(api ? { api } : {}) }));
  }

  let controlUrl = '';
  const controller = createPlatformController({
    state,
    servers,
    scenarios: options.scenarios,
    clock,
    timers: options.timers ?? systemTimers,
    logger,
    controlUrl: () => controlUrl,
    startedAt: clock.now(),
    ...(options.restartMs !== undefined ? { restartMs: options.restartMs } : {}),
  });
  let closing: Promise<void> | undefined;
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const close = () => {
    closing ??= (async () => {
      controller.close();
      await control.close();
      await Promise.all([...servers.values()].map((s) => s.stop()));
      for (const proxy of proxies) proxy.close();
      markClosed();
    })();
    return closing;
  };
  const control = createControlServer({ controller, token, logger, onShutdown: () => void close() });

  // Bind one port after another, so the error names the first one taken; undo on failure.
  let binding = '';
  try {
    for (const server of servers.values()) {
      binding = `port ${server.port()} (${server.id})`;
      await server.start();
    }
    const controlPort = options.controlPort ?? (options.anyFreePort ? 0 : topology.controlPort);
    binding = `port ${controlPort} (control API)`;
    controlUrl = `http://127.0.0.1:${await control.start(controlPort)}`;
  } catch (error) {
    await close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`${binding} is already in use: stop whatever holds it, or start the platform with --any-port`, { cause: error });
    if (code === 'EACCES') throw new Error(`${binding} cannot be opened (permission denied): pick another port, or start the platform with --any-port`, { cause: error });
    throw error;
  }
  logger.info(`[platform] ${servers.size} services up; control API on ${controlUrl}`);

  return {
    controlUrl,
    token,
    ports: Object.fromEntries([...servers].map(([id, s]) => [id, s.port()])),
    status: () => controller.status(),
    controller,
    close,
    closed,
  };
}
