/**
 * Starts the simulated platform in its own Node process, so a load test against it measures the
 * platform and not the app, and "stop" is a refused connection rather than a flag.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { appRoot } from '../paths.js';

export interface LaunchOptions {
  stateFile: string;
  /** Every port ephemeral instead of the topology's (tests, or when the defaults are taken). */
  anyPort?: boolean;
  topologyFile?: string;
  scenariosFile?: string;
  /** Give up when the platform has not reported ready in this time. */
  timeoutMs?: number;
  /** The compiled entry point; defaults to the one in this checkout or package. */
  entry?: string;
}

export interface LaunchedPlatform {
  controlUrl: string;
  token: string;
  ports: Record<string, number>;
  pid: number;
  /** Resolves with how the process ended (code or signal, and the tail of its stderr). */
  exited: Promise<string>;
  /** Asks for a clean exit (SIGTERM), then SIGKILL after `graceMs`. */
  kill(graceMs?: number): Promise<void>;
}

type ReadyMessage = { type: 'ready'; controlUrl: string; token: string; ports: Record<string, number> } | { type: 'failed'; error: string };

export function platformEntry(): string {
  return join(appRoot(), 'dist-node', 'electron', 'platform', 'platform-main.js');
}

export function launchPlatform(options: LaunchOptions): Promise<LaunchedPlatform> {
  const args = ['--state-file', options.stateFile];
  if (options.anyPort) args.push('--any-port');
  if (options.topologyFile) args.push('--topology', options.topologyFile);
  if (options.scenariosFile) args.push('--scenarios', options.scenariosFile);

  const child: ChildProcess = fork(options.entry ?? platformEntry(), args, {
    // Inside Electron, process.execPath is Electron itself: make it behave as plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'json',
  });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
  });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve(stderrTail.trim() ? `${how}: ${stderrTail.trim().split('\n').slice(-3).join(' ')}` : how);
    });
  });

  const kill = async (graceMs = 3000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill(500);
      reject(new Error(`the rehearsal platform did not start within ${options.timeoutMs ?? 15_000} ms`));
    }, options.timeoutMs ?? 15_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start the rehearsal platform: ${error.message}`, { cause: error }));
    });
    child.on('message', (message: ReadyMessage) => {
      clearTimeout(timer);
      if (message.type === 'ready') {
        resolve({ controlUrl: message.controlUrl, token: message.token, ports: message.ports, pid: child.pid!, exited, kill });
      } else {
        reject(new Error(message.error));
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`the rehearsal platform ${how}`));
    });
  });
}
