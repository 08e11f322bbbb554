/** What the screen shows: the current route-level view. */
import type { StateCreator } from 'zustand';
import type { AppState } from '../store.js';

/** Route-level views, in nav order; each is reachable as #/<id>. */
export const VIEW_IDS = ['board', 'meeting', 'health', 'load', 'monitoring', 'security', 'alerts', 'actions', 'drills', 'plan', 'reports', 'log', 'rehearsal'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export const DEFAULT_VIEW: ViewId = 'board';

export interface UiSlice {
  ui: { view: ViewId };
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = () => ({
  ui: { view: DEFAULT_VIEW },
});

export function isViewId(value: string): value is ViewId {
  return (VIEW_IDS as readonly string[]).includes(value);
}
