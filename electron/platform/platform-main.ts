/**
 * Process entry of the simulated platform (dist-node/electron/platform/platform-main.js).
 * Forked by the core with an IPC channel, it reports {type:'ready'|'failed'} and exits when the
 * channel closes (its parent died); run by hand, it runs until SIGTERM/SIGINT or POST /shutdown.
 *
 *   --topology PATH  --scenarios PATH  --state-file PATH  --any-port  --control-port N
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lineLogger } from '../../shared/util/logger.js';
import type { Logger } from '../../shared/util/logger.js';
import { defaultResourcesDir } from './resources-dir.js';
import { removePlatformState, writePlatformState } from './state-file.js';
import { loadPlatformTopology, loadScenarioCatalog } from './load-platform-files.js';
import { startPlatform } from './platform.js';
import type { RunningPlatform } from './platform.js';

/** Sent over the IPC channel once, when the platform is up or could not start. */
export type PlatformProcessMessage =
  | { type: 'ready'; controlUrl: string; token: string; ports: Record<string, number> }
  | { type: 'failed'; error: string };

function parseFlags(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      topology: { type: 'string' },
      scenarios: { type: 'string' },
      'state-file': { type: 'string' },
      'any-port': { type: 'boolean', default: false },
      'control-port': { type: 'string' },
    },
  });
  const rehearsalDir = join(defaultResourcesDir(), 'rehearsal');
  let controlPort: number | undefined;
  if (values['control-port'] !== undefined) {
    controlPort = Number(values['control-port']);
    if (!Number.isInteger(controlPort) || controlPort < 0 || controlPort > 65535) throw new Error(`--control-port expects a port number, got "${values['control-port']}"`);
  }
  return {
    topology: resolve(values.topology ?? join(rehearsalDir, 'platform.yaml')),
    scenarios: resolve(values.scenarios ?? join(rehearsalDir, 'scenarios.yaml')),
    stateFile: values['state-file'] ? resolve(values['state-file']) : undefined,
    anyPort: values['any-port'] ?? false,
    controlPort,
  };
}

/** Events go to status.log (the app and the CLI follow it); stderr only carries problems. */
const processLogger: Logger = { ...lineLogger((line) => process.stderr.write(line)), info: () => {} };

async function main(): Promise<void> {
  let platform: RunningPlatform | undefined;
  let stateFile: string | undefined;
  const removeStateFile = () => {
    if (stateFile) removePlatformState(stateFile, process.pid);
  };
  let exiting = false;
  const shutdown = async (code: number) => {
    if (exiting) return;
    exiting = true;
    try {
      await platform?.close();
    } finally {
      removeStateFile();
      process.exit(code);
    }
  };
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  // The parent holds the other end of the IPC channel; when it goes, so do we.
  process.on('disconnect', () => void shutdown(0));
  process.on('exit', removeStateFile);

  try {
    const flags = parseFlags(process.argv.slice(2));
    const topology = loadPlatformTopology(flags.topology);
    const scenarios = loadScenarioCatalog(flags.scenarios, topology);
    platform = await startPlatform({
      topology,
      scenarios,
      anyFreePort: flags.anyPort,
      ...(flags.controlPort !== undefined ? { controlPort: flags.controlPort } : {}),
      logger: processLogger,
    });
    const { controlUrl, token, ports } = platform;
    if (flags.stateFile) {
      // Mode 0600, written aside and renamed: it holds the token.
      writePlatformState(flags.stateFile, { pid: process.pid, controlUrl, token, startedAt: platform.status().startedAt, ports });
      stateFile = flags.stateFile;
    }
    process.send?.({ type: 'ready', controlUrl, token, ports } satisfies PlatformProcessMessage);
    void platform.closed.then(() => shutdown(0));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`warroom platform: ${message}\n`);
    if (process.send) process.send({ type: 'failed', error: message } satisfies PlatformProcessMessage, () => void shutdown(1));
    else await shutdown(1);
  }
}

await main();
