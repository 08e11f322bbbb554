/** Monitoring: the query tiles' last readings and the monitoring check, as the core read them. */
import type { StateCreator } from 'zustand';
import type { MonitoringOverview, MonitoringStatus } from '../../../shared/domain/monitoring.js';
import type { AppState } from '../store.js';

export interface MonitoringSlice {
  monitoring: {
    /** null until monitoring.get answered or monitoring.tiles arrived. */
    overview: MonitoringOverview | null;
    /** The latest check (Prometheus, targets, rules); null when none is known. */
    status: MonitoringStatus | null;
  };
}

export const createMonitoringSlice: StateCreator<AppState, [], [], MonitoringSlice> = () => ({
  monitoring: { overview: null, status: null },
});

/** Readings only move forward: an older answer (a slow call) never replaces a newer event. */
export function newerOverview(held: MonitoringOverview | null, next: MonitoringOverview): MonitoringOverview {
  if (!held || held.environment !== next.environment) return next;
  const heldAt = Math.max(0, ...held.tiles.map((t) => t.at));
  const nextAt = Math.max(0, ...next.tiles.map((t) => t.at));
  return nextAt >= heldAt ? next : held;
}
