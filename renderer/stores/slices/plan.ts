/**
 * The launch plan and the risk register as the core answered them. `plan.changed` carries only
 * what changed and bumps `planRev` (also bumped by every snapshot, which does not carry the plan);
 * the Plan view then loads them again (plan-actions.ts).
 */
import type { StateCreator } from 'zustand';
import type { Plan, PlanStatus, Risk } from '../../../shared/domain/plan.js';
import type { AppState } from '../store.js';

export interface PlanData {
  plan: Plan;
  status: PlanStatus;
  risks: Risk[];
  /** The revision these answers are as new as. */
  rev: number;
}

export interface PlanSlice {
  plan: PlanData | null;
  planRev: number;
}

export const createPlanSlice: StateCreator<AppState, [], [], PlanSlice> = () => ({
  plan: null,
  planRev: 0,
});

export const planStale = (state: PlanSlice): boolean => state.plan === null || state.plan.rev < state.planRev;
