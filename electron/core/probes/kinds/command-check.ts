/**
 * The command kind: runs argv (never a shell string) in its own process group with a minimal
 * environment; exit 0 is up. A timeout or cancel kills the whole group, and leftovers of a
 * finished check are killed too, so no check leaves processes behind.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { CheckFailure, type KindRunner, type ProbeOf } from './check-types.js';
import { describeError, errorCode, truncate } from './describe-error.js';
import { OutputTail } from './output-tail.js';
import { stopGroup } from '../../process/process-group.js';
import { requireSecret } from './secrets.js';

/** How long after exit to wait for the last buffered output before closing the pipes. */
const OUTPUT_DRAIN_MS = 500;

type Exit = { code: number | null; signal: NodeJS.Signals | null } | { error: Error };

export const runCommandCheck: KindRunner<'command'> = async (probe, ctx) => {
  const env = childEnvironment(probe, ctx.env);
  const cwd = resolve(ctx.configDir, probe.cwd ?? '.');
  if (!(await isDirectory(cwd))) throw new CheckFailure(`working directory not found: ${truncate(cwd, 120)}`, false);
  const [program, ...args] = probe.argv as [string, ...string[]];
  // "Relative paths are relative to the config file", not to cwd; bare names are looked up in PATH.
  const executable = program.includes('/') && !isAbsolute(program) ? resolve(ctx.configDir, program) : program;

  ctx.phase('running');
  const child = spawn(executable, args, { cwd, env, shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = new OutputTail();
  const stderr = new OutputTail();
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  const exit = new Promise<Exit>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
    child.on('error', (error) => done({ error }));
  });

  const pgid = child.pid;
  // One stop per check, shared by the abort path and the after-exit cleanup.
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= pgid === undefined ? Promise.resolve() : stopGroup(pgid));
  const onAbort = () => void stop();
  if (ctx.signal.aborted) onAbort();
  else ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await exit;
    if ('error' in result) throw spawnFailure(result.error, program);
    // Anything the check started in the background dies with it (or with the timeout's kill).
    await stop();
    await Promise.race([closed, new Promise((done) => setTimeout(done, OUTPUT_DRAIN_MS))]);
    if (ctx.signal.aborted) {
      ctx.phase('process group killed');
      throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('aborted');
    }
    return judgeExit(result, stdout, stderr);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    child.stdout.destroy();
    child.stderr.destroy();
  }
};

function childEnvironment(probe: ProbeOf<'command'>, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // A minimal base: the app's own environment (tokens, proxies, NODE_OPTIONS) never leaks into checks.
  const base: NodeJS.ProcessEnv = { PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin' };
  if (env.HOME) base.HOME = env.HOME;
  if (env.LANG) base.LANG = env.LANG;
  for (const [name, source] of Object.entries(probe.env)) base[name] = requireSecret(env, source);
  return base;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function spawnFailure(error: Error, program: string): CheckFailure {
  const name = truncate(program, 100);
  switch (errorCode(error)) {
    case 'ENOENT':
      return new CheckFailure(`program not found: ${name}`, false);
    case 'EACCES':
      return new CheckFailure(`program is not executable: ${name}`, false);
    case 'ENOEXEC':
      return new CheckFailure(`not an executable format: ${name} (missing #! line?)`, false);
    default:
      return new CheckFailure(`cannot start ${name}: ${describeError(error)}`, false);
  }
}

function judgeExit(exit: { code: number | null; signal: NodeJS.Signals | null }, stdout: OutputTail, stderr: OutputTail) {
  const withLine = (head: string, line: string) => (line ? `${head}: ${truncate(line, 160)}` : head);
  if (exit.code === 0) return { outcome: 'up' as const, detail: withLine('exit 0', stdout.lastLine()) };
  const said = stderr.lastLine() || stdout.lastLine();
  if (exit.code === null) return { outcome: 'down' as const, detail: withLine(`killed by ${exit.signal ?? 'a signal'}`, said) };
  return { outcome: 'down' as const, detail: withLine(`exit code ${exit.code}`, said) };
}
