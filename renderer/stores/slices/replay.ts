/**
 * Replay: the moment the board and the wall show instead of now ("what did we see at 14:02?").
 * Null asOf is live. The core rebuilds the moment from stored evidence (replay.get); the renderer
 * only shows its answer.
 */
import type { StateCreator } from 'zustand';
import type { Replay } from '../../../shared/domain/replay.js';
import type { AppState } from '../store.js';

export interface ReplayInfo {
  /** The moment asked for (epoch ms, core time); null when live. */
  asOf: number | null;
  /** The core's answer for asOf; kept while the next one loads, so the screen never blanks. */
  data: Replay | null;
  loading: boolean;
  /** Why the last replay.get failed, in words. */
  error: string | null;
}

export interface ReplaySlice {
  replay: ReplayInfo;
}

export const initialReplay: ReplayInfo = { asOf: null, data: null, loading: false, error: null };

export const createReplaySlice: StateCreator<AppState, [], [], ReplaySlice> = () => ({
  replay: initialReplay,
});
