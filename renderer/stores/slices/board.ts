/** The go/no-go board as the core evaluated it (snapshot, then board.changed); the renderer never scores. */
import type { StateCreator } from 'zustand';
import type { BoardEvaluation } from '../../../shared/domain/board.js';
import type { AppState } from '../store.js';

export interface BoardSlice {
  /** Null until the first snapshot. */
  board: BoardEvaluation | null;
}

export const createBoardSlice: StateCreator<AppState, [], [], BoardSlice> = () => ({
  board: null,
});
