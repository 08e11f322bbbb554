/** The simulated platform as the core last reported it (snapshot, rehearsal.changed, or a call's answer). */
import type { StateCreator } from 'zustand';
import type { RehearsalState } from '../../../shared/domain/rehearsal.js';
import type { AppState } from '../store.js';

export interface RehearsalSlice {
  /** null until the first snapshot. */
  rehearsal: RehearsalState | null;
  /**
   * Bumped on every snapshot and rehearsal.changed event. A call's answer is applied only when no
   * event came in while the call was in flight: such an event may be newer than the answer.
   */
  rehearsalRev: number;
}

export const createRehearsalSlice: StateCreator<AppState, [], [], RehearsalSlice> = () => ({
  rehearsal: null,
  rehearsalRev: 0,
});
