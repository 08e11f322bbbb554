/** The core's latest pulse: its intervalMs sets how soon data counts as stale. */
import type { StateCreator } from 'zustand';
import type { Heartbeat } from '../../../shared/domain/app.js';
import type { AppState } from '../store.js';

export interface HeartbeatSlice {
  heartbeat: Heartbeat | null;
}

export const createHeartbeatSlice: StateCreator<AppState, [], [], HeartbeatSlice> = () => ({
  heartbeat: null,
});
