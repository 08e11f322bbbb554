import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../paths.js';
import { groupIsAlive, signalGroup } from '../../process/process-group.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { runProcess, type OutputChunk, type RunProcessOptions } from './run-process.js';

let dir: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  dir = makeTempDir('warroom-run-process-');
  mkdirSync(join(dir.path, 'sub'));
});
afterAll(() => dir.remove());

const env = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' };

/** Writes a shell script into the temp dir; returns its path relative to it (the runs' cwd). */
function script(name: string, body: string, options: { mode?: number; shebang?: string } = {}): string {
  writeFileSync(join(dir.path, name), `${options.shebang ?? '#!/bin/sh'}\n${body}\n`);
  chmodSync(join(dir.path, name), options.mode ?? 0o755);
  return `./${name}`;
}

function start(argv: string[], extra: Partial<RunProcessOptions> = {}) {
  const chunks: OutputChunk[] = [];
  const run = runProcess({
    argv,
    cwd: dir.path,
    env,
    timeoutMs: 5000,
    killGraceMs: 300,
    maxStoredBytes: 1024 * 1024,
    secrets: [],
    onOutput: (chunk) => chunks.push(chunk),
    ...extra,
  });
  const text = (stream?: OutputChunk['stream']) => chunks.filter((chunk) => !stream || chunk.stream === stream).map((chunk) => chunk.text).join('');
  return { run, chunks, text };
}

/** Polls for what a real child process does; the limit is generous (a busy machine) but finite. */
async function waitFor(condition: () => boolean, withinMs = 10_000): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** ESRCH, or (Linux) a zombie: this sandbox's PID 1 never reaps orphans, and a zombie is dead. */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  if (process.platform !== 'linux') return false;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const pidsIn = (text: string, label: string) => [...text.matchAll(new RegExp(`\\b${label} (\\d+)`, 'g'))].map((match) => Number(match[1]));

describe('runProcess: exits', () => {
  it('reports exit 0 with the output stored, streamed and digested', async () => {
    const { run, text } = start([script('ok.sh', 'echo hello\necho world')]);
    expect(run.pid).toBeGreaterThan(0);
    expect(run.pgid).toBe(run.pid);
    const end = await run.done;
    expect(end).toMatchObject({ outcome: 'exited', exitCode: 0, signal: null, reason: 'exit code 0', outputBytes: 12, truncated: false });
    expect(end.storedOutput.toString()).toBe('hello\nworld\n');
    expect(end.digest).toBe(sha256('hello\nworld\n'));
    expect(text('stdout')).toBe('hello\nworld\n');
    expect(run.output()).toBe('hello\nworld\n');
    expect(run.stats()).toMatchObject({ phase: 'ended', outputBytes: 12, liveBytes: 12 });
  });

  it('reports a non-zero exit code and stderr output', async () => {
    const { run, text } = start([script('fail.sh', 'echo "disk full" >&2\nexit 3')]);
    const end = await run.done;
    expect(end).toMatchObject({ outcome: 'exited', exitCode: 3, reason: 'exit code 3' });
    expect(text('stderr')).toBe('disk full\n');
    expect(text('stdout')).toBe('');
  });

  it('gives the child exactly the environment it is given, in the given cwd', async () => {
    const { run } = start(['/usr/bin/env'], { env: { ONLY_THIS: 'yes' }, cwd: join(dir.path, 'sub') });
    expect((await run.done).storedOutput.toString()).toBe('ONLY_THIS=yes\n');
    const pwd = start(['/bin/pwd'], { cwd: join(dir.path, 'sub') });
    expect((await pwd.run.done).storedOutput.toString().trim()).toMatch(/\/sub$/);
  });

  it('stores stdout and stderr interleaved in arrival order and streams each on its own', async () => {
    const body = 'echo out1\nsleep 0.05\necho err1 >&2\nsleep 0.05\necho out2\nsleep 0.05\necho err2 >&2';
    const { run, text, chunks } = start([script('interleave.sh', body)]);
    expect((await run.done).storedOutput.toString()).toBe('out1\nerr1\nout2\nerr2\n');
    expect(text('stdout')).toBe('out1\nout2\n');
    expect(text('stderr')).toBe('err1\nerr2\n');
    expect(chunks.every((chunk) => chunk.at > 0)).toBe(true);
  });

  it('coalesces live output to about 10 calls a second per stream', async () => {
    const chatty = `let n = 0; const t = setInterval(() => { console.log('line ' + ++n); if (n === 500) clearInterval(t); }, 2);`;
    const { run, chunks, text } = start([process.execPath, '-e', chatty]);
    const end = await run.done;
    const seconds = end.durationMs / 1000;
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 2);
    expect(text()).toBe(end.storedOutput.toString());
    expect(text()).toContain('line 500\n');
  });
});

