/** Opens the one SQLite database of a data directory. Only store/ imports better-sqlite3. */
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';

declare const writable: unique symbol;
declare const readOnly: unique symbol;
/** A handle that may write. Repositories that only read take ReadableDb, so they cannot. */
export type WritableDb = SqliteDatabase & { readonly [writable]: true };
/** A handle whose prepare() refuses any statement that would change the database. */
export type ReadableDb = Pick<SqliteDatabase, 'prepare'> & { readonly [readOnly]: true };

/** What a check may look at before the database is opened for writing: its pragmas (user_version). */
export type DatabaseAsFound = Pick<SqliteDatabase, 'pragma'>;

export class ReadOnlyViolationError extends Error {
  constructor(source: string) {
    super(`a read-only repository tried to prepare a statement that writes: ${source.trim().slice(0, 120)}`);
    this.name = 'ReadOnlyViolationError';
  }
}

/** Readers get this view of a connection: SQLite itself says whether a statement writes. */
export function readOnlyView(db: SqliteDatabase): ReadableDb {
  function prepare<P extends unknown[] | object = unknown[], R = unknown>(source: string) {
    const statement = db.prepare<P, R>(source);
    if (!statement.readonly) throw new ReadOnlyViolationError(source);
    return statement;
  }
  return { prepare } as ReadableDb;
}

export interface OpenDatabaseOptions {
  /**
   * Path of a better_sqlite3.node built for the running runtime. Electron passes its own
   * build here so that Node (tests, web shell) and Electron builds live side by side.
   */
  nativeBinding?: string | undefined;
  /**
   * How long a write waits for another process's lock before SQLITE_BUSY (default 5 s). Bounded,
   * because better-sqlite3 waits on the core's only thread; background writers retry on their
   * next turn and report a core problem meanwhile.
   */
  busyTimeoutMs?: number | undefined;
  /**
   * Runs on the database as found, before anything that writes to it (journal_mode = WAL rewrites
   * the header): a database that must be refused untouched is refused here.
   */
  check?: ((db: DatabaseAsFound) => void) | undefined;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): WritableDb {
  const db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    options.check?.(db);
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    // NORMAL is durable under WAL except for the last transactions on power loss, which is the
    // right trade for a stream of probe results written every second.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db as WritableDb;
}
