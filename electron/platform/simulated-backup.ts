/**
 * The simulated nightly (here: hourly) database backup of a service that uses the database: a
 * backup "runs" every interval and succeeds only while the database is up. Read lazily on each
 * scrape, so it needs no timer; BackupFailed fires when the last success is two intervals old.
 */
export const BACKUP_INTERVAL_MS = 60 * 60 * 1000;

export interface SimulatedBackup {
  /** Epoch ms of the last backup that succeeded (the platform's start counts as one). */
  lastSuccessAt(): number;
}

export function createSimulatedBackup(deps: { now: () => number; databaseUp: () => boolean; intervalMs?: number }): SimulatedBackup {
  const intervalMs = deps.intervalMs ?? BACKUP_INTERVAL_MS;
  let lastSuccessAt = deps.now();
  return {
    lastSuccessAt() {
      const now = deps.now();
      // A backup was due at every whole interval since the last success; it succeeds if the database answers now.
      if (now - lastSuccessAt >= intervalMs && deps.databaseUp()) lastSuccessAt = now - ((now - lastSuccessAt) % intervalMs);
      return lastSuccessAt;
    },
  };
}
