/**
 * The database holds the audit trail, run output and who did what: like the audit head file
 * beside it, it is readable by its owner only. SQLite gives the -wal and -shm files the mode of
 * the database file, so creating that file 0600 before SQLite does covers all three; files left
 * by an older Warroom (0644 under the usual umask) are tightened when the store opens.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

export function prepareOwnerOnlyDatabase(dataDir: string, databasePath: string): void {
  // Only a directory created here is set 0700: an existing one may be shared on purpose.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // 'a' creates a missing file (the mode applies only then) and never changes an existing one.
  closeSync(openSync(databasePath, 'a', 0o600));
  for (const file of [databasePath, `${databasePath}-wal`, `${databasePath}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}
