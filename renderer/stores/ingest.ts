/**
 * Events → store, outside React. On every stream open: buffer events, shake hands (app.hello),
 * take app.snapshot, apply it, then apply only buffered and later events newer than its lastSeq,
 * so a reconnect leaves no gap and no duplicate. Also keeps the stale flag and data-app-state,
 * and refreshes the 24 h uptime figures now and then (no event carries them).
 */
import { CONTRACT_VERSION, EVENT_NAMES, RpcCallError } from '../../shared/contract/index.js';
import type { EventName, EventMeta, EventPayload, WireEvent } from '../../shared/contract/index.js';
import type { LinkState, WarroomClient } from '../api/client.js';
import { applyEvent, applyRecentUptime, applySnapshot, updateConnection } from './store-updates.js';
import type { AppLoadState } from './slices/connection.js';
import { useAppStore } from './store.js';
import type { AppStore } from './store.js';

/** Knobs for tests and odd hosts; the defaults suit the app. */
export interface IngestOptions {
  now?: () => number;
  /** How often staleness is re-checked. */
  checkEveryMs?: number;
  /** Heartbeat interval assumed until the core reports one. */
  fallbackIntervalMs?: number;
  /** Wait before retrying a failed sync while the stream stays open. */
  resyncAfterMs?: number;
  /** How often the uptime figures are fetched again (health.recent). */
  uptimeEveryMs?: number;
  /** Element that gets data-app-state; null for none. Defaults to <html>. */
  root?: HTMLElement | null;
}

/** Data is stale after this many heartbeat intervals without any event. */
export const STALE_AFTER_INTERVALS = 2.5;

export function startIngest(client: WarroomClient, store: AppStore = useAppStore, options: IngestOptions = {}): () => void {
  const now = options.now ?? Date.now;
  const root = options.root === undefined ? globalThis.document?.documentElement ?? null : options.root;
  let link: LinkState = 'connecting';
  let lastSeq = 0;
  let synced = false;
  let syncRun = 0;
  let buffer: WireEvent[] = [];
  let resyncTimer: ReturnType<typeof setTimeout> | undefined;

  const setAppState = (appState: AppLoadState) => {
    updateConnection({ appState }, store);
    root?.setAttribute('data-app-state', appState);
  };

  const intervalMs = () => store.getState().heartbeat?.intervalMs ?? options.fallbackIntervalMs ?? 5000;

  const checkStale = () => {
    const { lastEventAt, stale } = store.getState().connection;
    const silent = lastEventAt === null || now() - lastEventAt > STALE_AFTER_INTERVALS * intervalMs();
    const next = link !== 'open' || !synced || silent;
    if (next !== stale) updateConnection({ stale: next }, store);
  };

  const markFresh = () => {
    updateConnection({ lastEventAt: now() }, store);
    checkStale();
  };

  const accept = (event: WireEvent) => {
    // At or below lastSeq means the snapshot (or an earlier delivery) already holds it.
    if (event.seq <= lastSeq) return;
    lastSeq = event.seq;
    applyEvent(event, store);
  };

  const receive = (event: WireEvent) => {
    if (synced) accept(event);
    else buffer.push(event);
    markFresh();
  };

  const sync = async () => {
    const run = ++syncRun;
    synced = false;
    buffer = [];
    if (resyncTimer !== undefined) clearTimeout(resyncTimer);
    if (store.getState().connection.appState !== 'ready') setAppState('loading');
    try {
      const hello = await client.call('app.hello', { contractVersion: CONTRACT_VERSION });
      if (run !== syncRun) return;
      updateConnection({ role: hello.role }, store);
      if (hello.contractVersion !== CONTRACT_VERSION) {
        // Another contract means other shapes: stop here rather than misread them.
        updateConnection({ contractMismatch: { client: CONTRACT_VERSION, server: hello.contractVersion } }, store);
        setAppState('error');
        return;
      }
      const snapshot = await client.call('app.snapshot', {});
      if (run !== syncRun) return;
      applySnapshot(snapshot, store);
      lastSeq = snapshot.lastSeq;
      synced = true;
      const pending = buffer.sort((a, b) => a.seq - b.seq);
      buffer = [];
      pending.forEach(accept);
      updateConnection({ contractMismatch: null, syncError: null }, store);
      setAppState('ready');
      markFresh();
    } catch (error) {
      if (run !== syncRun) return;
      if (error instanceof RpcCallError && error.code === 'unauthorized') {
        updateConnection({ state: 'unauthorized' }, store);
        return;
      }
      updateConnection({ syncError: error instanceof Error ? error.message : String(error) }, store);
      if (store.getState().connection.appState !== 'ready') setAppState('error');
      if (link === 'open') resyncTimer = setTimeout(() => void sync(), options.resyncAfterMs ?? 5000);
    }
  };

  const onLink = (state: LinkState) => {
    link = state;
    updateConnection({ state }, store);
    if (state === 'open') void sync();
    else {
      // Whatever was in flight belongs to a stream that is gone.
      syncRun += 1;
      synced = false;
      if (resyncTimer !== undefined) clearTimeout(resyncTimer);
    }
    checkStale();
  };

  updateConnection({ transport: client.transport }, store);
  setAppState(store.getState().connection.appState);
  const subscribe = <E extends EventName>(name: E) =>
    client.on(name, (payload: EventPayload<E>, meta: EventMeta) => receive({ name, payload, ...meta } as WireEvent));
  const unsubscribers = [...EVENT_NAMES.map(subscribe), client.onLinkState(onLink)];
  const staleTimer = setInterval(checkStale, options.checkEveryMs ?? 1000);
  // Uptime over a day moves slowly, but a wall runs for days: keep it from freezing at load time.
  const refreshUptime = async () => {
    if (!synced) return;
    const run = syncRun;
    try {
      const recent = await client.call('health.recent', {});
      if (run === syncRun && synced) applyRecentUptime(recent, store);
    } catch {
      // Keep the figures we have; the next snapshot or refresh replaces them.
    }
  };
  const uptimeTimer = setInterval(() => void refreshUptime(), options.uptimeEveryMs ?? 60_000);

  return () => {
    syncRun += 1;
    clearInterval(staleTimer);
    clearInterval(uptimeTimer);
    if (resyncTimer !== undefined) clearTimeout(resyncTimer);
    unsubscribers.forEach((off) => off());
  };
}
