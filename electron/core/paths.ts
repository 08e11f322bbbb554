/** Where Warroom finds its own files and where it keeps data, in a checkout and when packaged. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import envPaths from 'env-paths';

let cachedRoot: string | undefined;

/** The directory holding Warroom's package.json (the checkout, or app.asar when packaged). */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'warroom') {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find Warroom's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** resources/ of a checkout; packaged Electron passes process.resourcesPath/resources instead. */
export function defaultResourcesDir(): string {
  return join(appRoot(), 'resources');
}

/** The built renderer (vite output). */
export function rendererDir(): string {
  return join(appRoot(), 'dist', 'renderer');
}

/** Default data directory: $WARROOM_DATA_DIR, else the user's data home (XDG on Linux). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.WARROOM_DATA_DIR?.trim();
  return fromEnv ? resolve(fromEnv) : envPaths('warroom', { suffix: '' }).data;
}

export interface ConfigLocation {
  path: string;
  bundled: boolean;
}

/**
 * Which config to load: --config, else $WARROOM_CONFIG, else ./warroom.yaml when present, else
 * the bundled rehearsal config. An explicit path is never silently replaced by another.
 */
export function locateConfig(options: {
  explicit?: string | undefined;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  resourcesDir: string;
}): ConfigLocation {
  const fromEnv = options.env?.WARROOM_CONFIG?.trim();
  const explicit = options.explicit ?? (fromEnv ? fromEnv : undefined);
  if (explicit) return { path: resolve(options.cwd, explicit), bundled: false };
  const local = join(options.cwd, 'warroom.yaml');
  if (existsSync(local)) return { path: local, bundled: false };
  return { path: join(options.resourcesDir, 'rehearsal.yaml'), bundled: true };
}
