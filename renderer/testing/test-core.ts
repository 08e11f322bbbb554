/**
 * A real core in memory for renderer tests: the bundled router (`dispatch`) and event bus on a
 * temp data dir, behind the memory client, so a view test sees exactly what the core answers and
 * emits. Tests put the core into a state through commands, its store or real processes.
 */
import { join } from 'node:path';
import type { CommandInput, CommandName, CommandOutput, RpcResult } from '../../shared/contract/index.js';
import type { Role } from '../../shared/domain/app.js';
import type { Clock } from '../../electron/core/clock.js';
import { loadConfigFile } from '../../electron/core/config/load-config.js';
import { createCoreParts } from '../../electron/core/core.js';
import type { CoreOptions, CoreParts } from '../../electron/core/core.js';
import { silentLogger } from '../../electron/core/logger.js';
import { makeTempDir } from '../../electron/core/testing/temp-dir.js';
import { createMemoryClient } from '../api/memory-client.js';
import type { MemoryClient } from '../api/memory-client.js';
import { writeLaunchConfig } from './launch-config.js';
import type { LaunchConfigOptions } from './launch-config.js';

export interface TestCoreOptions extends LaunchConfigOptions {
  /** The role of the memory client's connection (default operator). */
  role?: Role;
  /** The environment the core works in (default production, the config's default). */
  environment?: string;
  clock?: Clock;
  heartbeatIntervalMs?: number;
  /** Run the probe scheduler (default off: the tests that probe turn it on). */
  probing?: boolean;
  /** Anything else the core takes (e.g. rehearsal launch options). */
  core?: Partial<CoreOptions>;
  /**
   * Sits between the screen and the core, for what only a transport or another build can do:
   * refuse a credential, speak another contract version, fail a call in transit, or let the core
   * change something while a call is on its way. `next` asks the real core.
   */
  intercept?: Intercept;
}

export type Intercept = (name: string, input: unknown, next: () => Promise<RpcResult<unknown>>) => Promise<RpcResult<unknown>>;

/** One recorded call: what the renderer sent, as the core received it. */
export interface Request {
  name: string;
  input: unknown;
}

export interface TestCore {
  core: CoreParts;
  /** The memory client over the core's dispatch and bus, with the role asked for. */
  client: MemoryClient;
  /** The temp dir holding warroom.yaml, scripts/ and data/. */
  dir: string;
  /** Every call any client of this core made, oldest first. */
  requests: Request[];
  /** The inputs of the calls to one command, oldest first. */
  inputs(name: CommandName): unknown[];
  /** Another memory client on the same core, e.g. a read-only display beside an operator screen. */
  connect(role: Role): MemoryClient;
  /** Calls a command as an operator (to set up a state), throwing on a refusal. */
  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  /** Closes the clients and the core, and removes the temp dir. */
  close(): Promise<void>;
}

export function startTestCore(options: TestCoreOptions = {}): TestCore {
  const temp = makeTempDir('warroom-renderer-');
  const configPath = writeLaunchConfig(temp.path, options);
  const core = createCoreParts({
    loaded: loadConfigFile(configPath),
    dataDir: join(temp.path, 'data'),
    shell: 'test',
    ownership: 'owner',
    logger: silentLogger,
    probing: options.probing ?? false,
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
    ...options.core,
  });
  const requests: Request[] = [];
  const clients: MemoryClient[] = [];
  const connect = (role: Role): MemoryClient => {
    const client = createMemoryClient({
      dispatch: (name, input) => {
        requests.push({ name, input });
        const next = () => core.dispatch(name, input, { role, transport: 'memory' });
        return options.intercept ? options.intercept(name, input, next) : next();
      },
      // The bus itself: the client's emit() then delivers to this client only.
      events: { subscribe: (fn) => core.bus.subscribe(fn) },
    });
    clients.push(client);
    return client;
  };
  const operator = createMemoryClient({
    dispatch: (name, input) => core.dispatch(name, input, { role: 'operator', transport: 'memory' }),
  });
  return {
    core,
    client: connect(options.role ?? 'operator'),
    dir: temp.path,
    requests,
    inputs: (name) => requests.filter((request) => request.name === name).map((request) => request.input),
    connect,
    call: (name, input) => operator.call(name, input),
    async close() {
      for (const client of clients) client.close();
      await core.close();
      temp.remove();
    },
  };
}
