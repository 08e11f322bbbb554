/**
 * How far the core's clock is ahead of this screen's, from the heartbeat's `at`: times the core
 * stamps (a scenario's startedAt, the platform's uptime) are compared with the core's "now", so a
 * wall display with a skewed clock still puts the timeline cursor in the right place.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from '../store.js';

export interface ClockSlice {
  /** Core time minus local time, in ms (0 until a heartbeat arrived). */
  serverOffsetMs: number;
}

export const createClockSlice: StateCreator<AppState, [], [], ClockSlice> = () => ({
  serverOffsetMs: 0,
});
