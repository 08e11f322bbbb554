import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOG_FILE } from './log-file.js';
import type { Logger } from './logger.js';
import { appRoot } from './paths.js';
import { guardProcess } from './process-guard.js';
import { makeTempDir } from './testing/temp-dir.js';

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    error: (m, e) => lines.push(`error: ${m}${e instanceof Error ? `: ${e.stack ?? e.message}` : ''}`),
  };
}

function setUp(options: { closeTimeoutMs?: number } = {}) {
  const proc = new EventEmitter();
  const exits: number[] = [];
  const fatal: unknown[] = [];
  const logger = recorder();
  let exited: () => void = () => {};
  const exitedOnce = new Promise<void>((resolve) => (exited = resolve));
  const guard = guardProcess({
    process: proc,
    logger,
    exit: (code) => {
      exits.push(code);
      exited();
    },
    onFatal: (error) => void fatal.push(error),
    ...options,
  });
  return { proc, exits, fatal, logger, guard, exitedOnce };
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

describe('process guard', () => {
  it('on an uncaught exception: logs the stack, closes the core, tells the shell, then exits 1', async () => {
    const { proc, exits, fatal, logger, guard, exitedOnce } = setUp();
    const core = recorder();
    const order: string[] = [];
    guard.attach({
      logger: core,
      problems: { report: () => order.push('report') },
      close: async () => {
        order.push('close');
      },
    });
    const error = new Error('boom in a timer');
    proc.emit('uncaughtException', error);
    await exitedOnce;
    expect(exits).toEqual([1]);
    expect(order).toEqual(['close']);
    expect(fatal).toEqual([error]);
    expect(core.lines[0]).toMatch(/^error: uncaught exception, state unknown: stopping: Error: boom in a timer\n {4}at /);
    expect(logger.lines).toEqual([]);
  });

  it('exits even when closing hangs', async () => {
    const { proc, exits, guard, exitedOnce } = setUp({ closeTimeoutMs: 20 });
    guard.attach({ logger: recorder(), problems: { report: () => {} }, close: () => new Promise(() => {}) });
    proc.emit('uncaughtException', new Error('boom'));
    await exitedOnce;
    expect(exits).toEqual([1]);
  });

  it('on an unhandled rejection: logs it with the stack and reports a core problem, and keeps running', () => {
    const { proc, exits, guard } = setUp();
    const core = recorder();
    const reported: { source: string; what: string; error: unknown }[] = [];
    guard.attach({ logger: core, problems: { report: (source, what, error) => reported.push({ source, what, error }) }, close: async () => {} });
    const reason = new Error('LoadRunStateError: only a running run can end');
    proc.emit('unhandledRejection', reason);
    expect(exits).toEqual([]);
    expect(core.lines[0]).toMatch(/^error: unhandled promise rejection \(Warroom keeps running\): Error: LoadRunStateError/);
    expect(reported).toEqual([{ source: 'process', what: 'an internal task', error: reason }]);
  });

  it('before a core is attached, logs to the shell logger; after detach, no longer to the core', () => {
    const { proc, logger, guard } = setUp();
    const core = recorder();
    const detach = guard.attach({ logger: core, problems: { report: () => {} }, close: async () => {} });
    detach();
    proc.emit('unhandledRejection', 'plain reason');
    expect(core.lines).toEqual([]);
    expect(logger.lines).toEqual(['error: unhandled promise rejection (Warroom keeps running): plain reason']);
  });

  it('dispose() removes its handlers', () => {
    const { proc, guard } = setUp();
    expect(proc.listenerCount('uncaughtException')).toBe(1);
    guard.dispose();
    expect(proc.listenerCount('uncaughtException')).toBe(0);
    expect(proc.listenerCount('unhandledRejection')).toBe(0);
  });

  it('in a real process: a throw in a timer exits 1 with the stack in stderr and warroom.log; a rejection does not end it', () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const core = join(appRoot(), 'dist-node', 'electron', 'core');
    const script = `
      import { guardProcess } from ${JSON.stringify(join(core, 'process-guard.js'))};
      import { withLogFile } from ${JSON.stringify(join(core, 'log-file.js'))};
      import { stderrLogger } from ${JSON.stringify(join(core, 'logger.js'))};
      const guard = guardProcess();
      guard.attach({ logger: withLogFile(stderrLogger, ${JSON.stringify(dir.path)}), problems: { report: () => process.stdout.write('reported\\n') }, close: async () => { process.stdout.write('closed\\n'); } });
      Promise.reject(new Error('a rejected task'));
      setTimeout(() => process.stdout.write('still running\\n'), 20);
      setTimeout(() => { throw new Error('boom in a timer'); }, 40);
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(child.stdout).toBe('reported\nstill running\nclosed\n');
    expect(child.status).toBe(1);
    expect(child.stderr).toMatch(/uncaught exception, state unknown: stopping: Error: boom in a timer\n {4}at /);
    const log = readFileSync(join(dir.path, LOG_FILE), 'utf8');
    expect(log).toContain('unhandled promise rejection (Warroom keeps running): Error: a rejected task');
    expect(log).toContain('uncaught exception, state unknown: stopping: Error: boom in a timer');
  });
});
