/** Brings a database to the latest schema, one transaction per step, refusing one from the future. */
import type { DatabaseAsFound, WritableDb } from './db.js';
import type { Migration } from './migrations/index.js';

export class DatabaseFromFutureError extends Error {
  constructor(path: string, found: number, known: number) {
    super(
      `The database ${path} has schema version ${found}, written by a newer Warroom; this version knows ` +
        `up to ${known}. Upgrade Warroom, or point --data-dir at another directory. Nothing was changed.`,
    );
    this.name = 'DatabaseFromFutureError';
  }
}

export interface MigrationReport {
  from: number;
  to: number;
  applied: string[];
}

/** Refuses a database written by a newer Warroom; only reads, so it can run before anything writes. */
export function refuseNewerSchema(db: DatabaseAsFound, migrations: readonly Migration[], path: string): void {
  const latest = migrations.at(-1)?.version ?? 0;
  const found = schemaVersion(db);
  if (found > latest) throw new DatabaseFromFutureError(path, found, latest);
}

export function migrate(db: WritableDb, migrations: readonly Migration[], now: () => number, path = db.name): MigrationReport {
  checkOrder(migrations);
  refuseNewerSchema(db, migrations, path);
  const latest = migrations.at(-1)?.version ?? 0;
  const from = schemaVersion(db);

  const applied: string[] = [];
  // A step may rebuild a table that others reference (SQLite's way to change a constraint). Foreign
  // keys are switched off around the steps, which only works outside a transaction, and each step
  // checks them itself before it commits.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  if (foreignKeys) db.pragma('foreign_keys = OFF');
  try {
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      applyStep(db, migration, now);
      applied.push(`${migration.version}-${migration.name}`);
    }
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
  return { from, to: Math.max(from, latest), applied };
}

function applyStep(db: WritableDb, migration: Migration, now: () => number): void {
  db.transaction(() => {
    migration.up(db);
    const broken = db.pragma('foreign_key_check');
    if (Array.isArray(broken) && broken.length > 0) {
      throw new Error(`Migration ${migration.version}-${migration.name} would break ${broken.length} foreign key(s); it was rolled back`);
    }
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      migration.version,
      migration.name,
      now(),
    );
    // PRAGMA cannot take bound parameters; the version is a number we own.
    db.pragma(`user_version = ${migration.version}`);
  })();
}

function schemaVersion(db: DatabaseAsFound): number {
  const version: unknown = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new Error(`PRAGMA user_version answered ${String(version)}`);
  return version;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (!Number.isInteger(migration.version) || migration.version <= 0) {
      throw new Error(`Migration ${migration.name} has an invalid version ${migration.version}`);
    }
    if (previous && migration.version <= previous.version) {
      throw new Error(`Migrations out of order: ${previous.version}-${previous.name} before ${migration.version}-${migration.name}`);
    }
  });
}
