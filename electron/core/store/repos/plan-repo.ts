/**
 * The launch plan's rows (migration 0100): imports (with their Markdown), tasks by key with their
 * current state, and the append-only history of task states, read "as of t" by the board.
 */
import { z } from 'zod';
import { PlanCommandSchema, PlanSectionSchema, TaskEvidenceSchema, TaskStateSchema } from '../../../../shared/domain/plan.js';
import type { PlanCommand, PlanSection, TaskEvidence, TaskHistoryEntry, TaskState } from '../../../../shared/domain/plan.js';
import type { WritableDb } from '../db.js';

export interface StoredImport {
  id: number;
  at: number;
  by: string;
  fileName: string;
  sha256: string;
  sections: PlanSection[];
}

/** A task as stored: what the file says of it, and its state. */
export interface StoredTask {
  key: string;
  path: string[];
  text: string;
  parentKey: string | null;
  depth: number;
  position: number;
  owners: string[];
  criterionId: string | null;
  deliverable: string | null;
  notes: string[];
  commands: PlanCommand[];
  day: string | null;
  state: TaskState;
  stateBy: string | null;
  stateAt: number | null;
  reason: string | null;
  evidence: TaskEvidence | null;
  addedAt: number;
  removedAt: number | null;
}

/** The fields an import writes (everything but the state). */
export type TaskContent = Omit<StoredTask, 'state' | 'stateBy' | 'stateAt' | 'reason' | 'evidence' | 'addedAt' | 'removedAt'>;

export interface NewTaskState {
  state: TaskState;
  by: string;
  at: number;
  reason: string | null;
  evidence: TaskEvidence | null;
  source: 'import' | 'operator';
}

export interface LinkedTaskAt {
  key: string;
  text: string;
  done: boolean;
  by: string | null;
  at: number | null;
  /** The run, scan or sign-off its state change at `at` pointed at. */
  evidence: TaskEvidence | null;
}

export interface PlanRepo {
  addImport(row: { at: number; by: string; fileName: string; sha256: string; source: string; sections: PlanSection[]; result: unknown }): number;
  latestImport(): StoredImport | null;
  /** Every task ever imported, removed ones too, in plan order. */
  allTasks(): StoredTask[];
  /** Tasks in the plan now (not removed), in plan order. */
  currentTasks(): StoredTask[];
  task(key: string): StoredTask | null;
  /**
   * Inserts a new task (state open) or rewrites an existing one's content, clearing removed_at; a
   * link to a criterion that differs from the stored one goes into the link history (by the importer).
   */
  writeContent(task: TaskContent, importId: number, at: number, by: string): void;
  markRemoved(key: string, at: number): void;
  /** Sets the state and appends it to the task's history, in one transaction. */
  setState(key: string, change: NewTaskState): void;
  /** Links the task to a criterion (null: unlinks it) from `at` on, kept in the link history. */
  setCriterion(key: string, criterionId: string | null, by: string, at: number): void;
  history(key: string): TaskHistoryEntry[];
  /** Tasks linked to a criterion that were in the plan at t, with whether each stood done at t. */
  linkedTasksAt(criterionId: string, t: number): LinkedTaskAt[];
  /** The tasks of a day (YYYY-MM-DD) that were in the plan at t, each with its state then. */
  dayTasksAt(day: string, t: number): DayTaskAt[];
  /** Whether any plan had been imported by t. */
  importedBy(t: number): boolean;
  /** Runs the work in one transaction. */
  transaction<T>(work: () => T): T;
}

/** A task of a day as it stood at a moment (for the end-of-day report). */
export interface DayTaskAt {
  text: string;
  owners: string[];
  state: 'open' | 'done' | 'blocked';
  reason: string | null;
}

interface TaskRow {
  key: string;
  path: string;
  text: string;
  parent_key: string | null;
  depth: number;
  position: number;
  owners: string;
  criterion_id: string | null;
  deliverable: string | null;
  notes: string;
  commands: string;
  day: string | null;
  state: string;
  state_by: string | null;
  state_at: number | null;
  reason: string | null;
  evidence: string | null;
  added_at: number;
  removed_at: number | null;
}

const Strings = z.array(z.string());
const Commands = z.array(PlanCommandSchema);
const Sections = z.array(PlanSectionSchema);

function json<T>(schema: z.ZodType<T>, text: string): T {
  return schema.parse(JSON.parse(text));
}

