import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoot } from './resources-dir.js';
import type { PlatformProcessMessage } from './platform-main.js';
import { httpRequest, makeTempDir } from './platform-test-support.js';

// Built by the vitest global setup (npm run build:core), as the app forks it.
const entry = join(appRoot(), 'dist-node', 'electron', 'platform', 'platform-main.js');

const children: ChildProcess[] = [];
const temps: { remove(): void }[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const temp of temps.splice(0)) temp.remove();
});

function startProcess(args: string[]) {
  const child = fork(entry, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
  children.push(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const message = new Promise<PlatformProcessMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message within 10 s; stderr: ${stderr}`)), 10_000);
    child.once('message', (m: PlatformProcessMessage) => {
      clearTimeout(timer);
      resolve(m);
    });
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, message, exited, stderr: () => stderr };
}

function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms))]);
}

describe('platform-main process', () => {
  it('reports ready over IPC, writes a 0600 state file, and exits when the parent channel closes', async () => {
    const temp = makeTempDir();
    temps.push(temp);
    const stateFile = join(temp.path, 'rehearsal', 'platform.json');
    const { child, message, exited } = startProcess(['--any-port', '--state-file', stateFile]);
    const ready = await message;
    if (ready.type !== 'ready') throw new Error(`platform failed: ${ready.error}`);
    expect(Object.keys(ready.ports)).toHaveLength(11);
    expect(ready.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    expect(state).toMatchObject({ pid: child.pid, controlUrl: ready.controlUrl, token: ready.token, ports: ready.ports });
    expect(typeof state.startedAt).toBe('number');
    expect((await httpRequest({ port: ready.ports.gateway!, path: '/health/ready' })).status).toBe(200);

    // What happens when the parent dies: its end of the channel closes.
    child.disconnect();
    expect(await withinMs(exited, 5_000, 'exit after disconnect')).toEqual({ code: 0, signal: null });
    expect(existsSync(stateFile)).toBe(false);
    await expect(httpRequest({ port: ready.ports.gateway!, path: '/health/live' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('exits 0 on SIGTERM', async () => {
    const { child, message, exited } = startProcess(['--any-port']);
    expect((await message).type).toBe('ready');
    child.kill('SIGTERM');
    expect(await withinMs(exited, 5_000, 'exit after SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('reports a bad topology as failed, with one line on stderr, and exits 1', async () => {
    const { message, exited, stderr } = startProcess(['--any-port', '--topology', '/nonexistent/platform.yaml']);
    const failed = await message;
    expect(failed).toEqual({ type: 'failed', error: expect.stringContaining('/nonexistent/platform.yaml: cannot read: file not found') });
    expect((await withinMs(exited, 5_000, 'exit after failure')).code).toBe(1);
    expect(stderr()).toMatch(/^warroom platform: Invalid configuration \/nonexistent\/platform.yaml/);
  });
});
