/** A real core on a real (temp or in-memory) database, with the bundled rehearsal config. */
import { join } from 'node:path';
import { createCore } from '../core.js';
import type { Core, CoreOptions } from '../core.js';
import { loadConfigFile } from '../config/load-config.js';
import { silentLogger } from '../logger.js';
import { defaultResourcesDir } from '../paths.js';

export const REHEARSAL_CONFIG = join(defaultResourcesDir(), 'rehearsal.yaml');

export function makeCore(overrides: Partial<CoreOptions> = {}): Core {
  return createCore({
    loaded: loadConfigFile(REHEARSAL_CONFIG, { bundled: true }),
    dataDir: ':memory:',
    shell: 'test',
    ownership: 'owner',
    logger: silentLogger,
    probing: false,
    ...overrides,
  });
}
