/**
 * The one way a CLI command reaches a core: open it on the command's config and data directory,
 * hand the command a CommandClient (nothing else of the core), close the core however it ends.
 * Commands depend only on CommandClient, so another client (e.g. over HTTP to a running
 * `warroom serve`) can stand in without touching them.
 */
import { RpcCallError } from '../../shared/contract/errors.js';
import type { CommandClient } from '../../shared/contract/index.js';
import { createCore } from '../core/core.js';
import { createCoreClient } from '../core/rpc/core-client.js';
import { dataDirFor, EXIT, loadConfigFor, loggerFor } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';

export interface CliCoreOptions extends CommonOptions {
  /** -e/--env: the environment to work on (default: the config's defaultEnvironment). */
  env?: string;
  /**
   * 'guest' (the default) reads and appends beside a running app without touching its live state;
   * 'owner' (commands that start runs or probe) takes the data dir and is refused while an app holds it.
   */
  ownership?: 'owner' | 'guest';
  /** 'attach': follow a rehearsal platform started elsewhere (`warroom rehearse`), for commands that inject faults. Default off. */
  rehearsal?: 'attach' | 'off';
}

/** Runs `use` against a core opened for this command; the core is closed when `use` settles. */
export async function withCoreClient<T>(io: CliIo, options: CliCoreOptions, use: (client: CommandClient) => Promise<T>): Promise<T> {
  const core = createCore({
    loaded: loadConfigFor(options, io),
    dataDir: dataDirFor(options, io),
    shell: 'cli',
    ownership: options.ownership ?? 'guest',
    logger: loggerFor(io),
    probing: false,
    env: io.env,
    ...(options.env ? { environment: options.env } : {}),
    ...(options.rehearsal ? { rehearsal: options.rehearsal } : {}),
  });
  try {
    // The person at the terminal is the operator of a core they opened themselves.
    return await use(createCoreClient(core, { role: 'operator', transport: 'cli' }));
  } finally {
    await core.close();
  }
}

/** Tells a refused call on stderr; the exit code is 2 when the request itself was wrong. Other errors are rethrown. */
export function reportRefusal(io: CliIo, error: unknown): number {
  if (!(error instanceof RpcCallError)) throw error;
  io.stderr.write(`error: ${error.message}\n`);
  return error.code === 'invalid_input' || error.code === 'not_found' ? EXIT.usage : EXIT.failure;
}

/**
 * Waits for something to end without missing the moment: listens for the end first, then looks
 * whether it has ended already (an end that came before the listener is seen by the look).
 */
export function waitForEnd<T>(listen: (done: (value: T) => void) => () => void, look: () => Promise<T | null>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (value: T) => {
      if (settled) return;
      settled = true;
      off();
      resolve(value);
    };
    const off = listen(finish);
    look().then(
      (value) => {
        if (value !== null) finish(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        off();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
