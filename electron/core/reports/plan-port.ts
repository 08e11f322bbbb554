/**
 * What the end-of-day report reads of the launch plan (issue 11's plan import): the tasks of a day
 * by state, as they stood at a moment. Before any plan was imported the port answers null, and the
 * report says "no plan imported" instead of listing tasks.
 */
import type { PlanTask } from '../../../shared/domain/reports.js';
import type { PlanRepo } from '../store/repos/plan-repo.js';

export interface PlanDay {
  done: PlanTask[];
  open: PlanTask[];
  blocked: PlanTask[];
}

export interface PlanReader {
  /** The plan's tasks for a day (YYYY-MM-DD) as they stood at `asOf`; null when no plan is imported. */
  tasksForDay(day: string, asOf: number): PlanDay | null;
}

export const noPlanImported: PlanReader = { tasksForDay: () => null };

/** The report's view of the stored plan: a day's tasks and their states at `asOf`, from the task history. */
export function planReaderOf(repo: Pick<PlanRepo, 'dayTasksAt' | 'importedBy'>): PlanReader {
  return {
    tasksForDay(day, asOf) {
      if (!repo.importedBy(asOf)) return null;
      const byState: PlanDay = { done: [], open: [], blocked: [] };
      for (const task of repo.dayTasksAt(day, asOf)) {
        byState[task.state].push({ text: task.text, owner: task.owners[0] ?? null, reason: task.state === 'blocked' ? task.reason : null });
      }
      return byState;
    },
  };
}
