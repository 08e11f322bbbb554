/** Ticks and unticks of runbook steps: every change is kept, the checklist is the latest of each step. */
import type { WritableDb } from '../db.js';

/** One tick (done) or untick of a step, by whom and when; runId when the step ran an action. */
export interface RunbookStepMark {
  runbookId: string;
  /** Index of the step in the runbook, from 0. */
  step: number;
  done: boolean;
  by: string;
  at: number;
  runId: number | null;
}

export interface RunbookProgressRepo {
  record(mark: Omit<RunbookStepMark, 'runId'> & { runId?: number | null | undefined }): void;
  /** The latest mark of every step that has one, by step; steps never touched are absent. */
  state(runbookId: string): RunbookStepMark[];
  /** Every mark of the runbook in the order they were made. */
  history(runbookId: string): RunbookStepMark[];
}

interface MarkRow {
  runbook_id: string;
  step: number;
  done: number;
  actor: string;
  at: number;
  run_id: number | null;
}

const COLUMNS = 'runbook_id, step, done, actor, at, run_id';

/** Queries whose plans tests check. */
export const HOT_QUERIES = {
  // SQLite takes the bare columns of a max() aggregate from the row holding the max: the newest
  // mark of each step, read in index order.
  state: `SELECT ${COLUMNS}, max(id) AS id FROM runbook_progress WHERE runbook_id = ? GROUP BY step ORDER BY step`,
  history: `SELECT ${COLUMNS} FROM runbook_progress WHERE runbook_id = ? ORDER BY id`,
} as const;

function toMark(row: MarkRow): RunbookStepMark {
  return { runbookId: row.runbook_id, step: row.step, done: row.done === 1, by: row.actor, at: row.at, runId: row.run_id };
}

export function createRunbookProgressRepo(db: WritableDb): RunbookProgressRepo {
  const insert = db.prepare<[string, number, number, string, number, number | null], never>(
    'INSERT INTO runbook_progress (runbook_id, step, done, actor, at, run_id) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const state = db.prepare<[string], MarkRow>(HOT_QUERIES.state);
  const history = db.prepare<[string], MarkRow>(HOT_QUERIES.history);
  return {
    record({ runbookId, step, done, by, at, runId }) {
      insert.run(runbookId, step, done ? 1 : 0, by, at, runId ?? null);
    },
    state(runbookId) {
      return state.all(runbookId).map(toMark);
    },
    history(runbookId) {
      return history.all(runbookId).map(toMark);
    },
  };
}
