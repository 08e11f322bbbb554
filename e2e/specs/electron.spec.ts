/**
 * The real Electron shell: app:// renderer, sandboxed preload, IPC into the core. Runs where
 * Electron's binary exists and is reported as skipped, with the reason, where it does not.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { ElectronApplication } from '@playwright/test';
import { electronAbi, findElectronBinary, REPO_ROOT } from '../electron-binary.js';

const binary = findElectronBinary();

test.describe('Electron shell', () => {
  test.skip(!binary.path, `Electron binary not installed: ${binary.reason}`);

  let app: ElectronApplication | undefined;
  let dataDir: string | undefined;

  test.beforeEach(async () => {
    for (const built of ['dist-node/electron/main/main.js', 'dist-node/electron/main/preload.cjs', 'dist/renderer/index.html']) {
      expect(existsSync(join(REPO_ROOT, built)), `${built} is missing: run npm run build`).toBe(true);
    }
    const abi = electronAbi();
    const native = join(REPO_ROOT, 'native', `electron-${abi}`, 'better_sqlite3.node');
    expect(existsSync(native), `${native} is missing: run npm run rebuild:electron-native`).toBe(true);

    dataDir = mkdtempSync(join(tmpdir(), 'warroom-electron-e2e-'));
    // A leftover ELECTRON_RUN_AS_NODE would start a plain Node; WARROOM_CONFIG would swap the config.
    const env: Record<string, string> = { WARROOM_DATA_DIR: dataDir };
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE' && key !== 'WARROOM_CONFIG' && key !== 'WARROOM_DATA_DIR') env[key] = value;
    }
    app = await electron.launch({ executablePath: binary.path!, args: ['.'], cwd: REPO_ROOT, env, timeout: 30_000 });
  });

  test.afterEach(async () => {
    await app?.close();
    app = undefined;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  test('opens a sandboxed window that talks to the core over IPC only', async () => {
    const page = await app!.firstWindow();
    await expect(page.locator('html')).toHaveAttribute('data-app-state', 'ready');
    await expect(page.locator('[data-testid^="service-tile-"]').first()).toBeVisible();
    expect(await page.locator('[data-testid^="service-tile-"]').count()).toBeGreaterThan(0);
    expect(page.url()).toMatch(/^app:\/\/warroom\//);

    const bridgeKeys = await page.evaluate(() => Object.keys((window as unknown as { warroom?: object }).warroom ?? {}).sort());
    expect(bridgeKeys).toEqual(['call', 'onEvent', 'ready']);
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    // Sandboxed and isolated: the page has neither Node's require nor its process.
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  });

  test('keeps the window on app:// and refuses popups', async () => {
    const page = await app!.firstWindow();
    await expect(page.locator('html')).toHaveAttribute('data-app-state', 'ready');
    const before = page.url();
    await page.evaluate(() => {
      window.open('file:///etc/passwd');
      window.location.href = 'https://example.invalid/';
    });
    await expect.poll(() => app!.windows().length).toBe(1);
    // Still our page, preload and all: a call makes the round trip through the core.
    const answer = await page.evaluate(() =>
      (window as unknown as { warroom: { call(name: string, input: unknown): Promise<{ ok: boolean }> } }).warroom.call('app.info', {}),
    );
    expect(answer.ok).toBe(true);
    expect(page.url()).toBe(before);
  });
});
