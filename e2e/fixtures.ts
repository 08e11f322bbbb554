/**
 * Starts the real web shell (`node bin/warroom.js serve`) per test, on a free port with a fresh
 * data directory, and stops it afterwards. Specs get `startWarroom` and a screenshot helper.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base } from '@playwright/test';
import type { Page } from '@playwright/test';

const ROOT = resolve(import.meta.dirname, '..');
export const SCREENSHOT_DIR = join(ROOT, 'artifacts', 'screenshots');

export interface Warroom {
  url: string;
  /** What the server printed on stdout (its start banner). */
  banner: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  args?: string[];
  env?: Record<string, string>;
  /** Reuse a data directory (to check what survives a restart). */
  dataDir?: string;
  /**
   * Start the bundled rehearsal platform with the app, on its fixed ports 8001-8013, as
   * `npm start` does. Off by default so other specs do not depend on those ports.
   */
  rehearsal?: boolean;
}

async function start(options: StartOptions, dataDirs: string[], processes: ChildProcess[]): Promise<Warroom> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'warroom-e2e-'));
  if (!options.dataDir) dataDirs.push(dataDir);
  const child = spawn(
    process.execPath,
    [
      'bin/warroom.js', 'serve', '--port', '0', '--data-dir', dataDir, '--config', 'resources/rehearsal.yaml',
      '--rehearsal', options.rehearsal ? 'auto' : 'off', ...(options.args ?? []),
    ],
    { cwd: ROOT, env: { ...process.env, WARROOM_STRICT_CONTRACT: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  processes.push(child);
  let banner = '';
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`warroom serve did not start in 15 s:\n${banner}\n${errors}`)), 15_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      banner += chunk;
      const match = /url\s+(http:\/\/\S+)/.exec(banner);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`warroom serve exited with ${code}:\n${errors}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  };
  return { url, banner, dataDir, stop };
}

export const test = base.extend<{ startWarroom: (options?: StartOptions) => Promise<Warroom> }>({
  startWarroom: async ({}, use) => {
    const dataDirs: string[] = [];
    const processes: ChildProcess[] = [];
    await use((options = {}) => start(options, dataDirs, processes));
    for (const child of processes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';

/** Saves a full-page PNG under artifacts/screenshots (Playwright empties test-results itself). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
