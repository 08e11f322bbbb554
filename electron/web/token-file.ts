/**
 * The app's local control token, in a 0600 file in the data dir while it runs, so a local client
 * (a CLI command going through the running app) can authenticate; the data dir's lock names it.
 * It is generated per start and is not the user's WARROOM_TOKEN.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOKEN_FILE = 'warroom.token';

/** Writes the token (or, with none, removes a leftover file); returns the file's path, or null. */
export function publishToken(dataDir: string, token: string | undefined): string | null {
  if (token === undefined) {
    rmSync(join(dataDir, TOKEN_FILE), { force: true });
    return null;
  }
  return writeTokenFile(dataDir, token);
}

/** Writes the token file; returns its path. */
export function writeTokenFile(dataDir: string, token: string): string {
  const path = join(dataDir, TOKEN_FILE);
  // Created 0600 under a fresh name, then renamed: the token is never readable by others, even briefly.
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${token}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temporary, path);
  return path;
}
