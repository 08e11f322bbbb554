import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.js';
import { checkContext, resolvedProbe } from '../testing/probe-fixtures.js';
import { groupIsAlive } from '../../process/process-group.js';
import { runCheck } from './run-check.js';

let dir: ReturnType<typeof makeTempDir>;

/** Writes an executable shell script into the config dir. */
function script(name: string, body: string, mode = 0o755): string {
  const path = join(dir.path, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, mode);
  return `./${name}`;
}

const command = (argv: string[], extra: { env?: Record<string, string>; cwd?: string } = {}, timeoutMs = 3000) =>
  resolvedProbe({ kind: 'command', argv, ...extra }, { timeoutMs });
const ctx = (env: NodeJS.ProcessEnv = {}) => checkContext({ configDir: dir.path, env: { PATH: process.env.PATH, ...env } });

/** Alive and not a zombie (orphaned zombies are the init process's to reap, not ours). */
function isRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function readPid(file: string): Promise<number> {
  // A real child writes it: a busy machine may take seconds to start one.
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    try {
      const pid = Number(readFileSync(join(dir.path, file), 'utf8').trim());
      if (pid > 0) return pid;
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${file} was never written`);
}

beforeAll(() => {
  dir = makeTempDir('warroom-command-');
  mkdirSync(join(dir.path, 'sub'));
});
afterAll(() => dir.remove());

describe('command probes', () => {
  it('is up on exit 0 and shows the last line of output', async () => {
    const argv = [script('ok.sh', 'echo starting\necho all good')];
    expect(await runCheck(command(argv), ctx())).toMatchObject({ outcome: 'up', detail: 'exit 0: all good' });
  });

  it('is down on a non-zero exit with the last line of stderr', async () => {
    const argv = [script('fail.sh', 'echo progress\necho "replica not ready" >&2\necho "disk full" >&2\nexit 3')];
    expect(await runCheck(command(argv), ctx())).toMatchObject({ outcome: 'down', detail: 'exit code 3: disk full' });
  });

  it('is down with a clear reason when the program is missing or not executable', async () => {
    expect(await runCheck(command(['./no-such-script.sh']), ctx())).toMatchObject({ outcome: 'down', detail: 'program not found: ./no-such-script.sh' });
    expect(await runCheck(command(['no-such-program-warroom']), ctx())).toMatchObject({ outcome: 'down', detail: 'program not found: no-such-program-warroom' });
    const plainFile = script('not-executable.sh', 'exit 0', 0o644);
    expect(await runCheck(command([plainFile]), ctx())).toMatchObject({ outcome: 'down', detail: `program is not executable: ${plainFile}` });
    expect(await runCheck(command(['/bin/true'], { cwd: 'missing-dir' }), ctx())).toMatchObject({ outcome: 'down', detail: expect.stringMatching(/^working directory not found: /) });
  });

  it('runs in cwd relative to the config dir', async () => {
    expect(await runCheck(command(['/bin/pwd'], { cwd: 'sub' }), ctx())).toMatchObject({ outcome: 'up', detail: `exit 0: ${join(dir.path, 'sub')}` });
  });

  it('passes only PATH, HOME, LANG and the mapped secrets to the program', async () => {
    const argv = [script('env.sh', '[ "$DB_PASSWORD" = "hunter2" ] || exit 2\n[ -z "$OTHER_SECRET" ] || exit 3\necho clean')];
    const probe = command(argv, { env: { DB_PASSWORD: 'PROBE_DB_PW' } });
    expect(await runCheck(probe, ctx({ PROBE_DB_PW: 'hunter2', OTHER_SECRET: 'leak' }))).toMatchObject({ outcome: 'up', detail: 'exit 0: clean' });
    expect(await runCheck(probe, ctx({ OTHER_SECRET: 'leak' }))).toMatchObject({ outcome: 'down', detail: 'secret PROBE_DB_PW is not set' });
  });

  it('kills the whole process group on timeout, SIGKILL included for a program that ignores SIGTERM', async () => {
    const hang = `process.on('SIGTERM', () => {}); require('fs').writeFileSync('hang.pid', String(process.pid)); setInterval(() => {}, 1000);`;
    const started = performance.now();
    const resultPromise = runCheck(command([process.execPath, '-e', hang], {}, 400), ctx());
    const pgid = await readPid('hang.pid');
    expect(await resultPromise).toMatchObject({ outcome: 'down', detail: 'timed out after 400 ms (process group killed)' });
    // The 400 ms timeout plus the 1 s SIGKILL grace, with room for a busy machine; below the 5 s
    // default grace, so a check that fell back to it fails here. It must not wait on the program.
    expect(performance.now() - started).toBeLessThan(4500);
    expect(() => process.kill(-pgid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  it('kills grandchildren that ignore SIGTERM too', async () => {
    const argv = [script('tree.sh', 'echo $$ > tree.pid\n(trap "" TERM; exec sleep 30) &\necho $! > grandchild.pid\nsleep 30')];
    const resultPromise = runCheck(command(argv, {}, 400), ctx());
    const pgid = await readPid('tree.pid');
    const grandchild = await readPid('grandchild.pid');
    expect((await resultPromise).detail).toBe('timed out after 400 ms (process group killed)');
    expect(groupIsAlive(pgid)).toBe(false);
    expect(isRunning(grandchild)).toBe(false);
  });

  it('kills what a passing check left running in the background', async () => {
    const argv = [script('leaves.sh', 'sleep 30 &\necho $! > leftover.pid\necho done')];
    expect(await runCheck(command(argv), ctx())).toMatchObject({ outcome: 'up', detail: 'exit 0: done' });
    expect(isRunning(await readPid('leftover.pid'))).toBe(false);
  });

  it('keeps only the tail of 100 MB of output', async () => {
    const argv = [script('noisy.sh', 'head -c 50000000 /dev/zero\nhead -c 50000000 /dev/zero >&2\necho >&2\necho "the last words" >&2\nexit 4')];
    const heapBefore = process.memoryUsage().heapUsed;
    const result = await runCheck(command(argv, {}, 10_000), ctx());
    expect(result).toMatchObject({ outcome: 'down', detail: 'exit code 4: the last words' });
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(30 * 1024 * 1024);
  });
});
