/**
 * Whether Electron's binary is on this machine, found the way node_modules/electron/index.js
 * finds it but without requiring 'electron': that require starts a download, which fails here.
 * scripts/start.mjs makes the same check (in plain JS); keep the two in step.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ElectronBinary {
  /** The executable, when present. */
  path: string | undefined;
  /** Why it is missing, for test.skip. */
  reason: string;
}

export function findElectronBinary(root: string = REPO_ROOT, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  if (override) {
    const path = join(override, relative || 'electron');
    return existsSync(path)
      ? { path, reason: '' }
      : { path: undefined, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${path} does not exist` };
  }
  if (!relative) {
    return {
      path: undefined,
      reason: 'node_modules/electron/path.txt is missing: the binary was never downloaded, and cannot be on this machine',
    };
  }
  const path = join(packageDir, 'dist', relative);
  return existsSync(path) ? { path, reason: '' } : { path: undefined, reason: `${path} does not exist` };
}

/** Electron's module ABI (process.versions.modules inside Electron), from the npm package. */
export function electronAbi(root: string = REPO_ROOT): string | undefined {
  const file = join(root, 'node_modules', 'electron', 'abi_version');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}
