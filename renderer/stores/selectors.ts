/** Derived values for views; each takes AppState and returns something cheap to compare. */
import type { HealthStatus } from '../../shared/domain/probes.js';
import type { AppState } from './store.js';

/** What the connection indicator shows; `state` doubles as its data-state attribute. */
export type IndicatorState = 'live' | 'stale' | 'offline' | 'connecting' | 'unauthorized' | 'reload';

export function selectIndicator(state: AppState): IndicatorState {
  const { connection } = state;
  if (connection.state === 'unauthorized') return 'unauthorized';
  if (connection.contractMismatch) return 'reload';
  if (connection.state === 'open') {
    if (connection.appState !== 'ready') return 'connecting';
    return connection.stale ? 'stale' : 'live';
  }
  // Before the first snapshot there is nothing to call offline yet.
  if (connection.state === 'connecting' && connection.lastEventAt === null) return 'connecting';
  return 'offline';
}

/** The environment the screen describes (the config's default). */
export function selectEnvironment(state: AppState) {
  const config = state.config;
  if (!config) return undefined;
  return config.environments.find((env) => env.id === config.defaultEnvironment);
}

export const selectServices = (state: AppState) => state.config?.services;

/** How many configured services are in `status`; one without health yet counts as unknown. */
export function selectStatusCount(status: HealthStatus) {
  return (state: AppState): number => {
    const services = state.config?.services ?? [];
    return services.filter((service) => (state.health.services[service.id]?.status ?? 'unknown') === status).length;
  };
}

/** A service's display name from the config (its id when the config does not know it). */
export function serviceName(state: AppState, id: string): string {
  return state.config?.services.find((service) => service.id === id)?.name ?? id;
}

/** Display names of services joined by `separator`: one string, so a selector result compares by value. */
export function selectServiceNames(ids: readonly string[], separator = ', ') {
  return (state: AppState): string => ids.map((id) => serviceName(state, id)).join(separator);
}

/** The id of the environment being probed: the core's, else the config's default. */
export function selectHealthEnvironmentId(state: AppState): string | null {
  return state.health.environment ?? state.config?.defaultEnvironment ?? null;
}
