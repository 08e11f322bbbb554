/**
 * Load suites, baselines and exceptions as the core reports them (the snapshot and
 * load.suitesChanged carry the whole overview: a few suites, recent suite runs, baselines,
 * exceptions and each recent run's verdict with its exceptions counted).
 */
import type { StateCreator } from 'zustand';
import type { LoadSuitesOverview } from '../../../shared/domain/load-suites.js';
import type { AppState } from '../store.js';

export interface LoadSuitesSlice {
  /** Null until the first snapshot. */
  loadSuites: LoadSuitesOverview | null;
}

export const createLoadSuitesSlice: StateCreator<AppState, [], [], LoadSuitesSlice> = () => ({ loadSuites: null });
