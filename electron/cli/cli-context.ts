/** What every subcommand shares: its streams, environment, and the common --config/--data-dir. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfigFile } from '../core/config/load-config.js';
import type { LoadedConfig } from '../core/config/load-config.js';
import type { Logger } from '../core/logger.js';
import type { ProcessGuard } from '../core/process-guard.js';
import { defaultDataDir, defaultResourcesDir, locateConfig } from '../core/paths.js';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** The request cannot be carried out as given (exit 2): the message says what and where. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Resolves when a long-running command (serve) should stop; defaults to SIGINT/SIGTERM. */
  untilStopped?: () => Promise<void>;
  /** Opens a URL in the system browser (serve --open). */
  openUrl?: (url: string) => Promise<void>;
  /** The process guard (bin/warroom.js installs one); a long-running core attaches to it. */
  guard?: ProcessGuard;
}

export interface CommonOptions {
  config?: string;
  dataDir?: string;
}

export function addCommonOptions(command: Command): Command {
  return command
    .option('-c, --config <path>', 'warroom.yaml to use (default: ./warroom.yaml when present, else the bundled rehearsal config)')
    .option('-d, --data-dir <dir>', 'directory of the Warroom database (default: $WARROOM_DATA_DIR or the user data home)');
}

export function loadConfigFor(options: CommonOptions, io: CliIo): LoadedConfig {
  const location = locateConfig({ explicit: options.config, cwd: io.cwd, env: io.env, resourcesDir: defaultResourcesDir() });
  return loadConfigFile(location.path, { bundled: location.bundled });
}

export function dataDirFor(options: CommonOptions, io: CliIo): string {
  return options.dataDir ? resolve(io.cwd, options.dataDir) : defaultDataDir(io.env);
}

/** Resolves when a long-running command should stop: the test's signal, or SIGINT/SIGTERM. */
export function untilStopped(io: CliIo): Promise<void> {
  if (io.untilStopped) return io.untilStopped();
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function loggerFor(io: CliIo): Logger {
  return {
    info: (message) => io.stderr.write(`${message}\n`),
    warn: (message) => io.stderr.write(`warning: ${message}\n`),
    error: (message, error) => io.stderr.write(`error: ${message}${error instanceof Error ? `: ${error.message}` : ''}\n`),
  };
}
