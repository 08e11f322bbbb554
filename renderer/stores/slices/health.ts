/** Health of every service as the core derived it: from the snapshot, then merged from health.changed. */
import type { StateCreator } from 'zustand';
import type { HealthOverview, ServiceHealth } from '../../../shared/domain/probes.js';
import type { AppState } from '../store.js';

export interface HealthInfo {
  /** The environment being probed; null until the first snapshot. */
  environment: string | null;
  /** Probing stopped by an operator: results go stale until resumed. */
  paused: boolean;
  /** By service id; a service absent here has no health yet (shown as unknown). */
  services: Record<string, ServiceHealth>;
}

export interface HealthSlice {
  health: HealthInfo;
  /**
   * Bumped on every snapshot and health.changed. A call's answer (pause, resume, check all, mute)
   * is applied only when no event came in while it was in flight: that event may be newer.
   */
  healthRev: number;
}

export const initialHealth: HealthInfo = { environment: null, paused: false, services: {} };

export const createHealthSlice: StateCreator<AppState, [], [], HealthSlice> = () => ({
  health: initialHealth,
  healthRev: 0,
});

/** The whole picture from an overview (snapshot, health.list or an operator call's answer). */
export function healthFromOverview(overview: HealthOverview): HealthInfo {
  return {
    environment: overview.environment,
    paused: overview.paused,
    services: Object.fromEntries(overview.services.map((service) => [service.service, service])),
  };
}

/** health.changed carries only the services that changed: replace those, keep the others (same objects, so their tiles do not re-render). */
export function mergeHealth(current: HealthInfo, changed: readonly ServiceHealth[], paused: boolean): HealthInfo {
  if (changed.length === 0 && paused === current.paused) return current;
  const services = { ...current.services };
  for (const service of changed) services[service.service] = service;
  return { ...current, paused, services };
}
