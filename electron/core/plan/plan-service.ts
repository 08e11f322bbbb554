/**
 * The launch plan: imports a Markdown plan (parse-plan.ts), keeps its tasks by key so ticks survive
 * a re-import, records every task state change (who, when, why, evidence) and audits it, and
 * answers the plan, its status and the small readers others use (the day's tasks, the blockers;
 * the board's "tasks linked to a criterion, done as of t").
 */
import type {
  EvidenceChoice,
  Plan,
  PlanImportResult,
  PlanStatus,
  PlanTask,
  Progress,
  SetTaskInput,
  TaskHistoryEntry,
} from '../../../shared/domain/plan.js';
import { DELIVERABLES_TITLE, dayLevel } from '../../../shared/domain/plan.js';
import type { WarroomConfig } from '../../../shared/domain/config.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { EventBus } from '../bus.js';
import type { Clock } from '../clock.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import type { EvidenceChoicesReader } from '../store/repos/evidence-choices-reader.js';
import type { LinkedTaskAt, PlanRepo, StoredTask, TaskContent } from '../store/repos/plan-repo.js';
import { matchCommand } from './match-actions.js';
import { PlanParseError, parsePlan, sha256 } from './parse-plan.js';
import type { RiskService } from './risk-service.js';

export interface PlanService {
  importPlan(input: { markdown: string; fileName: string; by: string }): PlanImportResult;
  get(): Plan;
  status(): PlanStatus;
  setTask(input: SetTaskInput): PlanTask;
  linkTask(input: { key: string; criterionId: string | null; by: string }): PlanTask;
  history(key: string): TaskHistoryEntry[];
  /** What a done task may point at: the newest runs of the environment, scans and sign-offs. */
  evidenceChoices(): EvidenceChoice[];
  /** The tasks of a day (YYYY-MM-DD), for the stand-up and the end-of-day report. */
  planTasksForDay(day: string): PlanTask[];
  /** Tasks blocked now, with their reasons. */
  blockers(): PlanTask[];
  /** Tasks linked to a criterion that were in the plan at t, and whether each stood done then. */
  linkedTasksAt(criterionId: string, asOf: number): LinkedTaskAt[];
}

export interface PlanServiceDeps {
  repo: PlanRepo;
  risks: RiskService;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
  config: WarroomConfig;
  /** The board's criteria: a task may link only to a manual one. */
  criteria: readonly { id: string; kind: 'automatic' | 'manual' }[];
  /** The stored runs, scans and sign-offs a done task may point at, and the environment whose runs count. */
  evidence: EvidenceChoicesReader;
  environment: string;
}

/** How many of each kind the evidence choices offer (newest first). */
const EVIDENCE_CHOICES_PER_KIND = 20;

