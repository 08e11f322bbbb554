/**
 * How the Electron shell builds its core: which config, which data directory, which
 * better-sqlite3 build; and how a failure to start is told to the user. No 'electron' import:
 * main.ts passes in what it read from app and process.
 */
import { join } from 'node:path';
import { ConfigError } from '../../shared/util/config-error.js';
import { loadConfigFile } from '../core/config/load-config.js';
import { DataDirLockedError } from '../core/instance/data-dir-lock.js';
import { createCore } from '../core/core.js';
import type { Core } from '../core/core.js';
import type { Logger } from '../core/logger.js';
import type { ProcessGuard } from '../core/process-guard.js';
import { strictContractFrom } from '../core/strict-contract.js';
import { appRoot, defaultResourcesDir, locateConfig } from '../core/paths.js';
import { defaultRehearsalMode, rehearsalFiles } from '../core/rehearsal/rehearsal-service.js';
import { DatabaseFromFutureError } from '../core/store/migrate.js';
import { NativeBindingMissingError, resolveNativeBinding } from './native-binding.js';

export interface ElectronCoreOptions {
  /** From --config. */
  config?: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  isPackaged: boolean;
  /** process.resourcesPath; a package carries resources/ there (electron-builder extraResources). */
  resourcesPath: string;
  dataDir: string;
  /** process.versions.modules */
  modulesVersion: string;
  /** process.versions.electron */
  electronVersion: string | undefined;
  logger?: Logger;
  guard?: ProcessGuard;
}

/** resources/ of the checkout, or of the package. */
export function resourcesDirFor(isPackaged: boolean, resourcesPath: string): string {
  return isPackaged ? join(resourcesPath, 'resources') : defaultResourcesDir();
}

/** Config from --config, $WARROOM_CONFIG, ./warroom.yaml or the bundled one; then the core. Throws on any problem. */
export function startElectronCore(options: ElectronCoreOptions): Core {
  const resourcesDir = resourcesDirFor(options.isPackaged, options.resourcesPath);
  const location = locateConfig({ explicit: options.config, cwd: options.cwd, env: options.env, resourcesDir });
  const loaded = loadConfigFile(location.path, { bundled: location.bundled });
  const nativeBinding = resolveNativeBinding({
    isPackaged: options.isPackaged,
    appRoot: appRoot(),
    modulesVersion: options.modulesVersion,
  });
  return createCore({
    loaded,
    dataDir: options.dataDir,
    shell: 'electron',
    ownership: 'owner',
    nativeBinding,
    electronVersion: options.electronVersion,
    rehearsal: defaultRehearsalMode(loaded.bundled),
    rehearsalLaunch: rehearsalFiles(resourcesDir),
    // A packaged app reports contract breaks as core problems; a development build throws.
    strictContract: strictContractFrom(options.env, !options.isPackaged),
    ...(options.guard ? { guard: options.guard } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

export interface StartupFailure {
  title: string;
  message: string;
  /** 2 for a config the user must fix (as `warroom config check`), 1 otherwise. */
  exitCode: number;
}

/** What the error box says when the core cannot start. */
export function describeStartupError(error: unknown): StartupFailure {
  if (error instanceof ConfigError) return { title: 'Warroom: invalid configuration', message: error.message, exitCode: 2 };
  if (error instanceof DatabaseFromFutureError) {
    return { title: 'Warroom: database from a newer version', message: error.message, exitCode: 1 };
  }
  if (error instanceof DataDirLockedError) {
    return { title: 'Warroom is already running on this data folder', message: error.message, exitCode: 1 };
  }
  if (error instanceof NativeBindingMissingError) {
    return { title: 'Warroom: SQLite module not built for Electron', message: error.message, exitCode: 1 };
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { title: 'Warroom could not start', message, exitCode: 1 };
}
