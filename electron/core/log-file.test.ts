import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOG_FILE, withLogFile } from './log-file.js';
import type { Logger } from './logger.js';
import { makeTempDir } from './testing/temp-dir.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(`warning: ${m}`), error: (m) => lines.push(`error: ${m}`) };
}

const at = () => Date.UTC(2026, 0, 2, 3, 4, 5);

describe('warroom.log', () => {
  it('writes every line to stderr and to warroom.log in the data dir, errors with their stack', () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const base = recorder();
    const logger = withLogFile(base, dir.path, { now: at });
    logger.info('core started');
    logger.error('storing the heartbeat failed', new Error('database is locked'));
    expect(base.lines).toEqual(['core started', 'error: storing the heartbeat failed']);
    const text = readFileSync(join(dir.path, LOG_FILE), 'utf8');
    expect(text).toMatch(/^2026-01-02T03:04:05.000Z info core started\n2026-01-02T03:04:05.000Z error storing the heartbeat failed: Error: database is locked\n {4}at /);
  });

  it('rotates at the size cap and keeps a bounded number of files', () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const logger = withLogFile(recorder(), dir.path, { now: at, maxBytes: 200, files: 3 });
    for (let i = 0; i < 40; i += 1) logger.info(`line ${i} ${'x'.repeat(20)}`);
    const path = join(dir.path, LOG_FILE);
    for (const file of [path, `${path}.1`, `${path}.2`]) expect(readFileSync(file, 'utf8').length).toBeLessThanOrEqual(200);
    expect(existsSync(`${path}.3`)).toBe(false);
    expect(readFileSync(path, 'utf8')).toContain('line 39');
    expect(readFileSync(`${path}.1`, 'utf8')).not.toContain('line 39');
  });

  it('on a full disk (ENOSPC) keeps logging to stderr, says so once, and never throws', () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const base = recorder();
    let full = true;
    const logger = withLogFile(base, dir.path, {
      now: at,
      append: () => {
        if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    });
    expect(() => logger.error('first', new Error('x'))).not.toThrow();
    logger.warn('second');
    expect(base.lines).toEqual(['error: first', `warning: cannot write ${join(dir.path, LOG_FILE)} (ENOSPC: no space left on device, write): logging to stderr only until it works again`, 'warning: second']);
    full = false;
    logger.info('third');
    expect(base.lines.at(-1)).toBe('third');
  });

  it('writes no file for an in-memory core', () => {
    const base = recorder();
    expect(withLogFile(base, ':memory:')).toBe(base);
  });
});
