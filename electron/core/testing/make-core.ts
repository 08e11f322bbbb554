/** A real core on a real (temp or in-memory) database, with the bundled rehearsal config. */
import { join } from 'node:path';
import { createCore, createCoreParts } from '../core.js';
import type { Core, CoreOptions, CoreParts } from '../core.js';
import { loadConfigFile } from '../config/load-config.js';
import { silentLogger } from '../logger.js';
import { defaultResourcesDir } from '../paths.js';

export const REHEARSAL_CONFIG = join(defaultResourcesDir(), 'rehearsal.yaml');

function testOptions(overrides: Partial<CoreOptions>): CoreOptions {
  return {
    loaded: loadConfigFile(REHEARSAL_CONFIG, { bundled: true }),
    dataDir: ':memory:',
    shell: 'test',
    ownership: 'owner',
    logger: silentLogger,
    probing: false,
    // The bundled config names the rehearsal Alertmanager: tests that want it read turn this on.
    alertPolling: false,
    ...overrides,
  };
}

/** A core as a shell sees it. */
export function makeCore(overrides: Partial<CoreOptions> = {}): Core {
  return createCore(testOptions(overrides));
}

/** A core with its store and services showing, for tests that check what the contract does not expose. */
export function makeCoreParts(overrides: Partial<CoreOptions> = {}): CoreParts {
  return createCoreParts(testOptions(overrides));
}
