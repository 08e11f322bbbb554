/**
 * The file a running platform leaves in the data directory so that other processes (the app,
 * `warroom rehearse fault`, the rehearsal scripts) can find its control API. The platform writes
 * it (electron/platform/state-file.ts); the core only reads it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformStateFileSchema } from '../../../shared/domain/rehearsal.js';
import type { PlatformStateFile } from '../../../shared/domain/rehearsal.js';

/** Where the platform of a data directory writes its state file. */
export function platformStatePath(dataDir: string): string {
  return join(dataDir, 'rehearsal', 'platform.json');
}

/** The state of a platform that is still alive, or undefined (no file, bad file, dead pid). */
export function readPlatformState(path: string): PlatformStateFile | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  let parsed: ReturnType<typeof PlatformStateFileSchema.safeParse>;
  try {
    parsed = PlatformStateFileSchema.safeParse(JSON.parse(raw));
  } catch {
    return undefined;
  }
  if (!parsed.success || !isAlive(parsed.data.pid)) return undefined;
  return parsed.data;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
