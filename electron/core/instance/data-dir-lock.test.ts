import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE, readDataDirLock } from './data-dir-lock.js';
import type { LockHolder } from './data-dir-lock.js';
import { processStartTime } from './process-identity.js';

const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

function dataDir(): string {
  const dir = makeTempDir();
  temps.push(dir);
  return dir.path;
}

function acquire(dir: string, warnings: string[] = [], shell: LockHolder['shell'] = 'web') {
  return acquireDataDirLock({ dataDir: dir, shell, now: () => 1_700_000_000_000, warn: (line) => warnings.push(line) });
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function writeLock(dir: string, holder: Partial<LockHolder>): void {
  const full: LockHolder = {
    id: 'old-holding',
    pid: process.pid,
    processStart: processStartTime(process.pid),
    hostname: hostname(),
    shell: 'web',
    since: 1_600_000_000_000,
    url: 'http://127.0.0.1:4800',
    tokenFile: null,
    ...holder,
  };
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(full), { mode: 0o600 });
}

describe('data dir lock', () => {
  it('is a 0600 file naming this process, its shell and since when; released on release()', () => {
    const dir = dataDir();
    const lock = acquire(dir);
    const path = join(dir, LOCK_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readDataDirLock(dir)).toEqual({
      holder: expect.objectContaining({ pid: process.pid, shell: 'web', since: 1_700_000_000_000, url: null, tokenFile: null, hostname: hostname() }),
      live: true,
    });
    lock.release();
    lock.release();
    expect(existsSync(path)).toBe(false);
    expect(readDataDirLock(dir)).toBeNull();
    // No temporary files left behind.
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a second holder while the first lives, naming pid, since when and where it is reached', () => {
    const dir = dataDir();
    const first = acquire(dir);
    first.advertise({ url: 'http://127.0.0.1:4801', tokenFile: join(dir, 'warroom.token') });
    let refusal: unknown;
    try {
      acquire(dir, [], 'cli');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    const message = (refusal as Error).message;
    expect(message).toContain(`warroom serve (pid ${process.pid}`);
    expect(message).toContain('http://127.0.0.1:4801');
    expect(message).toContain(new Date(1_700_000_000_000).toISOString());
    expect(message).toContain(`holds ${dir}; run it from the app, or stop it first`);
    expect((refusal as DataDirLockedError).holder.tokenFile).toBe(join(dir, 'warroom.token'));
    // A second app is told to use the first one instead.
    expect(() => acquire(dir, [], 'electron')).toThrow(/holds .*; open that one, or stop it first/);
    first.release();
    acquire(dir).release();
  });

  it('takes over a lock left by a process that is gone, and says so in one line', () => {
    const dir = dataDir();
    const pid = deadPid();
    writeLock(dir, { pid });
    const warnings: string[] = [];
    const lock = acquire(dir, warnings);
    expect(lock.holder.pid).toBe(process.pid);
    expect(readDataDirLock(dir)?.holder.id).toBe(lock.holder.id);
    expect(warnings).toEqual([`warroom serve (pid ${pid}, since ${new Date(1_600_000_000_000).toISOString()}, at http://127.0.0.1:4800) left a stale lock on ${dir} (pid ${pid} is gone): taken over`]);
    lock.release();
  });

  it('takes over a lock whose pid now belongs to another process (a different start time)', () => {
    const dir = dataDir();
    writeLock(dir, { processStart: '1' });
    const warnings: string[] = [];
    acquire(dir, warnings).release();
    expect(warnings).toEqual([expect.stringContaining(`(pid ${process.pid} is now another process): taken over`)]);
  });

  it('does not judge a holder on another host: it may be alive there', () => {
    const dir = dataDir();
    writeLock(dir, { pid: deadPid(), hostname: 'elsewhere.example' });
    expect(() => acquire(dir)).toThrow(/on elsewhere\.example/);
  });

  it('refuses an unreadable lock file, telling which file to remove', () => {
    const dir = dataDir();
    writeFileSync(join(dir, LOCK_FILE), 'not json');
    expect(() => acquire(dir)).toThrow(`${join(dir, LOCK_FILE)} is not a Warroom lock file: remove it if no Warroom uses ${dir}`);
  });

  it('release() leaves alone a lock that is no longer its own', () => {
    const dir = dataDir();
    const lock = acquire(dir);
    writeLock(dir, { id: 'someone-else' });
    lock.release();
    expect(readDataDirLock(dir)?.holder.id).toBe('someone-else');
  });

  it('advertise() rewrites the file in place, still 0600', () => {
    const dir = dataDir();
    const lock = acquire(dir);
    lock.advertise({ url: 'http://127.0.0.1:5000', tokenFile: null });
    expect(readDataDirLock(dir)?.holder).toMatchObject({ id: lock.holder.id, url: 'http://127.0.0.1:5000' });
    expect(statSync(join(dir, LOCK_FILE)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });
});

describe('process start time', () => {
  it.runIf(process.platform === 'linux')('reads /proc/<pid>/stat, and is null for a pid that is gone', () => {
    expect(processStartTime(process.pid)).toMatch(/^\d+$/);
    expect(processStartTime(deadPid())).toBeNull();
  });
});
