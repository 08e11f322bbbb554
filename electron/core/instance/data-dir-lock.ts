/**
 * One data dir, one owner. The core that owns a data dir's live state (runs, probing, its
 * session) holds `warroom.lock` there: a 0600 JSON file naming its pid, the process's start time,
 * its shell, since when, and where it can be reached (the web shell's URL and token file). A
 * second owner is refused with a message naming the holder; a lock whose holder is gone is
 * taken over, in one reported line.
 *
 * Atomic without OS locks: the file is written whole under a temporary name and then hard-linked
 * to its real name, which fails if a lock exists; so no reader ever sees half a lock.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AppInfoSchema } from '../../../shared/domain/app.js';
import { errnoCode, lookUpProcess, processStartTime } from './process-identity.js';

export const LOCK_FILE = 'warroom.lock';

const LockHolderSchema = z.object({
  /** Tells one holding apart from a later one by the same process. */
  id: z.string(),
  pid: z.number().int().positive(),
  /** Kernel start time of the process (Linux), so a reused pid is not taken for the holder. */
  processStart: z.string().nullable(),
  hostname: z.string(),
  shell: AppInfoSchema.shape.shell,
  /** When the lock was taken, epoch ms. */
  since: z.number(),
  /** Where the holder answers: the web shell's URL or the Electron app's control endpoint; null until it listens. */
  url: z.string().nullable(),
  /** A 0600 file in the data dir with the control token for url (local clients); null when none is published. */
  tokenFile: z.string().nullable(),
});
export type LockHolder = z.infer<typeof LockHolderSchema>;

const SHELL_NAMES: Record<LockHolder['shell'], string> = {
  web: 'warroom serve',
  electron: 'the Warroom app',
  cli: 'a warroom command',
  test: 'a Warroom test',
};

/** "warroom serve (pid 4242)" */
export function holderName(holder: LockHolder): string {
  return `${SHELL_NAMES[holder.shell]} (pid ${holder.pid})`;
}

/** "warroom serve (pid 4242, since 2024-…Z, at http://127.0.0.1:4800)" */
export function describeHolder(holder: LockHolder): string {
  const elsewhere = holder.hostname === hostname() ? '' : ` on ${holder.hostname}`;
  const at = holder.url ? `, at ${holder.url}` : '';
  return `${SHELL_NAMES[holder.shell]} (pid ${holder.pid}${elsewhere}, since ${new Date(holder.since).toISOString()}${at})`;
}

/** Another live core owns the data dir. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
    /** What the refused process should do instead. */
    hint: string,
  ) {
    super(`${describeHolder(holder)} holds ${dataDir}; ${hint}`);
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  /** What the file says now. */
  readonly holder: LockHolder;
  /** Tells later processes where this one can be reached. */
  advertise(address: { url: string | null; tokenFile: string | null }): void;
  /** Removes the file if it is still this holding's. Idempotent; also done when the process exits. */
  release(): void;
}

export interface AcquireOptions {
  dataDir: string;
  shell: LockHolder['shell'];
  now: () => number;
  /** One line when a stale lock is taken over. */
  warn: (line: string) => void;
}

type LockFileRead = { kind: 'missing' } | { kind: 'unreadable' } | { kind: 'held'; holder: LockHolder };

function readLockFile(path: string): LockFileRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'unreadable' };
  }
  const holder = LockHolderSchema.safeParse(parsed);
  return holder.success ? { kind: 'held', holder: holder.data } : { kind: 'unreadable' };
}

/** Why the holder no longer holds, or null while it may. */
function staleReason(holder: LockHolder): string | null {
  // A pid means nothing on another machine (a shared or network data dir).
  if (holder.hostname !== hostname()) return null;
  const look = lookUpProcess(holder.pid);
  if (!look.alive) return `pid ${holder.pid} is gone`;
  if (holder.processStart !== null && look.start !== null && look.start !== holder.processStart) return `pid ${holder.pid} is now another process`;
  return null;
}

/** The lock of a data dir and whether its holder still lives; null when there is none. */
export function readDataDirLock(dataDir: string): { holder: LockHolder; live: boolean } | null {
  const read = readLockFile(join(dataDir, LOCK_FILE));
  return read.kind === 'held' ? { holder: read.holder, live: staleReason(read.holder) === null } : null;
}

/** Writes the whole content under a fresh temporary name beside the lock; returns that name. */
function writeTemporary(path: string, holder: LockHolder): string {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(holder, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return temporary;
}

function tryCreate(path: string, holder: LockHolder): boolean {
  const temporary = writeTemporary(path, holder);
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Moves the stale lock aside, then checks it moved the one it judged: if another process took the
 * stale lock over in between, its fresh lock is put back and this attempt starts again.
 */
function takeOver(path: string, stale: LockHolder): boolean {
  const aside = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw error;
  }
  const moved = readLockFile(aside);
  if (moved.kind === 'held' && moved.holder.id === stale.id) {
    rmSync(aside, { force: true });
    return true;
  }
  try {
    linkSync(aside, path);
  } catch (error) {
    // EEXIST: a third process holds it by now; it won, and the one moved aside is told by its own checks.
    if (errnoCode(error) !== 'EEXIST') throw error;
  } finally {
    rmSync(aside, { force: true });
  }
  return false;
}

/** Creates the lock, taking over a stale one; throws when a live holder has it. */
function claim(path: string, holder: LockHolder, options: AcquireOptions, hint: string): void {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, holder)) return;
    const existing = readLockFile(path);
    if (existing.kind === 'missing') continue;
    if (existing.kind === 'unreadable') throw new Error(`${path} is not a Warroom lock file: remove it if no Warroom uses ${options.dataDir}`);
    const reason = staleReason(existing.holder);
    if (reason === null) throw new DataDirLockedError(options.dataDir, existing.holder, hint);
    if (takeOver(path, existing.holder)) options.warn(`${describeHolder(existing.holder)} left a stale lock on ${options.dataDir} (${reason}): taken over`);
  }
  throw new Error(`could not take ${path}: other processes keep changing it`);
}

export function acquireDataDirLock(options: AcquireOptions): DataDirLock {
  const { dataDir } = options;
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  let holder: LockHolder = {
    id: randomUUID(),
    pid: process.pid,
    processStart: processStartTime(process.pid),
    hostname: hostname(),
    shell: options.shell,
    since: options.now(),
    url: null,
    tokenFile: null,
  };
  const hint = options.shell === 'cli' ? 'run it from the app, or stop it first' : 'open that one, or stop it first';

  claim(path, holder, options, hint);

  const ours = () => {
    const current = readLockFile(path);
    return current.kind === 'held' && current.holder.id === holder.id;
  };
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (ours()) rmSync(path, { force: true });
  };
  // A process that ends without closing its core (process.exit, a fatal error) still lets go.
  process.on('exit', release);

  return {
    path,
    get holder() {
      return holder;
    },
    advertise(address) {
      if (released || !ours()) return;
      holder = { ...holder, ...address };
      renameSync(writeTemporary(path, holder), path);
    },
    release,
  };
}
