/**
 * Stand-up notes and end-of-day reports are loaded by the Reports view when shown (they are not in
 * the snapshot); `standup.added` and `report.changed` bump `reportsRev`, and so does every snapshot
 * (events may have been missed), so the view loads again when the revision is newer than its data.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from '../store.js';

export interface ReportsSlice {
  reportsRev: number;
}

export const createReportsSlice: StateCreator<AppState, [], [], ReportsSlice> = () => ({ reportsRev: 0 });