/** YYYY-MM-DD of a moment in the core machine's local time. */
export function localDay(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function progressOf(tasks: readonly StoredTask[]): Progress {
  return { done: tasks.filter((t) => t.state === 'done').length, blocked: tasks.filter((t) => t.state === 'blocked').length, total: tasks.length };
}

function toView(task: StoredTask): PlanTask {
  return {
    key: task.key,
    path: task.path,
    text: task.text,
    parentKey: task.parentKey,
    depth: task.depth,
    position: task.position,
    owners: task.owners,
    criterionId: task.criterionId,
    deliverable: task.deliverable,
    notes: task.notes,
    commands: task.commands,
    day: task.day,
    state: task.state,
    stateBy: task.stateBy,
    stateAt: task.stateAt,
    reason: task.reason,
    evidence: task.evidence,
  };
}

const sameContent = (a: StoredTask, b: TaskContent) =>
  JSON.stringify([a.path, a.text, a.parentKey, a.owners, a.criterionId, a.deliverable, a.notes, a.commands, a.day]) ===
  JSON.stringify([b.path, b.text, b.parentKey, b.owners, b.criterionId, b.deliverable, b.notes, b.commands, b.day]);

export function createPlanService(deps: PlanServiceDeps): PlanService {
  const announce = () => deps.bus.emit('plan.changed', { what: 'plan', at: deps.clock.now() });

  function checkCriterion(criterionId: string, where: string): void {
    const found = deps.criteria.find((c) => c.id === criterionId);
    if (!found) throw new InvalidRequestError(`${where}: criterion "${criterionId}" is not on the board (known: ${deps.criteria.filter((c) => c.kind === 'manual').map((c) => c.id).join(', ') || 'none'})`);
    if (found.kind !== 'manual') throw new InvalidRequestError(`${where}: criterion "${criterionId}" is automatic: its evidence is stored by the app, a task cannot stand for it`);
  }

  function task(key: string): StoredTask {
    const found = deps.repo.task(key);
    if (!found || found.removedAt !== null) throw new NotFoundError(`no task "${key}" in the plan`);
    return found;
  }

  return {
    importPlan({ markdown, fileName, by }) {
      // Everything is read and checked before anything is written: a bad file changes nothing.
      let parsed;
      try {
        parsed = parsePlan(markdown, fileName);
      } catch (error) {
        if (error instanceof PlanParseError) throw new InvalidRequestError(error.message);
        throw error;
      }
      if (parsed.tasks.length === 0) throw new InvalidRequestError(`${fileName}: no tasks found (a task is a "- [ ]" or "- [x]" list item, or one starting with ✅ or ☐)`);
      for (const t of parsed.tasks) if (t.criterionId) checkCriterion(t.criterionId, `${fileName}:${t.line}`);

      const at = deps.clock.now();
      const stored = new Map(deps.repo.allTasks().map((t) => [t.key, t]));
      const result = deps.repo.transaction(() => {
        const sections = parsed.sections.map(({ path, title, level, day, blocks }) => ({ path, title, level, day, blocks }));
        const importId = deps.repo.addImport({ at, by, fileName, sha256: sha256(markdown), source: markdown, sections, result: {} });
        const added: string[] = [];
        const changed: string[] = [];
        let kept = 0;
        const seen = new Set<string>();
        for (const t of parsed.tasks) {
          seen.add(t.key);
          const content: TaskContent = {
            key: t.key,
            path: t.path,
            text: t.text,
            parentKey: t.parentKey,
            depth: t.depth,
            position: t.position,
            owners: t.owners,
            // A marker in the file links; without one, a link made in the app stays.
            criterionId: t.criterionId ?? stored.get(t.key)?.criterionId ?? null,
            deliverable: t.deliverable,
            notes: t.notes,
            commands: t.commands.map((line) => matchCommand(line, deps.config)),
            day: t.day,
          };
          const before = stored.get(t.key);
          if (!before || before.removedAt !== null) added.push(t.text);
          else if (!sameContent(before, content)) changed.push(t.text);
          deps.repo.writeContent(content, importId, at, by);
          const state = before && before.removedAt === null ? before.state : 'open';
          // A box ticked in the file ticks the task; a tick made in the app survives an unticked box.
          if (t.done && state !== 'done') deps.repo.setState(t.key, { state: 'done', by, at, reason: null, evidence: null, source: 'import' });
          else if (!t.done && state !== 'open') kept++;
        }
        const removed: string[] = [];
        for (const [key, before] of stored) {
          if (seen.has(key) || before.removedAt !== null) continue;
          deps.repo.markRemoved(key, at);
          removed.push(before.text);
        }
        const risks = deps.risks.importRows(parsed.risks, by, at);
        return { importId, added, removed, changed, kept, tasks: parsed.tasks.length, risks };
      });
      deps.audit.append({
        actor: by,
        event: 'plan_import',
        detail: { importId: result.importId, fileName, sha256: sha256(markdown), tasks: result.tasks, added: result.added.length, removed: result.removed.length, changed: result.changed.length },
      });
      deps.risks.announceImport(result.risks, by, fileName);
      announce();
      return result;
    },

    get() {
      const imported = deps.repo.latestImport();
      return {
        imported: imported && { id: imported.id, at: imported.at, by: imported.by, fileName: imported.fileName, sha256: imported.sha256 },
        today: localDay(deps.clock.now()),
        sections: imported?.sections ?? [],
        tasks: deps.repo.currentTasks().map(toView),
      };
    },

    status() {
      const imported = deps.repo.latestImport();
      const tasks = deps.repo.currentTasks();
      const sections = imported?.sections ?? [];
      const level = dayLevel(sections);
      const under = (path: readonly string[]) => tasks.filter((t) => path.every((title, i) => t.path[i] === title));
      const days = sections
        .filter((s) => s.level === level && !DELIVERABLES_TITLE.test(s.title))
        .map((s) => ({ title: s.title, day: s.day, progress: progressOf(under(s.path)) }))
        .filter((d) => d.progress.total > 0);
      const groups = [...new Set(tasks.flatMap((t) => (t.deliverable ? [t.deliverable] : [])))];
      return {
        imported: imported && { id: imported.id, at: imported.at, by: imported.by, fileName: imported.fileName, sha256: imported.sha256 },
        today: localDay(deps.clock.now()),
        total: progressOf(tasks),
        days,
        blockers: tasks.filter((t) => t.state === 'blocked').map((t) => ({ key: t.key, text: t.text, path: t.path, reason: t.reason, owners: t.owners })),
        deliverables: groups.map((group) => ({ group, progress: progressOf(tasks.filter((t) => t.deliverable === group)) })),
      };
    },

    setTask({ key, state, by, reason, evidence }) {
      const found = task(key);
      if (state === 'blocked' && !reason) throw new InvalidRequestError('a blocked task needs a reason');
      if (state !== 'done' && evidence) throw new InvalidRequestError('evidence goes with a done task');
      if (evidence && !deps.evidence.exists(evidence, deps.environment)) {
        throw new InvalidRequestError(`no ${evidence.kind} "${evidence.id}" is stored${evidence.kind.endsWith('-run') ? ` in ${deps.environment}` : ''}: a task's evidence must be a stored run, scan or sign-off`);
      }
      const why = state === 'blocked' ? (reason ?? null) : reason || null;
      const at = deps.clock.now();
      deps.repo.setState(key, { state, by, at, reason: why, evidence: evidence ?? null, source: 'operator' });
      deps.audit.append({ actor: by, event: 'plan_task', detail: { key, text: found.text, from: found.state, to: state, reason: why, evidence: evidence ?? null, criterionId: found.criterionId } });
      announce();
      return toView(task(key));
    },

    linkTask({ key, criterionId, by }) {
      const found = task(key);
      if (criterionId !== null) checkCriterion(criterionId, `task "${found.text}"`);
      if (found.criterionId === criterionId) return toView(found);
      deps.repo.setCriterion(key, criterionId, by, deps.clock.now());
      deps.audit.append({ actor: by, event: 'plan_task', detail: { key, text: found.text, criterionFrom: found.criterionId, criterionTo: criterionId } });
      announce();
      return toView(task(key));
    },

    history(key) {
      if (!deps.repo.task(key)) throw new NotFoundError(`no task "${key}" in the plan`);
      return deps.repo.history(key);
    },

    evidenceChoices: () => deps.evidence.recent(deps.environment, EVIDENCE_CHOICES_PER_KIND),

    planTasksForDay: (day) => deps.repo.currentTasks().filter((t) => t.day === day).map(toView),
    blockers: () => deps.repo.currentTasks().filter((t) => t.state === 'blocked').map(toView),
    linkedTasksAt: (criterionId, asOf) => deps.repo.linkedTasksAt(criterionId, asOf),
  };
}
