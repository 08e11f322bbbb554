/**
 * The one way a CLI command reaches a core: open it on the command's config and data directory,
 * hand the command a CliClient (nothing else of the core), close the core however it ends.
 * Commands depend only on the client, so a command that starts runs goes through the app that
 * holds the data dir (its HTTP + SSE transport, `connectToApp`) without knowing it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RpcCallError } from '../../shared/contract/errors.js';
import type { CommandClient } from '../../shared/contract/index.js';
import { createCore } from '../core/core.js';
import { holderName, readDataDirLock } from '../core/instance/data-dir-lock.js';
import type { LockHolder } from '../core/instance/data-dir-lock.js';
import { createCoreClient } from '../core/rpc/core-client.js';
import { tokenProblem } from '../web/auth.js';
import { connectToApp } from '../web/http-command-client.js';
import { dataDirFor, EXIT, loadConfigFor, loggerFor, UsageError } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';

export interface CliCoreOptions extends CommonOptions {
  /** -e/--env: the environment to work on (default: the config's defaultEnvironment). */
  env?: string;
  /**
   * 'guest' (the default) reads and appends beside a running app without touching its live state.
   * 'owner' (commands that start runs or probe) takes the data dir; while an app holds it and
   * advertises where it answers, the command goes through that app instead, so its rules (one run
   * per target, one load test at a time) hold across processes.
   */
  ownership?: 'owner' | 'guest';
  /**
   * Appends that are inputs of the running app's live state (a sign-off, a waiver): through the app
   * while one holds the data dir and answers, so it emits board.changed at once; else a guest core.
   */
  throughAppWhenRunning?: boolean;
  /** 'attach': follow a rehearsal platform started elsewhere (`warroom rehearse`), for commands that inject faults. Default off. */
  rehearsal?: 'attach' | 'off';
}

/** What a CLI command codes against: the contract's client, plus when to look again. */
export interface CliClient extends CommandClient {
  /**
   * Calls fn whenever events may have been missed (the event stream to a running app reopened
   * after a drop), so a command waiting for an end looks again; never for a core in this process.
   */
  onResync: (fn: () => void) => () => void;
}

/** Runs `use` against a core opened for this command (or the running app); closed when `use` settles. */
export async function withCoreClient<T>(io: CliIo, options: CliCoreOptions, use: (client: CliClient) => Promise<T>): Promise<T> {
  const dataDir = dataDirFor(options, io);
  if (options.ownership === 'owner' || options.throughAppWhenRunning === true) {
    const lock = readDataDirLock(dataDir);
    if (lock?.live && lock.holder.url !== null) return throughApp(io, options, lock.holder, lock.holder.url, use);
  }
  const core = createCore({
    loaded: loadConfigFor(options, io),
    dataDir,
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
    const client = createCoreClient(core, { role: 'operator', transport: 'cli' });
    return await use({ ...client, onResync: () => () => {} });
  } finally {
    await core.close();
  }
}

/** Runs `use` through the app that holds the data dir, authenticated with its control token. */
async function throughApp<T>(io: CliIo, options: CliCoreOptions, holder: LockHolder, url: string, use: (client: CliClient) => Promise<T>): Promise<T> {
  const tokenFile = holder.tokenFile;
  if (tokenFile === null) throw new UsageError(`${holderName(holder)} answers at ${url} but publishes no token file; stop it, or run this from the app`);
  const token = readToken(tokenFile);
  io.stderr.write(`warroom: going through ${holderName(holder)} at ${url}\n`);
  const client = await connectToApp({ url, token, warn: (line) => io.stderr.write(`warning: ${line}\n`) }).catch((error: unknown) => {
    if (error instanceof RpcCallError && error.code === 'unauthorized') {
      throw new UsageError(`${holderName(holder)} refused the token in ${tokenFile} (${error.message}); is the file from an earlier start? Restart the app, or stop it and run this alone`);
    }
    throw error;
  });
  try {
    await checkSameSetUp(io, options, client, holder);
    return await use({ ...client, onResync: client.onReopen });
  } finally {
    client.close();
  }
}

/** The control token of a running app, or a usage error naming the file. */
function readToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}, the running app's token file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const token = text.trim();
  const problem = tokenProblem(token, 'it');
  if (problem !== undefined || /[^\x21-\x7e]/.test(token)) throw new UsageError(`${file} does not hold a usable token (${problem ?? 'it has characters a token never has'}); restart the app to write it again`);
  return token;
}

/**
 * The app runs its own config and environment. An explicit --config or --env that names another
 * one is refused rather than silently ignored: the action run would be the app's, not the one asked for.
 */
async function checkSameSetUp(io: CliIo, options: CliCoreOptions, client: CommandClient, holder: LockHolder): Promise<void> {
  if (options.config !== undefined) {
    const asked = resolve(io.cwd, options.config);
    const { config } = await client.call('app.info', {});
    if (config.path !== asked) throw new UsageError(`${holderName(holder)} runs ${config.path}, not ${asked}; drop --config, or stop the app first`);
  }
  if (options.env !== undefined) {
    const { environment } = await client.call('actions.list', {});
    if (environment !== options.env) throw new UsageError(`${holderName(holder)} works on ${environment}, not ${options.env}; drop --env, or stop the app first`);
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
export function waitForEnd<T>(
  listen: (done: (value: T) => void) => () => void,
  look: () => Promise<T | null>,
  /** Events may have been missed (a reconnect): look again each time this fires. */
  resync: (fn: () => void) => () => void = () => () => {},
): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    let settled = false;
    const stop = () => {
      off();
      offResync();
    };
    const finish = (value: T) => {
      if (settled) return;
      settled = true;
      stop();
      resolvePromise(value);
    };
    const lookNow = () =>
      look().then(
        (value) => {
          if (value !== null) finish(value);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          stop();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    const off = listen(finish);
    const offResync = resync(() => void lookNow());
    void lookNow();
  });
}
