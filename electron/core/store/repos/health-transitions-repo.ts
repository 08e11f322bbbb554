/**
 * Status changes of services and probes, kept as evidence and to restore statuses after a restart.
 * Each belongs to the environment whose core saw it; rows stored before environments were
 * recorded (environment NULL) belong to none, so no reader returns them.
 */
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
   * Transitions in an environment with `fromAt <= at < toAt`, oldest first: of one service (its
   * own and its probes') or, with service null, of all. At most `limit`, the oldest ones.
   */
  between(environment: string, service: string | null, fromAt: number, toAt: number, limit?: number): Transition[];
  /**
   * The newest transition in an environment of every service (probeId null) and of every probe
   * (probeId set): the statuses to restore after a restart, with the time each began.
   */
  latestPerService(environment: string): Transition[];
}

export interface HealthTransitionsRepo extends HealthTransitionsReader {
  /** Stores a change seen by a core watching `environment`. */
  record(environment: string, transition: Transition): void;
}

const COLUMNS = 'service, probe_id, at, from_status, to_status, reason, caused_by';

/** Queries whose plans tests check. */
export const HOT_QUERIES = {
  ofService: `SELECT ${COLUMNS} FROM health_transitions WHERE environment = ? AND service = ? AND at >= ? AND at < ? ORDER BY at, id LIMIT ?`,
  // SQLite takes the bare columns of a max() aggregate from the row holding the max, so this is
  // the newest row of each (service, probe_id), read in index order without a sort.
  latest: `SELECT service, probe_id, max(at) AS at, from_status, to_status, reason, caused_by
    FROM health_transitions WHERE environment = ? GROUP BY service, probe_id ORDER BY service, probe_id`,
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
  const insert = db.prepare<[Transition & { environment: string }], never>(
    `INSERT INTO health_transitions (environment, service, probe_id, at, from_status, to_status, reason, caused_by)
     VALUES (@environment, @service, @probeId, @at, @from, @to, @reason, @causedBy)`,
  );
  return {
    ...createHealthTransitionsReader(readOnlyView(db)),
    record(environment, transition) {
      insert.run({ ...transition, environment });
    },
  };
}

export function createHealthTransitionsReader(db: ReadableDb): HealthTransitionsReader {
  const ofService = db.prepare<[string, string, number, number, number], TransitionRow>(HOT_QUERIES.ofService);
  const ofAll = db.prepare<[string, number, number, number], TransitionRow>(
    `SELECT ${COLUMNS} FROM health_transitions WHERE environment = ? AND at >= ? AND at < ? ORDER BY at, id LIMIT ?`,
  );
  const latest = db.prepare<[string], TransitionRow>(HOT_QUERIES.latest);
  return {
    between(environment, service, fromAt, toAt, limit = 10_000) {
      const rows = service === null ? ofAll.all(environment, fromAt, toAt, limit) : ofService.all(environment, service, fromAt, toAt, limit);
      return rows.map(toTransition);
    },
    latestPerService(environment) {
      return latest.all(environment).map(toTransition);
    },
  };
}
