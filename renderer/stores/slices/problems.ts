/** What keeps failing inside the core (core.problems, and the snapshot): shown until it clears. */
import type { StateCreator } from 'zustand';
import type { CoreProblem } from '../../../shared/domain/problems.js';
import type { AppState } from '../store.js';

export interface ProblemsSlice {
  problems: CoreProblem[];
}

export const createProblemsSlice: StateCreator<AppState, [], [], ProblemsSlice> = () => ({
  problems: [],
});
