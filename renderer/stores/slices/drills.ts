/** Drills: the config's drills (from drills.list) and the runs seen, whole, as the core stores them. */
import type { StateCreator } from 'zustand';
import type { DrillRun, DrillsOverview, DrillView } from '../../../shared/domain/drills.js';
import type { AppState } from '../store.js';

export interface DrillsState {
  /** null until drills.list answered. */
  environment: string | null;
  production: boolean;
  drills: DrillView[];
  runs: Record<number, DrillRun>;
}

export interface DrillsSlice {
  drills: DrillsState;
}

export const createDrillsSlice: StateCreator<AppState, [], [], DrillsSlice> = () => ({
  drills: { environment: null, production: false, drills: [], runs: {} },
});

const ACTIVE = new Set(['running', 'recovery_offered']);
export const isDrillActive = (run: DrillRun): boolean => ACTIVE.has(run.state);

/**
 * A run from an event or an answer. Records only move forward (steps end, runs end), so a record
 * whose run already ended never goes back to one that was still running.
 */
export function upsertDrillRun(state: DrillsState, run: DrillRun): DrillsState {
  const held = state.runs[run.id];
  if (held && !isDrillActive(held) && isDrillActive(run)) return state;
  const drills =
    run.state === 'passed' && run.endedAt !== null
      ? state.drills.map((d) => (d.id === run.drillId && (d.lastPassed?.finishedAt ?? 0) < run.endedAt! ? { ...d, lastPassed: { runId: run.id, finishedAt: run.endedAt! } } : d))
      : state.drills;
  return { ...state, drills, runs: { ...state.runs, [run.id]: run } };
}

/** drills.list's answer: the drills replace what was held; runs merge (see upsertDrillRun). */
export function drillsFromOverview(state: DrillsState, overview: DrillsOverview): DrillsState {
  let next: DrillsState = { ...state, environment: overview.environment, production: overview.production, drills: overview.drills };
  for (const run of [...overview.runs, ...(overview.active ? [overview.active] : [])]) next = upsertDrillRun(next, run);
  return next;
}
