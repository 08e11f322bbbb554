/**
 * The audit trail's head (seq and hash of the newest entry), kept outside the database so that
 * deleting the newest rows, which leaves a consistent chain behind, still shows.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface AuditHead {
  seq: number;
  hash: string;
}

export type HeadRead = { kind: 'ok'; head: AuditHead } | { kind: 'missing' } | { kind: 'corrupt'; why: string };

/** Where the head lives. */
export interface HeadStore {
  /** For problem reports, e.g. the file path. */
  readonly where: string;
  read(): HeadRead;
  write(head: AuditHead): void;
}

const FORMAT = 'warroom-audit-head/1';

/** The head in a file: written whole to a temp file (mode 0600), synced, then renamed over the old one. */
export function fileHead(path: string): HeadStore {
  return {
    where: path,
    read() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
        return { kind: 'corrupt', why: `cannot be read (${(error as Error).message})` };
      }
      return parseHead(text);
    },
    write(head) {
      const temp = `${path}.${process.pid}.tmp`;
      rmSync(temp, { force: true });
      const fd = openSync(temp, 'wx', 0o600);
      try {
        writeSync(fd, `${JSON.stringify({ format: FORMAT, seq: head.seq, hash: head.hash })}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      try {
        renameSync(temp, path);
      } catch (error) {
        rmSync(temp, { force: true });
        throw error;
      }
      syncDirectory(dirname(path));
    },
  };
}

/** The head in memory, for a ':memory:' database that lives exactly as long. */
export function memoryHead(): HeadStore {
  let head: AuditHead | null = null;
  return {
    where: 'memory',
    read: () => (head ? { kind: 'ok', head: { ...head } } : { kind: 'missing' }),
    write(next) {
      head = { ...next };
    },
  };
}

function parseHead(text: string): HeadRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'corrupt', why: 'is not JSON' };
  }
  const { format, seq, hash } = (value ?? {}) as Record<string, unknown>;
  if (format !== FORMAT) return { kind: 'corrupt', why: `is not a ${FORMAT} file` };
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1) return { kind: 'corrupt', why: 'has no valid seq' };
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return { kind: 'corrupt', why: 'has no valid hash' };
  return { kind: 'ok', head: { seq, hash } };
}

// The rename is durable only once the directory entry is; Windows cannot open a directory, and
// NTFS journals the rename anyway.
function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
