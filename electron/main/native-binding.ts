/**
 * Which better_sqlite3.node the Electron shell loads. node_modules/better-sqlite3 holds Node's
 * build (tests, web shell); a checkout keeps Electron's build beside it in native/electron-<abi>/,
 * so neither build ever replaces the other. A package has only Electron's, rebuilt by
 * electron-builder inside node_modules.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REBUILD_NATIVE_COMMAND = 'npm run rebuild:electron-native';

/** Where scripts/build-electron-native.mjs puts the build for one Electron ABI. */
export function electronBindingPath(appRoot: string, modulesVersion: string): string {
  return join(appRoot, 'native', `electron-${modulesVersion}`, 'better_sqlite3.node');
}

export class NativeBindingMissingError extends Error {
  readonly expectedPath: string;
  constructor(expectedPath: string, modulesVersion: string) {
    super(
      `better-sqlite3 is not built for this Electron (module ABI ${modulesVersion}): ${expectedPath} is missing.\n` +
        `Run \`${REBUILD_NATIVE_COMMAND}\` in the checkout (it downloads Electron's headers once, so it needs network access).`,
    );
    this.name = 'NativeBindingMissingError';
    this.expectedPath = expectedPath;
  }
}

export interface NativeBindingOptions {
  /** app.isPackaged */
  isPackaged: boolean;
  /** The directory holding Warroom's package.json. */
  appRoot: string;
  /** process.versions.modules of the running Electron. */
  modulesVersion: string;
  exists?: (path: string) => boolean;
}

/** The path for createCore's nativeBinding: undefined when packaged (the package's own build). */
export function resolveNativeBinding({ isPackaged, appRoot, modulesVersion, exists = existsSync }: NativeBindingOptions): string | undefined {
  if (isPackaged) return undefined;
  const path = electronBindingPath(appRoot, modulesVersion);
  if (!exists(path)) throw new NativeBindingMissingError(path, modulesVersion);
  return path;
}
