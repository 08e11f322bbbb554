/**
 * `warroom serve` owns its data dir, with real processes from dist-node/: a second serve on the
 * same data dir refuses and names the first; CLI commands that read work beside it, those that
 * start runs refuse; the lock (with the URL and token file a later client needs) goes on SIGTERM,
 * and a lock left by a killed serve is taken over.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { LOCK_FILE } from '../core/instance/data-dir-lock.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { TOKEN_FILE } from '../web/token-file.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TOKEN = 'a-test-token-long-enough-0123456789';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Serve {
  child: ChildProcess;
  /** Resolves with the URL once it listens, or rejects with its stderr if it exits first. */
  url: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function serve(dataDir: string): Serve {
  const child = spawn(
    process.execPath,
    ['bin/warroom.js', 'serve', '--data-dir', dataDir, '--port', '0', '--rehearsal', 'off', '--config', 'resources/rehearsal.yaml'],
    { cwd: ROOT, env: { ...process.env, WARROOM_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal, stderr })),
  );
  const url = new Promise<string>((resolveUrl, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /url\s+(http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) resolveUrl(match[1]);
    });
    void exited.then(({ code }) => reject(new Error(`serve exited with ${code}:\n${stderr}`)));
  });
  url.catch(() => {});
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return { child, url, exited };
}

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: ROOT,
  });
  return { code, stdout, stderr };
}

function dataDir(): string {
  const dir = makeTempDir();
  cleanups.push(() => dir.remove());
  return join(dir.path, 'data');
}

// Real processes start in seconds on a loaded machine.
describe('warroom serve and its data dir', { timeout: 60_000 }, () => {
  it('holds the data dir: a second serve refuses naming the first, reads work beside it, runs refuse; SIGTERM lets go', async () => {
    const dir = dataDir();
    const first = serve(dir);
    const url = await first.url;

    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as Record<string, unknown>;
    expect(lock).toMatchObject({ pid: first.child.pid, shell: 'web', url, tokenFile: join(dir, TOKEN_FILE) });
    expect(statSync(join(dir, LOCK_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, TOKEN_FILE), 'utf8')).toBe(`${TOKEN}\n`);
    expect(statSync(join(dir, TOKEN_FILE)).mode & 0o777).toBe(0o600);

    const second = await serve(dir).exited;
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`error: warroom serve (pid ${first.child.pid}, since `);
    expect(second.stderr).toContain(`at ${url}) holds ${dir}; open that one, or stop it first`);

    const verified = await cli(['audit', 'verify', '--data-dir', dir, '--config', 'resources/rehearsal.yaml']);
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringContaining('audit trail intact') });
    const run = await cli(['action', 'run', 'pre-deploy-check', '--data-dir', dir, '--config', 'resources/rehearsal.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: warroom serve (pid ${first.child.pid}, since ${new Date(Number(lock.since)).toISOString()}, at ${url}) holds ${dir}; run it from the app, or stop it first\n`);
    const load = await cli(['load', '--url', 'http://127.0.0.1:9/', '--users', '1', '--duration', '1s', '--data-dir', dir, '--config', 'resources/rehearsal.yaml']);
    expect(load).toMatchObject({ code: 1, stderr: expect.stringContaining('run it from the app, or stop it first') });
    const probe = await cli(['probe', '--data-dir', dir, '--config', 'resources/rehearsal.yaml']);
    expect(probe).toMatchObject({ code: 1, stderr: expect.stringContaining('run it from the app, or stop it first') });
    // The app still answers, untouched.
    const answer = await fetch(`${url}rpc/app.info`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(200);

    first.child.kill('SIGTERM');
    expect(await first.exited).toMatchObject({ code: 0 });
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(existsSync(join(dir, TOKEN_FILE))).toBe(false);
  });

  it('takes over the lock of a serve that was killed, saying so', async () => {
    const dir = dataDir();
    const killed = serve(dir);
    await killed.url;
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);

    const next = serve(dir);
    await next.url;
    next.child.kill('SIGTERM');
    const { code, signal, stderr } = await next.exited;
    expect({ code, signal, stderr }).toMatchObject({ code: 0, signal: null });
    expect(stderr).toContain(`warning: warroom serve (pid ${killed.child.pid}, since `);
    expect(stderr).toContain(`left a stale lock on ${dir} (pid ${killed.child.pid} is gone): taken over`);
  });
});
