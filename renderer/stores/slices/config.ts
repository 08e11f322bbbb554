/** The public projection of warroom.yaml and the running core's info, as the core sent them. */
import type { StateCreator } from 'zustand';
import type { AppInfo, ConfigSummary } from '../../../shared/domain/app.js';
import type { AppState } from '../store.js';

export interface ConfigSlice {
  config: ConfigSummary | null;
  info: AppInfo | null;
}

export const createConfigSlice: StateCreator<AppState, [], [], ConfigSlice> = () => ({
  config: null,
  info: null,
});
