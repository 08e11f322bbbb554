/** Firing episodes of Alertmanager alerts, kept as evidence and queried by time. */
import type { AlertEpisode } from '../../../../shared/domain/alerts.js';
import type { WritableDb } from '../db.js';

export interface FiringAlert {
  fingerprint: string;
  name: string;
  service: string | null;
  severity: string | null;
  summary: string | null;
  labels: Record<string, string>;
  startedAt: number;
}

export interface AlertEpisodesRepo {
  /**
   * Records what Alertmanager holds now in one transaction: each firing alert's episode is opened
   * or its last-seen time moved on; every open episode of the environment not in `firing` is
   * resolved at `now`. Returns the episodes opened and resolved by this call.
   */
  observe(environment: string, firing: readonly FiringAlert[], now: number): { opened: AlertEpisode[]; resolved: AlertEpisode[] };
  /** Episodes that overlap [from, to], newest first; one service's when given. */
  history(query: { environment: string; service?: string | undefined; from: number; to: number; limit: number }): AlertEpisode[];
  open(environment: string): AlertEpisode[];
}

interface EpisodeRow {
  id: number;
  environment: string;
  fingerprint: string;
  name: string;
  service: string | null;
  severity: string | null;
  summary: string | null;
  labels: string;
  started_at: number;
  last_seen_at: number;
  resolved_at: number | null;
}

const COLUMNS = 'id, environment, fingerprint, name, service, severity, summary, labels, started_at, last_seen_at, resolved_at';

export function createAlertEpisodesRepo(db: WritableDb): AlertEpisodesRepo {
  const selectOpen = db.prepare<[string], EpisodeRow>(`SELECT ${COLUMNS} FROM alert_episodes WHERE environment = ? AND resolved_at IS NULL`);
  const insert = db.prepare<[string, string, string, string | null, string | null, string | null, string, number, number], EpisodeRow>(
    `INSERT INTO alert_episodes (environment, fingerprint, name, service, severity, summary, labels, started_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (environment, fingerprint, started_at) DO NOTHING
     RETURNING ${COLUMNS}`,
  );
  const touch = db.prepare<[number, number], never>('UPDATE alert_episodes SET last_seen_at = max(last_seen_at, ?) WHERE id = ?');
  const resolve = db.prepare<[number, number], EpisodeRow>(`UPDATE alert_episodes SET resolved_at = max(?, started_at) WHERE id = ? RETURNING ${COLUMNS}`);
  const reopen = db.prepare<[number, number], never>('UPDATE alert_episodes SET resolved_at = NULL, last_seen_at = max(last_seen_at, ?) WHERE id = ?');
  const findEpisode = db.prepare<[string, string, number], EpisodeRow>(
    `SELECT ${COLUMNS} FROM alert_episodes WHERE environment = ? AND fingerprint = ? AND started_at = ?`,
  );
  const selectHistory = db.prepare<[string, number, number, number, number], EpisodeRow>(
    `SELECT ${COLUMNS} FROM alert_episodes
     WHERE environment = ? AND started_at <= ? AND coalesce(resolved_at, ?) >= ?
     ORDER BY started_at DESC, id DESC LIMIT ?`,
  );
  const selectServiceHistory = db.prepare<[string, string, number, number, number, number], EpisodeRow>(
    `SELECT ${COLUMNS} FROM alert_episodes
     WHERE environment = ? AND service = ? AND started_at <= ? AND coalesce(resolved_at, ?) >= ?
     ORDER BY started_at DESC, id DESC LIMIT ?`,
  );

  const observe = db.transaction((environment: string, firing: readonly FiringAlert[], now: number) => {
    const opened: AlertEpisode[] = [];
    const resolved: AlertEpisode[] = [];
    const seen = new Set<number>();
    for (const alert of firing) {
      const row = insert.get(environment, alert.fingerprint, alert.name, alert.service, alert.severity, alert.summary, JSON.stringify(alert.labels), alert.startedAt, now);
      if (row) {
        opened.push(toEpisode(row));
        seen.add(row.id);
        continue;
      }
      const existing = findEpisode.get(environment, alert.fingerprint, alert.startedAt);
      if (!existing) continue;
      seen.add(existing.id);
      // Resolved earlier (e.g. while Alertmanager briefly lost it) and firing again with the same start: reopen it.
      if (existing.resolved_at !== null) reopen.run(now, existing.id);
      else touch.run(now, existing.id);
    }
    for (const row of selectOpen.all(environment)) {
      if (seen.has(row.id)) continue;
      const done = resolve.get(now, row.id);
      if (done) resolved.push(toEpisode(done));
    }
    return { opened, resolved };
  });

  return {
    observe: (environment, firing, now) => observe(environment, firing, now),
    history({ environment, service, from, to, limit }) {
      const rows = service === undefined ? selectHistory.all(environment, to, to, from, limit) : selectServiceHistory.all(environment, service, to, to, from, limit);
      return rows.map(toEpisode);
    },
    open: (environment) => selectOpen.all(environment).map(toEpisode),
  };
}

function toEpisode(row: EpisodeRow): AlertEpisode {
  return {
    id: row.id,
    environment: row.environment,
    fingerprint: row.fingerprint,
    name: row.name,
    service: row.service,
    severity: row.severity,
    summary: row.summary,
    labels: parseLabels(row.labels),
    startedAt: row.started_at,
    lastSeenAt: row.last_seen_at,
    resolvedAt: row.resolved_at,
  };
}

function parseLabels(json: string): Record<string, string> {
  const value: unknown = JSON.parse(json);
  const labels: Record<string, string> = {};
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (typeof v === 'string') labels[k] = v;
  return labels;
}
