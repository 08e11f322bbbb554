/**
 * Starts the real web shell (`node bin/warroom.js serve`) per test, on a free port with a fresh
 * data directory, and stops it afterwards. Specs get `startWarroom` and a screenshot helper.
 * A failed test gets each server's stderr (its last 64 KB) and how it exited attached, so a
 * server that died mid-test says why.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base } from '@playwright/test';
import type { Page, TestInfo } from '@playwright/test';

const ROOT = resolve(import.meta.dirname, '..');
export const SCREENSHOT_DIR = join(ROOT, 'artifacts', 'screenshots');

export interface Warroom {
  url: string;
  /** The config it was started with, relative to the repo root (for CLI calls beside it). */
  configPath: string;
  /** What the server printed on stdout (its start banner). */
  banner: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The newest `limit` characters of a stream: enough to say why a server died, never unbounded. */
export class OutputTail {
  private text = '';
  private dropped = 0;

  constructor(private readonly limit = 64 * 1024) {}

  append(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.limit) {
      this.dropped += this.text.length - this.limit;
      this.text = this.text.slice(-this.limit);
    }
  }

  toString(): string {
    return this.dropped > 0 ? `[${this.dropped} earlier characters dropped]\n${this.text}` : this.text;
  }
}

/** One started server as the fixture keeps it for the report. */
interface Started {
  child: ChildProcess;
  args: string[];
  stderr: OutputTail;
  /** How it exited, with the time, or null while it runs. */
  exit: string | null;
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
  /**
   * A config of the test's own, derived from the bundled `resources/rehearsal.yaml` (e.g. with
   * short load durations). It is written beside the bundled one, so its relative paths (scripts,
   * locustfiles) resolve the same, and removed when the test ends.
   */
  config?: (bundled: string) => string;
}

export const BUNDLED_CONFIG = 'resources/rehearsal.yaml';

/** Writes a variant of the bundled config beside it; returns its path relative to the repo root. */
function writeConfigVariant(derive: (bundled: string) => string, temporaries: string[]): string {
  const path = `resources/.e2e-${randomBytes(4).toString('hex')}.yaml`;
  writeFileSync(join(ROOT, path), derive(readFileSync(join(ROOT, BUNDLED_CONFIG), 'utf8')));
  temporaries.push(join(ROOT, path));
  return path;
}

async function start(options: StartOptions, temporaries: string[], servers: Started[]): Promise<Warroom> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'warroom-e2e-'));
  if (!options.dataDir) temporaries.push(dataDir);
  const configPath = options.config ? writeConfigVariant(options.config, temporaries) : BUNDLED_CONFIG;
  const args = [
    'bin/warroom.js', 'serve', '--port', '0', '--data-dir', dataDir, '--config', configPath,
    '--rehearsal', options.rehearsal ? 'auto' : 'off', ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, WARROOM_STRICT_CONTRACT: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const server: Started = { child, args, stderr: new OutputTail(), exit: null };
  servers.push(server);
  child.once('exit', (code, signal) => (server.exit = `exited with ${signal ?? `code ${code}`} at ${new Date().toISOString()}`));
  let banner = '';
  const errors = server.stderr;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => errors.append(chunk));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`warroom serve did not start in 30 s:\n${banner}\n${errors.toString()}`)), 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      banner += chunk;
      const match = /url\s+(http:\/\/\S+)/.exec(banner);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`warroom serve exited with ${signal ?? `code ${code}`}:\n${errors.toString()}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  };
  return { url, configPath, banner, dataDir, stop };
}

/** Attaches every server's stderr and exit to a test that did not end as expected. */
async function attachServerOutput(servers: readonly Started[], testInfo: TestInfo): Promise<void> {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const [index, server] of servers.entries()) {
    const body = [`$ node ${server.args.join(' ')}`, `pid ${server.child.pid ?? '?'}, ${server.exit ?? 'still running when the test ended'}`, '', server.stderr.toString()].join('\n');
    await testInfo.attach(`warroom serve #${index + 1} stderr`, { body, contentType: 'text/plain' });
  }
}

export const test = base.extend<{ startWarroom: (options?: StartOptions) => Promise<Warroom> }>({
  startWarroom: async ({}, use, testInfo) => {
    const temporaries: string[] = [];
    const servers: Started[] = [];
    await use((options = {}) => start(options, temporaries, servers));
    await attachServerOutput(servers, testInfo);
    for (const { child } of servers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const dir of temporaries) rmSync(dir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';

/**
 * Saves a full-page PNG under artifacts/screenshots (Playwright empties test-results itself).
 * From the top of the page: scrolled, the sticky top bar would be drawn over its middle (for a
 * part further down, `viewShot` in shots.ts shows what the screen shows).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
