/**
 * Where the platform finds the app's files. The platform is its own process and imports nothing
 * from the core, so it looks for Warroom's package.json above itself the same way the core does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory holding Warroom's package.json (the checkout, or app.asar when packaged). */
export function appRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'warroom') return dir;
    if (dirname(dir) === dir) throw new Error(`Cannot find Warroom's package.json above ${fileURLToPath(import.meta.url)}`);
  }
}

/** resources/ of the app: the default topology and scenarios are in resources/rehearsal/. */
export function defaultResourcesDir(): string {
  return join(appRoot(), 'resources');
}