describe('runProcess: stopping', () => {
  it('kills a hanging program on timeout', async () => {
    const { run } = start([script('hang.sh', 'echo started\nsleep 30')], { timeoutMs: 300 });
    const end = await run.done;
    expect(end).toMatchObject({ outcome: 'timed_out', exitCode: null, signal: 'SIGTERM', reason: 'timed out after 300 ms' });
    expect(end.storedOutput.toString()).toBe('started\n');
    // Killed at the timeout, not when `sleep 30` ends; the margin is for a busy machine.
    expect(end.durationMs).toBeLessThan(10_000);
    expect(groupIsAlive(run.pgid!)).toBe(false);
  });

  it('cancels a running program', async () => {
    const { run, text } = start([script('long.sh', 'echo started\nsleep 30')]);
    await waitFor(() => text().includes('started'));
    run.cancel('operator pressed stop');
    const end = await run.done;
    expect(end).toMatchObject({ outcome: 'cancelled', signal: 'SIGTERM', reason: 'cancelled: operator pressed stop' });
    run.cancel('too late'); // no effect once ended
    expect(run.stats().phase).toBe('ended');
  });

  it('cancels when its AbortSignal aborts', async () => {
    const abort = new AbortController();
    const { run } = start([script('long2.sh', 'sleep 30')], { signal: abort.signal });
    abort.abort(new Error('server shutting down'));
    expect(await run.done).toMatchObject({ outcome: 'cancelled', reason: 'cancelled: server shutting down' });
  });

  it('sends SIGKILL after the grace period to a program that ignores SIGTERM', async () => {
    const { run, text } = start([script('stubborn.sh', "trap '' TERM\necho ready\nsleep 30")], { killGraceMs: 300 });
    await waitFor(() => text().includes('ready'));
    run.cancel();
    const end = await run.done;
    expect(end).toMatchObject({ outcome: 'cancelled', signal: 'SIGKILL', reason: 'cancelled (killed after 300 ms: ignored SIGTERM)' });
    expect(end.durationMs).toBeGreaterThanOrEqual(300);
    // After the 300 ms grace, not the 5 s default nor the end of `sleep 30`.
    expect(end.durationMs).toBeLessThan(4_500);
  });

  it('kills the whole tree: children and a grandchild that ignores SIGTERM', async () => {
    const body = [
      'echo "main $$"',
      'sleep 30 &',
      'echo "child $!"',
      // The grandchild says its pid only once it ignores SIGTERM (SIG_IGN survives exec): said
      // before, as "$!" from its parent was, a cancel could land before the trap (seen in a full run).
      `sh -c 'sh -c "trap \\"\\" TERM; echo \\"grandchild \\$\\$\\"; exec sleep 30" & sleep 30' &`,
      'echo "child $!"',
      'wait',
    ].join('\n');
    const { run, text } = start([script('tree.sh', body)]);
    await waitFor(() => /grandchild \d+/.test(text()) && pidsIn(text(), 'child').length === 2);
    const pids = [...pidsIn(text(), 'main'), ...pidsIn(text(), 'child'), ...pidsIn(text(), 'grandchild')];
    expect(pids).toHaveLength(4);
    expect(pids.every((pid) => !isGone(pid))).toBe(true);
    run.cancel();
    const end = await run.done;
    expect(end).toMatchObject({ outcome: 'cancelled', signal: 'SIGTERM', reason: 'cancelled (killed after 300 ms: a child process ignored SIGTERM)' });
    expect(pids.filter((pid) => !isGone(pid))).toEqual([]);
    expect(groupIsAlive(run.pgid!)).toBe(false);
  });

  it('kills a still-running group when Warroom itself exits', async () => {
    // A separate Node process plays Warroom (built to dist-node/ by the global setup) and exits mid-run.
    const entry = pathToFileURL(join(appRoot(), 'dist-node', 'electron', 'core', 'actions', 'process', 'run-process.js')).href;
    const warroom = [
      `const { runProcess } = await import(${JSON.stringify(entry)});`,
      `const run = runProcess({ argv: ['/bin/sh', '-c', "trap '' TERM; sleep 30"], cwd: '/', env: { PATH: process.env.PATH }, timeoutMs: 60000, maxStoredBytes: 1000, secrets: [], onOutput() {} });`,
      'console.log(run.pgid);',
      'setTimeout(() => process.exit(0), 200);',
    ].join('\n');
    const pgid = Number(execFileSync(process.execPath, ['--input-type=module', '-e', warroom], { env, encoding: 'utf8', timeout: 10_000 }).trim());
    expect(pgid).toBeGreaterThan(0);
    try {
      await waitFor(() => !groupIsAlive(pgid));
    } finally {
      if (groupIsAlive(pgid)) signalGroup(pgid, 'SIGKILL'); // don't leave it behind if the guard failed
    }
  });

  it('kills what a finished program left running, before done resolves', async () => {
    const { run } = start([script('leaves.sh', 'sleep 30 &\necho "bg $!"\necho done')]);
    const end = await run.done;
    expect(end).toMatchObject({ outcome: 'exited', exitCode: 0, reason: 'exit code 0; leftover processes killed' });
    expect(isGone(pidsIn(end.storedOutput.toString(), 'bg')[0]!)).toBe(true);
    // Done when the script is, not when the leftover `sleep 30` would have ended.
    expect(end.durationMs).toBeLessThan(10_000);
  });
});

