/**
 * The file a running platform leaves in the data directory so that other processes (the app,
 * `warroom rehearse fault`, the rehearsal scripts) can find its control API.
 */
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export const PlatformStateFileSchema = z.object({
  pid: z.number().int().positive(),
  controlUrl: z.string().url(),
  token: z.string().min(16),
  startedAt: z.number().int(),
  ports: z.record(z.string(), z.number().int()),
});
export type PlatformStateFile = z.infer<typeof PlatformStateFileSchema>;

/** Where the platform of a data directory writes its state file. */
export function platformStatePath(dataDir: string): string {
  return join(dataDir, 'rehearsal', 'platform.json');
}

/** Writes atomically with owner-only permissions: the file holds the control token. */
export function writePlatformState(path: string, state: PlatformStateFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
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

export function removePlatformState(path: string, pid: number): void {
  // Only the platform that wrote the file removes it; a newer platform may have replaced it.
  try {
    const current = JSON.parse(readFileSync(path, 'utf8')) as { pid?: number };
    if (current.pid === pid) rmSync(path, { force: true });
  } catch {
    // Already gone or unreadable: nothing to remove.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
