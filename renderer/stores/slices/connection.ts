/** How this screen is connected: transport, stream state, role, freshness and contract match. */
import type { StateCreator } from 'zustand';
import type { Client } from '../../../shared/contract/index.js';
import type { Role } from '../../../shared/domain/app.js';
import type { LinkState } from '../../api/client.js';
import type { AppState } from '../store.js';

/** loading until the first snapshot is applied; error when it could not be (or the contract differs). */
export type AppLoadState = 'loading' | 'ready' | 'error';

export interface ConnectionInfo {
  transport: Client['transport'] | null;
  state: LinkState;
  /** From app.hello: what this connection may do. */
  role: Role | null;
  /** Local clock (ms) of the last event or snapshot: local so a skewed server clock cannot hide staleness. */
  lastEventAt: number | null;
  /** No event for 2.5 heartbeat intervals, or the stream is not open. */
  stale: boolean;
  /** Set when app.hello reports another contract version: the screen must be reloaded. */
  contractMismatch: { client: number; server: number } | null;
  appState: AppLoadState;
  /** Why the last sync failed, for the operator. */
  syncError: string | null;
}

export interface ConnectionSlice {
  connection: ConnectionInfo;
}

export const initialConnection: ConnectionInfo = {
  transport: null,
  state: 'connecting',
  role: null,
  lastEventAt: null,
  stale: true,
  contractMismatch: null,
  appState: 'loading',
  syncError: null,
};

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = () => ({
  connection: initialConnection,
});

/** Merges a change into the connection slice. */
export function patchConnection(state: AppState, patch: Partial<ConnectionInfo>): Pick<AppState, 'connection'> {
  return { connection: { ...state.connection, ...patch } };
}
