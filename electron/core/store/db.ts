/** Opens the one SQLite database of a data directory. Only store/ imports better-sqlite3. */
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';

declare const writable: unique symbol;
/** A handle that may write. Repositories that only read take ReadableDb, so they cannot. */
export type WritableDb = SqliteDatabase & { readonly [writable]: true };
export type ReadableDb = Pick<SqliteDatabase, 'prepare' | 'pragma'>;

export interface OpenDatabaseOptions {
  /**
   * Path of a better_sqlite3.node built for the running runtime. Electron passes its own
   * build here so that Node (tests, web shell) and Electron builds live side by side.
   */
  nativeBinding?: string | undefined;
  /**
   * Runs on the database as found, before anything that writes to it (journal_mode = WAL rewrites
   * the header): a database that must be refused untouched is refused here.
   */
  check?: ((db: ReadableDb) => void) | undefined;
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): WritableDb {
  const db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    options.check?.(db);
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    // NORMAL is durable under WAL except for the last transactions on power loss, which is the
    // right trade for a stream of probe results written every second.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    db.close();
    throw error;
  }
  return db as WritableDb;
}
