/**
 * `warroom serve` owns its data dir, with real processes from dist-node/: a second serve on the
 * same data dir refuses and names the first; CLI commands that read work beside it, those that
 * start runs or probe go through it; the lock (with the URL and token file a later client needs) goes on SIGTERM,
 * and a lock left by a killed serve is taken over.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { LOCK_FILE } from '../core/instance/data-dir-lock.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { TOKEN_FILE } from '../web/token-file.js';
import { ROOT } from './testing/cli-run.js';
import { startServe } from './testing/serve-process.js';
import type { ServeProcess } from './testing/serve-process.js';

const TOKEN = 'a-test-token-long-enough-0123456789';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function serve(dataDir: string): ServeProcess {
  const started = startServe({ dataDir, config: 'resources/rehearsal.yaml', env: { WARROOM_TOKEN: TOKEN } });
  cleanups.push(() => started.stop());
  return started;
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
  it('holds the data dir: a second serve refuses naming the first, reads work beside it, runs go through it; SIGTERM lets go', async () => {
    const dir = dataDir();
    const first = serve(dir);
    const url = await first.url;

    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as Record<string, unknown>;
    expect(lock).toMatchObject({ pid: first.child.pid, shell: 'web', url, tokenFile: join(dir, TOKEN_FILE) });
    expect(statSync(join(dir, LOCK_FILE)).mode & 0o777).toBe(0o600);
    // The token file holds a control token of this start, never the user's WARROOM_TOKEN.
    const controlToken = readFileSync(join(dir, TOKEN_FILE), 'utf8').trim();
    expect(controlToken).not.toContain(TOKEN);
    expect(controlToken.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, TOKEN_FILE)).mode & 0o777).toBe(0o600);

    const second = await serve(dir).exited;
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`error: warroom serve (pid ${first.child.pid}, since `);
    expect(second.stderr).toContain(`at ${url}) holds ${dir}; open that one, or stop it first`);

    const verified = await cli(['audit', 'verify', '--data-dir', dir, '--config', 'resources/rehearsal.yaml']);
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringContaining('audit trail intact') });
    // Commands that start runs or probe go through the app (cli-through-app.test.ts has the runs).
    const probe = await cli(['probe', '--data-dir', dir, '--config', 'resources/rehearsal.yaml']);
    expect(probe.stderr.split('\n')[0]).toBe(`warroom: going through warroom serve (pid ${first.child.pid}) at ${url}`);
    expect(probe.stdout).toContain('NOT ready');
    expect(probe.code).toBe(1);
    // The app still answers, untouched.
    for (const token of [TOKEN, controlToken]) {
      const answer = await fetch(`${url}rpc/app.info`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(answer.status).toBe(200);
    }

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
