/**
 * `warroom rehearse monitoring start --fast` beside the app under test (the rehearsal stack's
 * fixed ports 9190/9193: one at a time, as the rehearsal platform's). Started once both daemons
 * answer; stopped by the test, or by `stopMonitoringStack` in an afterEach.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { expect } from './fixtures.js';

const ROOT = resolve(import.meta.dirname, '..');

export interface MonitoringStackProcess {
  /** Everything it printed so far (for an attachment). */
  output(): string;
  /** SIGTERM, resolved once it exited (at once when it already had). */
  stop(): Promise<void>;
}

let running: ChildProcess | undefined;

/** `configPath`: a config other than the bundled one (its monitoring section is what the stack reads). */
export async function startMonitoringStack(dataDir: string, configPath?: string): Promise<MonitoringStackProcess> {
  let output = '';
  const child = spawn(process.execPath, ['bin/warroom.js', 'rehearse', 'monitoring', 'start', '--fast', '--data-dir', dataDir, ...(configPath ? ['--config', configPath] : [])], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  await expect.poll(() => output, { timeout: 30_000 }).toContain('Alertmanager http://127.0.0.1:9193');
  return { output: () => output, stop: () => stopChild(child) };
}

/** Stops the stack a test started, if it still runs (for test.afterEach). */
export async function stopMonitoringStack(): Promise<void> {
  if (running) await stopChild(running);
  running = undefined;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}
