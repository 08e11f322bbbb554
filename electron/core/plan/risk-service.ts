/**
 * The risk register: risks with likelihood, impact, mitigation, owner and status, every change kept
 * (who, when, what, why) and audited. Risks come from the plan's risk table (matched by title) or
 * are added and changed in the app. The board reads the open high ones as of t (openHighAt).
 */
import type { Risk, RiskChange, RiskNotice, SetRiskInput } from '../../../shared/domain/plan.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { EventBus } from '../bus.js';
import type { Clock } from '../clock.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import type { RiskFields, RisksRepo } from '../store/repos/risks-repo.js';
import type { ParsedRisk } from './parse-plan.js';

export interface RiskService {
  list(): Risk[];
  history(id: number): RiskChange[];
  set(input: SetRiskInput): Risk;
  /**
   * The risk table of an imported plan: new titles are added (status open unless the table says),
   * known ones take the likelihood, impact, mitigation and owner the file states; the status is the
   * register's once a risk exists (changed in the app, like a tick). Call inside the import's
   * transaction; returns what to audit after it.
   */
  importRows(rows: readonly ParsedRisk[], by: string, at: number): { added: string[]; changed: string[] };
  openHighAt(asOf: number): RiskNotice[];
  /** Audits the changes an import made (outside its transaction) and tells the clients. */
  announceImport(result: { added: string[]; changed: string[] }, by: string, fileName: string): void;
}

export interface RiskServiceDeps {
  repo: RisksRepo;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
}

const FIELDS = ['title', 'likelihood', 'impact', 'mitigation', 'owner', 'status'] as const;

function diff(before: RiskFields | null, after: RiskFields): Record<string, [string | null, string | null]> {
  const changes: Record<string, [string | null, string | null]> = {};
  for (const field of FIELDS) {
    const was = before ? before[field] : null;
    if (was !== after[field]) changes[field] = [was, after[field]];
  }
  return changes;
}

const fieldsOf = (risk: Risk): RiskFields => ({
  title: risk.title,
  likelihood: risk.likelihood,
  impact: risk.impact,
  mitigation: risk.mitigation,
  owner: risk.owner,
  status: risk.status,
});

export function createRiskService(deps: RiskServiceDeps): RiskService {
  const announce = () => deps.bus.emit('plan.changed', { what: 'risks', at: deps.clock.now() });

  return {
    list: () => deps.repo.list(),
    history(id) {
      if (!deps.repo.get(id)) throw new NotFoundError(`no risk ${id}`);
      return deps.repo.history(id);
    },

    set(input) {
      const at = deps.clock.now();
      const note = input.note || null;
      let risk: Risk;
      let changes: Record<string, [string | null, string | null]>;
      if (input.id === undefined) {
        if (!input.title || !input.likelihood || !input.impact) throw new InvalidRequestError('a new risk needs a title, a likelihood and an impact');
        if (deps.repo.byTitle(input.title)) throw new InvalidRequestError(`a risk "${input.title}" is already in the register`);
        const fields: RiskFields = {
          title: input.title,
          likelihood: input.likelihood,
          impact: input.impact,
          mitigation: input.mitigation ?? '',
          owner: input.owner || null,
          status: input.status ?? 'open',
        };
        changes = diff(null, fields);
        risk = deps.repo.add(fields, { at, by: input.by, source: 'operator', changes, note });
      } else {
        const found = deps.repo.get(input.id);
        if (!found) throw new NotFoundError(`no risk ${input.id}`);
        const before = fieldsOf(found);
        const after: RiskFields = {
          title: input.title ?? before.title,
          likelihood: input.likelihood ?? before.likelihood,
          impact: input.impact ?? before.impact,
          mitigation: input.mitigation ?? before.mitigation,
          owner: input.owner === undefined ? before.owner : input.owner || null,
          status: input.status ?? before.status,
        };
        changes = diff(before, after);
        if (Object.keys(changes).length === 0 && !note) return found;
        const other = after.title !== before.title ? deps.repo.byTitle(after.title) : null;
        if (other && other.id !== found.id) throw new InvalidRequestError(`a risk "${after.title}" is already in the register (risk ${other.id})`);
        risk = deps.repo.update(found.id, after, { at, by: input.by, source: 'operator', changes, note });
      }
      deps.audit.append({ actor: input.by, event: 'risk_changed', detail: { riskId: risk.id, title: risk.title, changes, note } });
      announce();
      return risk;
    },

    importRows(rows, by, at) {
      const added: string[] = [];
      const changed: string[] = [];
      for (const row of rows) {
        const found = deps.repo.byTitle(row.title);
        const meta = { at, by, source: 'import' as const, note: null };
        if (!found) {
          const fields: RiskFields = { title: row.title, likelihood: row.likelihood, impact: row.impact, mitigation: row.mitigation, owner: row.owner, status: row.status ?? 'open' };
          deps.repo.add(fields, { ...meta, changes: diff(null, fields) });
          added.push(row.title);
          continue;
        }
        const before = fieldsOf(found);
        const after: RiskFields = { ...before, title: row.title, likelihood: row.likelihood, impact: row.impact, mitigation: row.mitigation, owner: row.owner ?? before.owner };
        const changes = diff(before, after);
        if (Object.keys(changes).length === 0) continue;
        deps.repo.update(found.id, after, { ...meta, changes });
        changed.push(row.title);
      }
      return { added, changed };
    },

    announceImport(result, by, fileName) {
      if (result.added.length === 0 && result.changed.length === 0) return;
      deps.audit.append({ actor: by, event: 'risk_changed', detail: { source: fileName, added: result.added, changed: result.changed } });
      announce();
    },

    openHighAt: (asOf) => deps.repo.openHighAt(asOf),
  };
}
