/**
 * The risk register's rows (migration 0105): each risk as it stands and its append-only change
 * history, which also answers "which risks were open and rated high at t".
 */
import { z } from 'zod';
import { RiskLevelSchema, RiskStatusSchema, riskRating } from '../../../../shared/domain/plan.js';
import type { Risk, RiskChange, RiskLevel, RiskNotice, RiskStatus } from '../../../../shared/domain/plan.js';
import type { WritableDb } from '../db.js';

export interface RiskFields {
  title: string;
  likelihood: RiskLevel;
  impact: RiskLevel;
  mitigation: string;
  owner: string | null;
  status: RiskStatus;
}

export interface RiskChangeMeta {
  at: number;
  by: string;
  source: 'import' | 'operator';
  changes: Record<string, [string | null, string | null]>;
  note: string | null;
}

export interface RisksRepo {
  list(): Risk[];
  get(id: number): Risk | null;
  byTitle(title: string): Risk | null;
  /** Inserts a risk and its first change, in one transaction. */
  add(fields: RiskFields, meta: RiskChangeMeta): Risk;
  /** Rewrites a risk and appends the change, in one transaction. */
  update(id: number, fields: RiskFields, meta: RiskChangeMeta): Risk;
  history(id: number): RiskChange[];
  /** Risks whose newest change by t left them open and rated high. */
  openHighAt(t: number): RiskNotice[];
}

/** Titles match case- and space-insensitively. */
export const titleKey = (title: string) => title.replace(/\s+/g, ' ').trim().toLowerCase();

interface RiskRow {
  id: number;
  title: string;
  likelihood: string;
  impact: string;
  mitigation: string;
  owner: string | null;
  status: string;
  created_at: number;
  updated_at: number;
}

const Changes = z.record(z.string(), z.tuple([z.string().nullable(), z.string().nullable()]));

function toRisk(row: RiskRow): Risk {
  const likelihood = RiskLevelSchema.parse(row.likelihood);
  const impact = RiskLevelSchema.parse(row.impact);
  return {
    id: row.id,
    title: row.title,
    likelihood,
    impact,
    rating: riskRating(likelihood, impact),
    mitigation: row.mitigation,
    owner: row.owner,
    status: RiskStatusSchema.parse(row.status),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createRisksRepo(db: WritableDb): RisksRepo {
  const list = db.prepare<[], RiskRow>('SELECT * FROM risks ORDER BY id');
  const get = db.prepare<[number], RiskRow>('SELECT * FROM risks WHERE id = ?');
  const byTitle = db.prepare<[string], RiskRow>('SELECT * FROM risks WHERE title_key = ?');
  const insert = db.prepare<[string, string, string, string, string, string | null, string, number, number], RiskRow>(
    'INSERT INTO risks (title_key, title, likelihood, impact, mitigation, owner, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
  );
  const update = db.prepare<[string, string, string, string, string, string | null, string, number, number], RiskRow>(
    'UPDATE risks SET title_key = ?, title = ?, likelihood = ?, impact = ?, mitigation = ?, owner = ?, status = ?, updated_at = ? WHERE id = ? RETURNING *',
  );
  const addChange = db.prepare<[number, number, string, string, string, string | null, string, string, string, string | null, string]>(
    'INSERT INTO risk_changes (risk_id, at, actor, source, changes, note, title, likelihood, impact, owner, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const history = db.prepare<[number], { at: number; actor: string; source: string; changes: string; note: string | null }>(
    'SELECT at, actor, source, changes, note FROM risk_changes WHERE risk_id = ? ORDER BY id',
  );
  const stateAt = db.prepare<{ t: number }, { risk_id: number; title: string; likelihood: string; impact: string; owner: string | null; status: string }>(`
    SELECT c.risk_id, c.title, c.likelihood, c.impact, c.owner, c.status FROM risk_changes c
    WHERE c.id = (SELECT id FROM risk_changes WHERE risk_id = c.risk_id AND at <= @t ORDER BY at DESC, id DESC LIMIT 1)
    ORDER BY c.risk_id`);

  const record = (id: number, fields: RiskFields, meta: RiskChangeMeta) =>
    addChange.run(id, meta.at, meta.by, meta.source, JSON.stringify(meta.changes), meta.note, fields.title, fields.likelihood, fields.impact, fields.owner, fields.status);

  const addTx = db.transaction((fields: RiskFields, meta: RiskChangeMeta) => {
    const row = insert.get(titleKey(fields.title), fields.title, fields.likelihood, fields.impact, fields.mitigation, fields.owner, fields.status, meta.at, meta.at)!;
    record(row.id, fields, meta);
    return toRisk(row);
  });
  const updateTx = db.transaction((id: number, fields: RiskFields, meta: RiskChangeMeta) => {
    const row = update.get(titleKey(fields.title), fields.title, fields.likelihood, fields.impact, fields.mitigation, fields.owner, fields.status, meta.at, id)!;
    record(id, fields, meta);
    return toRisk(row);
  });

  return {
    list: () => list.all().map(toRisk),
    get(id) {
      const row = get.get(id);
      return row ? toRisk(row) : null;
    },
    byTitle(title) {
      const row = byTitle.get(titleKey(title));
      return row ? toRisk(row) : null;
    },
    add: (fields, meta) => addTx(fields, meta),
    update: (id, fields, meta) => updateTx(id, fields, meta),
    history(id) {
      return history.all(id).map((row) => ({
        at: row.at,
        by: row.actor,
        source: row.source === 'import' ? 'import' : 'operator',
        changes: Changes.parse(JSON.parse(row.changes)),
        note: row.note,
      }));
    },
    openHighAt(t) {
      return stateAt.all({ t }).flatMap((row) => {
        const likelihood = RiskLevelSchema.parse(row.likelihood);
        const impact = RiskLevelSchema.parse(row.impact);
        if (row.status !== 'open' || riskRating(likelihood, impact) !== 'high') return [];
        return [{ riskId: row.risk_id, title: row.title, likelihood, impact, owner: row.owner }];
      });
    },
  };
}