function toTask(row: TaskRow): StoredTask {
  return {
    key: row.key,
    path: json(Strings, row.path),
    text: row.text,
    parentKey: row.parent_key,
    depth: row.depth,
    position: row.position,
    owners: json(Strings, row.owners),
    criterionId: row.criterion_id,
    deliverable: row.deliverable,
    notes: json(Strings, row.notes),
    commands: json(Commands, row.commands),
    day: row.day,
    state: TaskStateSchema.parse(row.state),
    stateBy: row.state_by,
    stateAt: row.state_at,
    reason: row.reason,
    evidence: row.evidence === null ? null : json(TaskEvidenceSchema, row.evidence),
    addedAt: row.added_at,
    removedAt: row.removed_at,
  };
}

export function createPlanRepo(db: WritableDb): PlanRepo {
  const insertImport = db.prepare<[number, string, string, string, string, string, string], { id: number }>(
    'INSERT INTO plan_imports (at, actor, file_name, sha256, source, sections, result) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
  );
  const latestImport = db.prepare<[], { id: number; at: number; actor: string; file_name: string; sha256: string; sections: string }>(
    'SELECT id, at, actor, file_name, sha256, sections FROM plan_imports ORDER BY id DESC LIMIT 1',
  );
  const allTasks = db.prepare<[], TaskRow>('SELECT * FROM plan_tasks ORDER BY removed_at IS NOT NULL, position');
  const currentTasks = db.prepare<[], TaskRow>('SELECT * FROM plan_tasks WHERE removed_at IS NULL ORDER BY position');
  const task = db.prepare<[string], TaskRow>('SELECT * FROM plan_tasks WHERE key = ?');
  const upsert = db.prepare(`
    INSERT INTO plan_tasks (key, path, text, parent_key, depth, position, owners, criterion_id, deliverable, notes, commands, day,
                            state, first_import_id, last_import_id, added_at)
    VALUES (@key, @path, @text, @parentKey, @depth, @position, @owners, @criterionId, @deliverable, @notes, @commands, @day,
            'open', @importId, @importId, @at)
    ON CONFLICT (key) DO UPDATE SET path = excluded.path, text = excluded.text, parent_key = excluded.parent_key, depth = excluded.depth,
      position = excluded.position, owners = excluded.owners, criterion_id = excluded.criterion_id, deliverable = excluded.deliverable,
      notes = excluded.notes, commands = excluded.commands, day = excluded.day, last_import_id = excluded.last_import_id,
      added_at = CASE WHEN plan_tasks.removed_at IS NULL THEN plan_tasks.added_at ELSE excluded.added_at END, removed_at = NULL`);
  const markRemoved = db.prepare<[number, string]>('UPDATE plan_tasks SET removed_at = ? WHERE key = ? AND removed_at IS NULL');
  const setState = db.prepare<[string, string, number, string | null, string | null, string]>(
    'UPDATE plan_tasks SET state = ?, state_by = ?, state_at = ?, reason = ?, evidence = ? WHERE key = ?',
  );
  const addEvent = db.prepare<[string, number, string, string, string | null, string | null, string]>(
    'INSERT INTO plan_task_events (task_key, at, actor, state, reason, evidence, source) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const setCriterion = db.prepare<[string | null, string]>('UPDATE plan_tasks SET criterion_id = ? WHERE key = ?');
  const addLink = db.prepare<[string, number, string, string | null, string]>('INSERT INTO plan_task_links (task_key, at, actor, criterion_id, source) VALUES (?, ?, ?, ?, ?)');
  const criterionOf = db.prepare<[string], { criterion_id: string | null }>('SELECT criterion_id FROM plan_tasks WHERE key = ?');
  const history = db.prepare<[string], { at: number; actor: string; state: string; reason: string | null; evidence: string | null; source: string }>(
    'SELECT at, actor, state, reason, evidence, source FROM plan_task_events WHERE task_key = ? ORDER BY id',
  );
  // Linked to the criterion at t (its newest link by t names it), in the plan at t (added by t, not
  // removed by t), and its newest state change by t.
  const linkedAt = db.prepare<{ criterion: string; t: number }, { key: string; text: string; state: string | null; actor: string | null; at: number | null; evidence: string | null }>(`
    SELECT t.key, t.text, e.state, e.actor, e.at, e.evidence
    FROM plan_tasks t
    LEFT JOIN plan_task_events e ON e.id = (
      SELECT id FROM plan_task_events WHERE task_key = t.key AND at <= @t ORDER BY at DESC, id DESC LIMIT 1)
    WHERE t.key IN (SELECT task_key FROM plan_task_links WHERE criterion_id = @criterion AND at <= @t)
      AND (SELECT criterion_id FROM plan_task_links WHERE task_key = t.key AND at <= @t ORDER BY at DESC, id DESC LIMIT 1) = @criterion
      AND t.added_at <= @t AND (t.removed_at IS NULL OR t.removed_at > @t)
    ORDER BY t.position`);

  const dayAt = db.prepare<{ day: string; t: number }, { text: string; owners: string; state: string | null; reason: string | null }>(`
    SELECT t.text, t.owners, e.state, e.reason
    FROM plan_tasks t
    LEFT JOIN plan_task_events e ON e.id = (
      SELECT id FROM plan_task_events WHERE task_key = t.key AND at <= @t ORDER BY at DESC, id DESC LIMIT 1)
    WHERE t.day = @day AND t.added_at <= @t AND (t.removed_at IS NULL OR t.removed_at > @t)
    ORDER BY t.position`);
  const importedBy = db.prepare<{ t: number }, { found: number }>('SELECT 1 AS found FROM plan_imports WHERE at <= @t LIMIT 1');

  const writeContentTx = db.transaction((content: TaskContent, importId: number, at: number, by: string) => {
    const before = criterionOf.get(content.key)?.criterion_id ?? null;
    upsert.run({
      key: content.key,
      path: JSON.stringify(content.path),
      text: content.text,
      parentKey: content.parentKey,
      depth: content.depth,
      position: content.position,
      owners: JSON.stringify(content.owners),
      criterionId: content.criterionId,
      deliverable: content.deliverable,
      notes: JSON.stringify(content.notes),
      commands: JSON.stringify(content.commands),
      day: content.day,
      importId,
      at,
    });
    if (before !== content.criterionId) addLink.run(content.key, at, by, content.criterionId, 'import');
  });
  const setCriterionTx = db.transaction((key: string, criterionId: string | null, by: string, at: number) => {
    setCriterion.run(criterionId, key);
    addLink.run(key, at, by, criterionId, 'operator');
  });
  const setStateTx = db.transaction((key: string, change: NewTaskState) => {
    const evidence = change.evidence ? JSON.stringify(change.evidence) : null;
    setState.run(change.state, change.by, change.at, change.reason, evidence, key);
    addEvent.run(key, change.at, change.by, change.state, change.reason, evidence, change.source);
  });

  return {
    addImport(row) {
      return insertImport.get(row.at, row.by, row.fileName, row.sha256, row.source, JSON.stringify(row.sections), JSON.stringify(row.result))!.id;
    },
    latestImport() {
      const row = latestImport.get();
      return row ? { id: row.id, at: row.at, by: row.actor, fileName: row.file_name, sha256: row.sha256, sections: json(Sections, row.sections) } : null;
    },
    allTasks: () => allTasks.all().map(toTask),
    currentTasks: () => currentTasks.all().map(toTask),
    task(key) {
      const row = task.get(key);
      return row ? toTask(row) : null;
    },
    writeContent(content, importId, at, by) {
      writeContentTx(content, importId, at, by);
    },
    markRemoved(key, at) {
      markRemoved.run(at, key);
    },
    setState(key, change) {
      setStateTx(key, change);
    },
    setCriterion(key, criterionId, by, at) {
      setCriterionTx(key, criterionId, by, at);
    },
    history(key) {
      return history.all(key).map((row) => ({
        at: row.at,
        by: row.actor,
        state: TaskStateSchema.parse(row.state),
        reason: row.reason,
        evidence: row.evidence === null ? null : json(TaskEvidenceSchema, row.evidence),
        source: row.source === 'import' ? 'import' : 'operator',
      }));
    },
    linkedTasksAt(criterionId, t) {
      return linkedAt.all({ criterion: criterionId, t }).map((row) => ({
        key: row.key,
        text: row.text,
        done: row.state === 'done',
        by: row.actor,
        at: row.at,
        evidence: row.evidence === null ? null : json(TaskEvidenceSchema, row.evidence),
      }));
    },
    dayTasksAt(day, t) {
      return dayAt.all({ day, t }).map((row) => ({
        text: row.text,
        owners: json(Strings, row.owners),
        // A task with no event by t was imported open (an import records its ticked boxes as events).
        state: row.state === 'done' || row.state === 'blocked' ? row.state : 'open',
        reason: row.reason,
      }));
    },
    importedBy(t) {
      return importedBy.get({ t }) !== undefined;
    },
    transaction(work) {
      return db.transaction(work)();
    },
  };
}
