/** Derived values for views; each takes AppState and returns something cheap to compare. */
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
