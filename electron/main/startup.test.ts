import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/util/config-error.js';
import { acquireDataDirLock } from '../core/instance/data-dir-lock.js';
import { silentLogger } from '../core/logger.js';
import { appRoot } from '../core/paths.js';
import { DatabaseFromFutureError } from '../core/store/migrate.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { NativeBindingMissingError } from './native-binding.js';
import { describeStartupError, resourcesDirFor, startElectronCore } from './startup.js';

const temp = makeTempDir('warroom-startup-');
afterAll(() => temp.remove());

const base = {
  env: {},
  cwd: temp.path,
  resourcesPath: '/nonexistent',
  dataDir: ':memory:',
  modulesVersion: '150',
  electronVersion: '45.5.0',
  logger: silentLogger,
};

describe('electron startup', () => {
  it('reads a packaged app resources from process.resourcesPath/resources', () => {
    expect(resourcesDirFor(true, '/opt/Warroom/resources')).toBe(join('/opt/Warroom/resources', 'resources'));
    expect(resourcesDirFor(false, '/ignored')).toBe(join(appRoot(), 'resources'));
  });

  it('starts a packaged core on the bundled config, with the package own SQLite build', async () => {
    // Packaged: no nativeBinding, so under vitest this is Node's build of better-sqlite3.
    const core = startElectronCore({ ...base, isPackaged: true, resourcesPath: appRoot() });
    try {
      expect(core.info).toMatchObject({ shell: 'electron', config: { bundled: true }, runtime: { electron: '45.5.0' } });
    } finally {
      await core.close();
    }
  });

  it('fails with a ConfigError on a broken --config, before touching the database', () => {
    const file = join(temp.path, 'broken.yaml');
    writeFileSync(file, 'version: 1\nname: [\n');
    expect(() => startElectronCore({ ...base, isPackaged: false, config: file })).toThrow(ConfigError);
    expect(() => startElectronCore({ ...base, isPackaged: false, env: { WARROOM_CONFIG: join(temp.path, 'missing.yaml') } })).toThrow(/file not found/);
  });

  it('fails with the rebuild hint when Electron has no SQLite build in a checkout', () => {
    expect(() => startElectronCore({ ...base, isPackaged: false, modulesVersion: '9999' })).toThrow(NativeBindingMissingError);
  });

  it('refuses a data dir another Warroom holds, naming it in the error box', () => {
    const dataDir = join(temp.path, 'held');
    const held = acquireDataDirLock({ dataDir, shell: 'web', now: () => 1_700_000_000_000, warn: () => {} });
    held.advertise({ url: 'http://127.0.0.1:4800/', tokenFile: null });
    try {
      let error: unknown;
      try {
        startElectronCore({ ...base, isPackaged: true, resourcesPath: appRoot(), dataDir });
      } catch (caught) {
        error = caught;
      }
      expect(describeStartupError(error)).toEqual({
        title: 'Warroom is already running on this data folder',
        message: `warroom serve (pid ${process.pid}, since 2023-11-14T22:13:20.000Z, at http://127.0.0.1:4800/) holds ${dataDir}; open that one, or stop it first`,
        exitCode: 1,
      });
    } finally {
      held.release();
    }
  });

  it('describes each startup failure for the error box, with the exit code', () => {
    const config = describeStartupError(new ConfigError('/x/warroom.yaml', [{ file: '/x/warroom.yaml', line: 3, col: 5, path: 'name', message: 'expected string' }]));
    expect(config.exitCode).toBe(2);
    expect(config.message).toContain('/x/warroom.yaml:3:5: name: expected string');
    const future = describeStartupError(new DatabaseFromFutureError('/d/warroom.db', 90, 10));
    expect(future).toMatchObject({ exitCode: 1, title: expect.stringContaining('newer version') as unknown });
    expect(describeStartupError(new NativeBindingMissingError('/a/b.node', '150')).message).toContain('rebuild:electron-native');
    expect(describeStartupError('boom')).toEqual({ title: 'Warroom could not start', message: 'boom', exitCode: 1 });
  });
});
