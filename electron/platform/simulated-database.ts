/** The simulated database's schema: a few pending migrations that `POST /migrate` lists or applies. */

/** Schema version the platform starts with (and returns to on reset). */
export const INITIAL_DATABASE_SCHEMA = 41;

/** The launch release's migrations, in order; each moves the schema one version up. */
const MIGRATIONS: readonly { version: number; name: string }[] = [
  { version: 42, name: 'add goals.priority (default medium)' },
  { version: 43, name: 'create index tasks_goal_id_idx on tasks(goal_id)' },
  { version: 44, name: "allow 'suspended' in agents.status" },
];

/** What a migration run does (or would do, on a dry run). */
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