describe('runProcess: failing to start', () => {
  const notStarted = { outcome: 'failed_to_start', exitCode: null, signal: null, outputBytes: 0, truncated: false, digest: sha256('') };

  it('reports a missing program, relative or looked up in PATH', async () => {
    expect(await start(['./no-such-script.sh']).run.done).toMatchObject({ ...notStarted, reason: 'program not found: ./no-such-script.sh' });
    const bare = start(['no-such-program-warroom']).run;
    expect(bare.pid).toBeNull();
    expect(await bare.done).toMatchObject({ ...notStarted, reason: 'program not found: no-such-program-warroom' });
  });

  it('reports a script that is not executable or whose interpreter is missing', async () => {
    const plain = script('x.sh', 'exit 0', { mode: 0o644 });
    expect(await start([plain]).run.done).toMatchObject({ ...notStarted, reason: 'not executable: ./x.sh' });
    const badShebang = script('bad-shebang.sh', 'exit 0', { shebang: '#!/no/such/interpreter' });
    expect(await start([badShebang]).run.done).toMatchObject({ ...notStarted, reason: 'interpreter not found: ./bad-shebang.sh (check its #! line)' });
  });

  it('reports a working directory that does not exist', async () => {
    const missing = join(dir.path, 'missing-dir');
    const { run } = start(['/bin/echo', 'hi'], { cwd: missing });
    expect(run.pid).toBeNull();
    expect(await run.done).toMatchObject({ ...notStarted, reason: `working directory not found: ${missing}` });
    expect(run.stats().phase).toBe('ended');
  });

  it('reports an argv that cannot be passed to a program instead of throwing', async () => {
    expect(await start(['/bin/echo', 'a\0b']).run.done).toMatchObject({ outcome: 'failed_to_start', reason: expect.stringMatching(/^cannot start \/bin\/echo: /) });
    expect(await start([]).run.done).toMatchObject({ outcome: 'failed_to_start', reason: 'no program given' });
  });
});

