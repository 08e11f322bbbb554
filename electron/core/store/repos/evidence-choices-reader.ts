/**
 * What a done plan task may point at as its evidence (issue 11): the newest load runs, action
 * runs and drill runs of the environment, scans and board sign-offs, each with a line that names
 * it. Read-only; `exists` checks a link before it is stored, so a task never points at nothing.
 */
import type { EvidenceChoice, TaskEvidence } from '../../../../shared/domain/plan.js';
import type { ReadableDb } from '../db.js';

/** Queries whose plans tests check (each reads the newest rows through an index or the primary key). */
export const EVIDENCE_CHOICE_QUERIES = {
  loadRuns: `SELECT id, profile, state, actor, started_at AS at FROM load_runs
    WHERE environment = ? ORDER BY started_at DESC, id DESC LIMIT ?`,
  actionRuns: `SELECT id, action_id, state, actor, dry_run, requested_at AS at FROM action_runs
    WHERE environment = ? ORDER BY requested_at DESC, id DESC LIMIT ?`,
  drillRuns: `SELECT id, label, state, actor, started_at AS at FROM drill_runs
    WHERE environment = ? ORDER BY started_at DESC, id DESC LIMIT ?`,
  scans: `SELECT id, scope, status, actor, finished_at AS at, total_count FROM security_scans
    ORDER BY finished_at DESC, id DESC LIMIT ?`,
  signoffs: `SELECT id, criterion_id, actor, role, at FROM board_signoffs ORDER BY at DESC, id DESC LIMIT ?`,
} as const;

export interface EvidenceChoicesReader {
  /** Up to `limit` of each kind, newest first, kinds in a fixed order. */
  recent(environment: string, limit: number): EvidenceChoice[];
  /** Whether the link names a stored run, scan or sign-off (of the environment, for runs). */
  exists(evidence: TaskEvidence, environment: string): boolean;
}

const TABLE: Record<TaskEvidence['kind'], { table: string; byEnvironment: boolean }> = {
  'load-run': { table: 'load_runs', byEnvironment: true },
  'action-run': { table: 'action_runs', byEnvironment: true },
  'drill-run': { table: 'drill_runs', byEnvironment: true },
  scan: { table: 'security_scans', byEnvironment: false },
  signoff: { table: 'board_signoffs', byEnvironment: false },
};

export function createEvidenceChoicesReader(db: ReadableDb): EvidenceChoicesReader {
  type Base = { id: number; state: string; actor: string; at: number };
  const loadRuns = db.prepare<[string, number], Base & { profile: string }>(EVIDENCE_CHOICE_QUERIES.loadRuns);
  const actionRuns = db.prepare<[string, number], Base & { action_id: string; dry_run: number }>(EVIDENCE_CHOICE_QUERIES.actionRuns);
  const drillRuns = db.prepare<[string, number], Base & { label: string }>(EVIDENCE_CHOICE_QUERIES.drillRuns);
  const scans = db.prepare<[number], { id: number; scope: string; status: string; actor: string; at: number; total_count: number }>(EVIDENCE_CHOICE_QUERIES.scans);
  const signoffs = db.prepare<[number], { id: number; criterion_id: string; actor: string; role: string | null; at: number }>(EVIDENCE_CHOICE_QUERIES.signoffs);
  const lookups = Object.fromEntries(
    Object.entries(TABLE).map(([kind, { table, byEnvironment }]) => {
      const lookup = db.prepare<[number, string], { found: number }>(`SELECT 1 AS found FROM ${table} WHERE id = ?${byEnvironment ? ' AND environment = ?' : ' AND ? IS NOT NULL'}`);
      return [kind, (id: number, environment: string) => lookup.get(id, environment) !== undefined];
    }),
  ) as Record<TaskEvidence['kind'], (id: number, environment: string) => boolean>;

  return {
    recent(environment, limit) {
      return [
        ...loadRuns.all(environment, limit).map((r) => ({ kind: 'load-run' as const, id: String(r.id), label: `load run #${r.id} · ${r.profile} · ${r.state}`, at: r.at, by: r.actor })),
        ...actionRuns.all(environment, limit).map((r) => ({
          kind: 'action-run' as const,
          id: String(r.id),
          label: `action run #${r.id} · ${r.action_id}${r.dry_run === 1 ? ' (dry run)' : ''} · ${r.state}`,
          at: r.at,
          by: r.actor,
        })),
        ...drillRuns.all(environment, limit).map((r) => ({ kind: 'drill-run' as const, id: String(r.id), label: `drill run #${r.id} · ${r.label} · ${r.state}`, at: r.at, by: r.actor })),
        ...scans.all(limit).map((r) => ({
          kind: 'scan' as const,
          id: String(r.id),
          label: `scan #${r.id} · ${r.scope} · ${r.status === 'ok' ? `${r.total_count} findings` : 'failed'}`,
          at: r.at,
          by: r.actor,
        })),
        ...signoffs.all(limit).map((r) => ({ kind: 'signoff' as const, id: String(r.id), label: `sign-off #${r.id} · ${r.criterion_id}${r.role ? ` (${r.role})` : ''}`, at: r.at, by: r.actor })),
      ];
    },
    exists(evidence, environment) {
      const id = Number(evidence.id);
      if (!Number.isSafeInteger(id) || id <= 0 || String(id) !== evidence.id) return false;
      return lookups[evidence.kind](id, environment);
    },
  };
}
