/**
 * Operator actions as the core reports them: the environment, the actions (never an argv), the
 * runbooks with their recorded progress, and runs by id; plus each run's output (run-logs.ts) and
 * which run's panel is open.
 */
import type { StateCreator } from 'zustand';
import { FINAL_RUN_STATES } from '../../../shared/domain/actions.js';
import type { ActionRun, ActionsOverview, ActionView, RunbookView, RunState } from '../../../shared/domain/actions.js';
import type { AppState } from '../store.js';
import type { RunLog } from './run-logs.js';

/** Runs kept on screen; older ones stay in the core (actions.listRuns). */
export const MAX_RUNS = 300;

export interface ActionsInfo {
  /** The environment the actions run in; null until the first snapshot. */
  environment: string | null;
  production: boolean;
  actions: ActionView[];
  runbooks: RunbookView[];
  runs: Record<number, ActionRun>;
}

export interface ActionsSlice {
  actions: ActionsInfo;
  /** Output per run id, capped. */
  runLogs: Record<number, RunLog>;
  /** The run whose panel is open; null shows the newest (a running one first). */
  openRunId: number | null;
  /** Bumped on every action.changed and runbook.changed: the audit list refreshes on it. */
  actionsRev: number;
}

export const initialActions: ActionsInfo = { environment: null, production: false, actions: [], runbooks: [], runs: {} };

export const createActionsSlice: StateCreator<AppState, [], [], ActionsSlice> = () => ({
  actions: initialActions,
  runLogs: {},
  openRunId: null,
  actionsRev: 0,
});

export const isFinal = (state: RunState) => FINAL_RUN_STATES.includes(state);

/** How far a run got: an answer never takes a run back to an earlier stage than an event did. */
function stage(run: ActionRun): number {
  if (run.state === 'awaiting_approval') return 0;
  if (run.state === 'running') return 1;
  return run.healthAfter === null ? 2 : 3;
}

function trimRuns(runs: Record<number, ActionRun>): Record<number, ActionRun> {
  const ids = Object.keys(runs).map(Number);
  if (ids.length <= MAX_RUNS) return runs;
  const next = { ...runs };
  for (const id of ids.sort((a, b) => a - b).slice(0, ids.length - MAX_RUNS)) delete next[id];
  return next;
}

/** The snapshot's overview; runs it does not list (older ones loaded on demand) stay. */
export function actionsFromOverview(current: ActionsInfo, overview: ActionsOverview): ActionsInfo {
  const runs = { ...current.runs };
  for (const run of overview.runs) runs[run.id] = run;
  return { environment: overview.environment, production: overview.production, actions: overview.actions, runbooks: overview.runbooks, runs: trimRuns(runs) };
}

/**
 * A run from an event (always newer than what we hold: events come in order) or from a call's
 * answer (kept only when it is further along than what events already told).
 */
export function upsertRun(current: ActionsInfo, run: ActionRun, from: 'event' | 'answer'): ActionsInfo {
  const known = current.runs[run.id];
  if (from === 'answer' && known && stage(known) >= stage(run)) return current;
  return { ...current, runs: trimRuns({ ...current.runs, [run.id]: run }) };
}

export function upsertRuns(current: ActionsInfo, runs: readonly ActionRun[]): ActionsInfo {
  const next = { ...current.runs };
  for (const run of runs) if (!next[run.id]) next[run.id] = run;
  return { ...current, runs: trimRuns(next) };
}

export function replaceRunbook(current: ActionsInfo, runbook: RunbookView): ActionsInfo {
  const at = current.runbooks.findIndex((r) => r.id === runbook.id);
  const runbooks = at === -1 ? [...current.runbooks, runbook] : current.runbooks.map((r, i) => (i === at ? runbook : r));
  return { ...current, runbooks };
}

/** Runs newest first. */
export function runsNewestFirst(runs: Record<number, ActionRun>): ActionRun[] {
  return Object.values(runs).sort((a, b) => b.id - a.id);
}