describe('runProcess: output', () => {
  it('masks secrets printed whole and split across two writes, live and stored', async () => {
    const body = [
      'echo "password is hunter2-secret"',
      "printf 'token=s3cr'",
      'sleep 0.3',
      "printf 'et-token\\n'",
      "printf 'err=s3cret-' >&2",
      'sleep 0.3',
      "printf 'token\\n' >&2",
    ].join('\n');
    const { run, chunks, text } = start([script('secrets.sh', body)], { secrets: ['hunter2-secret', 's3cret-token'] });
    const end = await run.done;
    const expected = 'password is ••••\ntoken=••••\nerr=••••\n';
    expect(end.storedOutput.toString()).toBe(expected);
    expect(text('stdout') + text('stderr')).toBe(expected);
    expect(run.output()).toContain('token=••••');
    // The split really happened: "token=" went out on its own, and no chunk ever carried a piece of a secret.
    expect(chunks.some((chunk) => chunk.text.endsWith('token='))).toBe(true);
    for (const chunk of chunks) expect(chunk.text).not.toMatch(/hunter|s3cr|et-token|secret-/);
  });

  it('keeps colour escapes and drops other control sequences', async () => {
    const { run } = start([script('ansi.sh', String.raw`printf '\033[1;31mred\033[0m plain\033[2J\033]0;title\007 done\tx\r\n'`)]);
    expect((await run.done).storedOutput.toString()).toBe('\x1b[1;31mred\x1b[0m plain done\tx\r\n');
  });

  it('masks a secret with a colour code inside it, live and stored, keeping the colour', async () => {
    const { run, text } = start([script('coloured-secret.sh', String.raw`printf 'key=hun\033[31mter2 ok\033[0m\n'`)], { secrets: ['hunter2'] });
    const expected = 'key=••••\x1b[31m ok\x1b[0m\n';
    expect((await run.done).storedOutput.toString()).toBe(expected);
    expect(text('stdout')).toBe(expected);
  });

  it('decodes binary garbage into text without control characters', async () => {
    const { run, chunks } = start(['head', '-c', '100000', '/dev/urandom']);
    const end = await run.done;
    expect(end).toMatchObject({ outcome: 'exited', exitCode: 0, outputBytes: 100_000 });
    const stored = end.storedOutput.toString();
    expect(stored).toContain('\uFFFD');
    // eslint-disable-next-line no-control-regex -- asserting their absence
    const unsafe = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\x1b(?!\[[0-9;:]*m)/;
    expect(stored).not.toMatch(unsafe);
    // ~200 KB of text arrive in a few reads, more than a live call carries: each call shows the newest part of its share.
    for (const chunk of chunks) {
      const shown = chunk.text.replace(/^\[… \d+ bytes skipped in the live view …\]\n/, '');
      expect(shown).not.toMatch(unsafe);
      expect(stored.includes(shown)).toBe(true);
    }
  });

  it('keeps memory bounded through 100 MB of output, storing the head and counting the rest', async () => {
    const line = 'the quick brown fox jumps over the lazy dog 0123456789';
    const noisy = script('noisy.sh', `yes '${line}' | head -c 100000000`);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const { run, chunks } = start([noisy], { timeoutMs: 60_000 });
    let liveMax = 0;
    const liveSampler = setInterval(() => (liveMax = Math.max(liveMax, run.stats().liveBytes)), 20);
    const end = await run.done;
    clearInterval(sampler);
    clearInterval(liveSampler);

    expect(end).toMatchObject({ outcome: 'exited', exitCode: 0, outputBytes: 100_000_000, truncated: true });
    const stored = end.storedOutput.toString();
    expect(stored.startsWith(`${line}\n${line}\n`)).toBe(true);
    expect(stored.endsWith(`\n[… output truncated after 1048576 bytes; ${100_000_000 - 1048576} more bytes not stored …]\n`)).toBe(true);
    expect(end.digest).toBe(sha256(end.storedOutput));
    expect(Buffer.byteLength(run.output())).toBeLessThanOrEqual(1024 * 1024);
    expect(liveMax).toBeLessThanOrEqual(1024 * 1024);
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(end.durationMs / 100) + 2);
    expect(chunks.some((chunk) => /^\[… \d+ bytes skipped in the live view …\]\n/.test(chunk.text))).toBe(true);
    expect(rssPeak - rssBefore).toBeLessThan(40 * 1024 * 1024);
  }, 60_000);

  it('keeps running when the live viewer throws', async () => {
    const { run } = start([script('viewer.sh', 'echo one\nsleep 0.2\necho two')], {
      onOutput: () => {
        throw new Error('viewer crashed');
      },
    });
    const end = await run.done;
    expect(end).toMatchObject({ outcome: 'exited', exitCode: 0 });
    expect(run.output()).toBe('one\ntwo\n');
  });
});

describe('stdout into a file', () => {
  it('writes stdout whole and unmasked into the file, and streams and stores only stderr', async () => {
    const report = join(dir.path, 'report.json');
    const big = 'x'.repeat(300_000);
    const { run, text } = start([process.execPath, '-e', "process.stdout.write(JSON.stringify({ big: 'x'.repeat(300000) })); console.error('scanning')"], { stdoutFile: report, maxStoredBytes: 1000 });
    const end = await run.done;
    expect(end).toMatchObject({ outcome: 'exited', exitCode: 0, truncated: false });
    expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual({ big });
    expect(text('stdout')).toBe('');
    expect(text('stderr')).toBe('scanning\n');
    expect(end.storedOutput.toString()).toBe('scanning\n');
  });
});
