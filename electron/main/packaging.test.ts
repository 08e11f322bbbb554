/**
 * The packaged app's security settings, read the way electron-builder reads them (its own config
 * loader and schema), since no Electron binary can be packaged or launched here.
 */
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const projectDir = fileURLToPath(new URL('../../', import.meta.url));
const loadBuilderConfig = () => getConfig(projectDir, null, null);

describe('electron-builder.yml', () => {
  it('is a configuration electron-builder accepts (its own schema, unknown keys refused)', async () => {
    const config = await loadBuilderConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips the Electron fuses that close code-injection paths into the packaged binary', async () => {
    const { electronFuses } = await loadBuilderConfig();
    expect(electronFuses).toEqual({
      // Stays on: `node …` actions and the rehearsal platform run on Electron's binary as Node.
      runAsNode: true,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the app into an asar and unpacks only native modules and the load worker', async () => {
    const config = await loadBuilderConfig();
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/*.node', 'dist-node/electron/core/load/**']);
  });

  it('keeps the macOS hardened runtime', async () => {
    const { mac } = await loadBuilderConfig();
    expect(mac).toMatchObject({ hardenedRuntime: true });
  });
});
