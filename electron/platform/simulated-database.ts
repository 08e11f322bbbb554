/**
 * The simulated database's schema: a few pending migrations that `POST /migrate` lists or applies,
 * and their down steps, which `POST /database/rollback` lists or runs down to a version.
 */
import { PlatformRefusal } from './platform-refusal.js';

/** Schema version the platform starts with (and returns to on reset). */
export const INITIAL_DATABASE_SCHEMA = 41;

/** The launch release's migrations, in order; each moves the schema one version up, `down` one back. */
const MIGRATIONS: readonly { version: number; name: string; down: string }[] = [
  { version: 42, name: 'add goals.priority (default medium)', down: 'drop column goals.priority (its values are lost)' },
  { version: 43, name: 'create index tasks_goal_id_idx on tasks(goal_id)', down: 'drop index tasks_goal_id_idx' },
  { version: 44, name: "allow 'suspended' in agents.status", down: "disallow 'suspended' in agents.status (suspended agents become idle)" },
];

/** What a migration run or a rollback does (or would do, on a dry run). */
export interface MigrationPlan {
  from: number;
  to: number;
  steps: string[];
}

/** The steps from `current` to the newest schema; none when it is up to date. */
export function planMigration(current: number): MigrationPlan {
  const pending = MIGRATIONS.filter((m) => m.version > current);
  return { from: current, to: pending.at(-1)?.version ?? current, steps: pending.map((m) => `${m.version}: ${m.name}`) };
}

/** The down steps from `current` to `target`, newest first; 409 when the target is newer or unknown. */
export function planRollback(current: number, target: number): MigrationPlan {
  if (target > current) throw new PlatformRefusal(409, `the schema is at ${current}; ${target} is newer: roll forward with db-migrate instead`);
  if (target < INITIAL_DATABASE_SCHEMA) {
    throw new PlatformRefusal(409, `cannot roll back below schema ${INITIAL_DATABASE_SCHEMA}: the migrations before it have no down steps here`);
  }
  const undone = MIGRATIONS.filter((m) => m.version <= current && m.version > target).reverse();
  return { from: current, to: target, steps: undone.map((m) => `${m.version} → ${m.version - 1}: ${m.down}`) };
}
