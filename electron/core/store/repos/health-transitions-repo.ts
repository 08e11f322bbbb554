/** Status changes of services and probes, kept as evidence and to restore statuses after a restart. */
import type { HealthStatus, Transition } from '../../../../shared/domain/probes.js';
import { readOnlyView } from '../db.js';
import type { ReadableDb, WritableDb } from '../db.js';

interface TransitionRow {
  service: string;
  probe_id: string | null;
  at: number;
  from_status: HealthStatus;
  to_status: HealthStatus;
  reason: string;
  caused_by: string | null;
}

/** Read side, for history. */
export interface HealthTransitionsReader {
  /**
   * Transitions with `fromAt <= at < toAt`, oldest first: of one service (its own and its
   * probes') or, with service null, of all. At most `limit`, the oldest ones.
   */
  between(service: string | null, fromAt: number, toAt: number, limit?: number): Transition[];
  /**
   * The newest transition of every service (probeId null) and of every probe (probeId set):
   * the statuses to restore after a restart, with the time each began.
   */
  latestPerService(): Transition[];
}

export interface HealthTransitionsRepo extends HealthTransitionsReader {
  record(transition: Transition): void;
}

const COLUMNS = 'service, probe_id, at, from_status, to_status, reason, caused_by';

/** Queries whose plans tests check. */
export const HOT_QUERIES = {
  ofService: `SELECT ${COLUMNS} FROM health_transitions WHERE service = ? AND at >= ? AND at < ? ORDER BY at, id LIMIT ?`,
  // SQLite takes the bare columns of a max() aggregate from the row holding the max, so this is
  // the newest row of each (service, probe_id), read in index order without a sort.
  latest: `SELECT service, probe_id, max(at) AS at, from_status, to_status, reason, caused_by
    FROM health_transitions GROUP BY service, probe_id ORDER BY service, probe_id`,
} as const;

function toTransition(row: TransitionRow): Transition {
  return {
    service: row.service,
    probeId: row.probe_id,
    at: row.at,
    from: row.from_status,
    to: row.to_status,
    reason: row.reason,
    causedBy: row.caused_by,
  };
}

export function createHealthTransitionsRepo(db: WritableDb): HealthTransitionsRepo {
  const insert = db.prepare<[Transition], never>(
    `INSERT INTO health_transitions (service, probe_id, at, from_status, to_status, reason, caused_by)
     VALUES (@service, @probeId, @at, @from, @to, @reason, @causedBy)`,
  );
  return {
    ...createHealthTransitionsReader(readOnlyView(db)),
    record(transition) {
      insert.run(transition);
    },
  };
}

export function createHealthTransitionsReader(db: ReadableDb): HealthTransitionsReader {
  const ofService = db.prepare<[string, number, number, number], TransitionRow>(HOT_QUERIES.ofService);
  const ofAll = db.prepare<[number, number, number], TransitionRow>(
    `SELECT ${COLUMNS} FROM health_transitions WHERE at >= ? AND at < ? ORDER BY at, id LIMIT ?`,
  );
  const latest = db.prepare<[], TransitionRow>(HOT_QUERIES.latest);
  return {
    between(service, fromAt, toAt, limit = 10_000) {
      const rows = service === null ? ofAll.all(fromAt, toAt, limit) : ofService.all(service, fromAt, toAt, limit);
      return rows.map(toTransition);
    },
    latestPerService() {
      return latest.all().map(toTransition);
    },
  };
}
