/**
 * The Electron app's local control endpoint, without Electron: a real core owning a temp data dir
 * as the Electron shell does, its endpoint advertised in the lock (127.0.0.1 only, token in a 0600
 * file), and `warroom action run` on that data dir going through it.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfigFile } from '../core/config/load-config.js';
import { LOCK_FILE } from '../core/instance/data-dir-lock.js';
import { silentLogger } from '../core/logger.js';
import { createCoreClient } from '../core/rpc/core-client.js';
import { makeCore } from '../core/testing/make-core.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { cliIn } from '../cli/testing/cli-run.js';
import { openControlEndpoint } from './control-endpoint.js';

// Electron cannot launch here, and nothing on this path may need it.
vi.mock('electron', () => {
  throw new Error('the control endpoint must not import electron');
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function electronCore() {
  const temp = makeTempDir();
  cleanups.push(() => temp.remove());
  const config = join(temp.path, 'warroom.yaml');
  writeFileSync(
    config,
    `version: 1
name: electron endpoint
defaultEnvironment: staging
environments: { staging: { label: Staging } }
services: { api: { name: API, baseUrl: "http://127.0.0.1:9" } }
probes: { standard: false }
actions:
  greet:
    label: Greet
    argv: [node, -e, "console.log('hello from the app')"]
    confirm: none
`,
  );
  const dataDir = join(temp.path, 'data');
  const core = makeCore({ loaded: loadConfigFile(config, { bundled: false }), dataDir, shell: 'electron' });
  cleanups.push(() => core.close());
  return { core, dataDir, config, cwd: temp.path };
}

describe('the Electron app\'s control endpoint', () => {
  it('listens on 127.0.0.1 with a 0600 token, is advertised in the lock, and carries `warroom action run` into the app', async () => {
    const { core, dataDir, config, cwd } = electronCore();
    const endpoint = await openControlEndpoint(core, { dataDir, logger: silentLogger });
    expect(endpoint).toBeDefined();
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { url: string; tokenFile: string; shell: string };
    expect(lock).toMatchObject({ shell: 'electron', url: endpoint!.url, tokenFile: join(dataDir, 'warroom.token') });
    expect(new URL(lock.url).hostname).toBe('127.0.0.1');
    expect(statSync(lock.tokenFile).mode & 0o777).toBe(0o600);

    // Nothing without the token, not even reading; no renderer files either.
    const anonymous = await fetch(`${lock.url}rpc/app.info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    expect((await fetch(lock.url)).status).toBe(404);

    const { code, stdout, stderr } = await cliIn({ config, dataDir, cwd })('action', 'run', 'greet', '--as', 'ana');
    expect({ code, stdout }).toEqual({ code: 0, stdout: 'hello from the app\n' });
    expect(stderr.split('\n')[0]).toBe(`warroom: going through the Warroom app (pid ${process.pid}) at ${lock.url}`);
    const runs = await createCoreClient(core, { role: 'viewer', transport: 'memory' }).call('actions.listRuns', {});
    expect(runs).toEqual([expect.objectContaining({ actionId: 'greet', actor: 'ana', state: 'succeeded' })]);

    await endpoint!.close();
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ url: null, tokenFile: null });
    expect(existsSync(lock.tokenFile)).toBe(false);
  });

  it('opens nothing for a core that does not own its data dir', async () => {
    const { dataDir } = electronCore();
    const guest = makeCore({ dataDir, ownership: 'guest' });
    cleanups.push(() => guest.close());
    expect(await openControlEndpoint(guest, { dataDir, logger: silentLogger })).toBeUndefined();
  });
});
