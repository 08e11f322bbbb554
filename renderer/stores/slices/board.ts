/**
 * The go/no-go board as the core evaluated it: the snapshot's, then each board.changed (a sign-off
 * or waiver shows through the event that follows it). The renderer never computes a verdict.
 */
import type { StateCreator } from 'zustand';
import type { BoardEvaluation } from '../../../shared/domain/board.js';
import type { AppState } from '../store.js';

export interface BoardSlice {
  /** null until the first snapshot. */
  board: BoardEvaluation | null;
}

export const createBoardSlice: StateCreator<AppState, [], [], BoardSlice> = () => ({
  board: null,
});

