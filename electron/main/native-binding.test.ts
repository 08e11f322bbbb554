import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { electronBindingPath, NativeBindingMissingError, REBUILD_NATIVE_COMMAND, resolveNativeBinding } from './native-binding.js';

const temp = makeTempDir('warroom-native-');
afterAll(() => temp.remove());

describe('native binding', () => {
  it('uses native/electron-<abi>/better_sqlite3.node in a checkout', () => {
    const dir = join(temp.path, 'native', 'electron-150');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'better_sqlite3.node'), '');
    expect(resolveNativeBinding({ isPackaged: false, appRoot: temp.path, modulesVersion: '150' })).toBe(join(dir, 'better_sqlite3.node'));
    expect(electronBindingPath(temp.path, '150')).toBe(join(dir, 'better_sqlite3.node'));
  });

  it('tells the user which command builds a missing binding', () => {
    let caught: unknown;
    try {
      resolveNativeBinding({ isPackaged: false, appRoot: temp.path, modulesVersion: '151' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NativeBindingMissingError);
    const error = caught as NativeBindingMissingError;
    expect(error.message).toContain(REBUILD_NATIVE_COMMAND);
    expect(error.message).toContain('ABI 151');
    expect(error.expectedPath).toBe(join(temp.path, 'native', 'electron-151', 'better_sqlite3.node'));
  });

  it('leaves a package to the build electron-builder made inside it', () => {
    expect(resolveNativeBinding({ isPackaged: true, appRoot: '/nonexistent', modulesVersion: '150', exists: () => false })).toBeUndefined();
  });

  it('looks the binding up per ABI, so each Electron upgrade needs its own build', () => {
    const seen: string[] = [];
    resolveNativeBinding({ isPackaged: false, appRoot: '/app', modulesVersion: '152', exists: (p) => (seen.push(p), true) });
    expect(seen).toEqual([join('/app', 'native', 'electron-152', 'better_sqlite3.node')]);
  });
});
