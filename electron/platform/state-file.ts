/**
 * Writes the platform's state file (its schema: shared/domain/rehearsal.ts), which the app and
 * the CLI read to find the control API.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PlatformStateFile } from '../../shared/domain/rehearsal.js';

/** Writes atomically with owner-only permissions: the file holds the control token. */
export function writePlatformState(path: string, state: PlatformStateFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

export function removePlatformState(path: string, pid: number): void {
  // Only the platform that wrote the file removes it; a newer platform may have replaced it.
  try {
    const current = JSON.parse(readFileSync(path, 'utf8')) as { pid?: number };
    if (current.pid === pid) rmSync(path, { force: true });
  } catch {
    // Already gone or unreadable: nothing to remove.
  }
}
