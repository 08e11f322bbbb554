import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTRACT_VERSION } from '../../shared/contract/index.js';
import { createFakeCore } from '../testing/fake-core.js';
import { recentHealth, serviceHealth, sparkSeries } from '../testing/health-fixture.js';
import type { FakeCore } from '../testing/fake-core.js';
import { startIngest } from './ingest.js';
import { resetAppStore, useAppStore } from './store.js';

const settle = () => vi.advanceTimersByTimeAsync(0);
const noteTexts = () => useAppStore.getState().journal.map((entry) => entry.text);

describe('ingest', () => {
  let stop: (() => void) | undefined;
  const start = (core: FakeCore) => {
    stop = startIngest(core.client, useAppStore, { root: document.documentElement });
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-11-25T14:02:00') });
    resetAppStore();
  });
  afterEach(() => {
    stop?.();
    vi.useRealTimers();
  });

  it('applies the snapshot, then only the buffered and later events newer than its lastSeq', async () => {
    const core: FakeCore = createFakeCore({
      during: {
        // Arrives before the snapshot is taken: in the snapshot and on the stream (must not double).
        'app.hello': () => core.addNote('ana', 'in snapshot and stream'),
        // Arrives after the snapshot was taken but before it was applied (must not be lost).
        'app.snapshot': () => core.addNote('ana', 'after snapshot'),
      },
    });
    core.addNote('ana', 'before connect');
    expect(document.documentElement.dataset.appState).not.toBe('ready');
    start(core);
    expect(document.documentElement.dataset.appState).toBe('loading');
    await settle();
    expect(document.documentElement.dataset.appState).toBe('ready');
    expect(noteTexts()).toEqual(['after snapshot', 'in snapshot and stream', 'before connect']);

    core.addNote('bo', 'live');
    // A redelivery of an old event changes nothing.
    core.client.emit({ name: 'journal.added', payload: { id: 2, at: 1, author: 'x', text: 'duplicate' }, seq: 2, at: 1 });
    expect(noteTexts()).toEqual(['live', 'after snapshot', 'in snapshot and stream', 'before connect']);
    expect(useAppStore.getState().connection).toMatchObject({ role: 'operator', transport: 'memory', state: 'open', stale: false });
  });

  it('takes a new snapshot after a reconnect, so events missed while offline are not lost', async () => {
    const core = createFakeCore();
    start(core);
    await settle();
    core.client.setLinkState('closed');
    expect(useAppStore.getState().connection).toMatchObject({ state: 'closed', stale: true });
    core.addNote('ana', 'while offline');
    expect(noteTexts()).toEqual([]);
    core.client.setLinkState('open');
    await settle();
    expect(noteTexts()).toEqual(['while offline']);
    core.addNote('ana', 'after reconnect');
    expect(noteTexts()).toEqual(['after reconnect', 'while offline']);
    expect(core.calls.filter((name) => name === 'app.snapshot')).toHaveLength(2);
  });

  it('marks data stale after 2.5 heartbeat intervals without events, and fresh on the next one', async () => {
    const core = createFakeCore({ heartbeatIntervalMs: 1000 });
    start(core);
    await settle();
    expect(useAppStore.getState().connection.stale).toBe(false);
    await vi.advanceTimersByTimeAsync(2000);
    expect(useAppStore.getState().connection.stale).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(useAppStore.getState().connection.stale).toBe(true);
    core.emit('core.heartbeat', core.heartbeat());
    expect(useAppStore.getState().connection).toMatchObject({ stale: false, lastEventAt: Date.now() });
    expect(useAppStore.getState().heartbeat?.intervalMs).toBe(1000);
  });

  it('takes the platform state from the snapshot, then from rehearsal.changed', async () => {
    const core = createFakeCore({ rehearsal: { state: 'stopped', reason: 'not started' } });
    start(core);
    await settle();
    expect(useAppStore.getState().rehearsal).toEqual({ state: 'stopped', reason: 'not started' });
    core.setRehearsal({ state: 'starting' });
    expect(useAppStore.getState().rehearsal).toEqual({ state: 'starting' });
    core.setRehearsal({ state: 'unreachable', reason: 'connection refused', since: 1 });
    expect(useAppStore.getState().rehearsal).toMatchObject({ state: 'unreachable', since: 1 });
  });

  it('takes health and sparklines from the snapshot, then follows health.changed and probe.results', async () => {
    const now = Date.now();
    const core = createFakeCore({
      health: { environment: 'production', paused: false, services: [serviceHealth('api', now), serviceHealth('db', now)] },
      recent: recentHealth({ api: sparkSeries(now, 3) }, { api: 1 }),
    });
    start(core);
    await settle();
    expect(useAppStore.getState().health).toMatchObject({ environment: 'production', paused: false });
    expect(useAppStore.getState().health.services.api?.status).toBe('up');
    expect(useAppStore.getState().recent.series.api).toHaveLength(3);
    core.changeHealth([serviceHealth('db', now, { status: 'down' })], true);
    expect(useAppStore.getState().health.services.db?.status).toBe('down');
    expect(useAppStore.getState().health.paused).toBe(true);
    core.probeResults([{ probeId: 'api/live', service: 'api', at: now + 1, outcome: 'up', latencyMs: 5, detail: 'HTTP 200' }]);
    expect(useAppStore.getState().recent.series.api).toHaveLength(4);
  });

  it('fetches the uptime figures again every minute, keeping the sparklines', async () => {
    let uptime = 1;
    const core = createFakeCore({
      recent: recentHealth({ api: sparkSeries(Date.now(), 3) }, { api: 1 }),
      answer: { 'health.recent': () => ({ ok: true, value: recentHealth({}, { api: uptime }) }) },
    });
    start(core);
    await settle();
    uptime = 0.5;
    await vi.advanceTimersByTimeAsync(59_000);
    expect(useAppStore.getState().recent.uptime.api).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(useAppStore.getState().recent.uptime.api).toBe(0.5);
    expect(useAppStore.getState().recent.series.api).toHaveLength(3);
  });

  it('learns how far the core’s clock is from this screen’s from live heartbeats', async () => {
    const core = createFakeCore();
    start(core);
    await settle();
    expect(useAppStore.getState().serverOffsetMs).toBe(0);
    core.emit('core.heartbeat', { ...core.heartbeat(), at: Date.now() + 90_000 });
    expect(useAppStore.getState().serverOffsetMs).toBe(90_000);
  });

  it('stops at the handshake when the core speaks another contract version', async () => {
    const core = createFakeCore({ contractVersion: CONTRACT_VERSION + 1 });
    start(core);
    await settle();
    expect(useAppStore.getState().connection.contractMismatch).toEqual({ client: CONTRACT_VERSION, server: CONTRACT_VERSION + 1 });
    expect(core.calls).toEqual(['app.hello']);
    expect(document.documentElement.dataset.appState).toBe('error');
  });

  it('retries a failed snapshot while the stream stays open', async () => {
    let fail = true;
    const core = createFakeCore({
      answer: { 'app.snapshot': () => (fail ? { ok: false, error: { code: 'internal', message: 'db locked' } } : undefined) },
    });
    stop = startIngest(core.client, useAppStore, { root: document.documentElement, resyncAfterMs: 3000 });
    await settle();
    expect(useAppStore.getState().connection.syncError).toBe('db locked');
    expect(document.documentElement.dataset.appState).toBe('error');
    fail = false;
    await vi.advanceTimersByTimeAsync(3000);
    expect(useAppStore.getState().connection.syncError).toBeNull();
    expect(document.documentElement.dataset.appState).toBe('ready');
  });

  it('shows a refused credential during the handshake as unauthorized', async () => {
    const core = createFakeCore({ answer: { 'app.hello': () => ({ ok: false, error: { code: 'unauthorized', message: 'no token' } }) } });
    start(core);
    await settle();
    expect(useAppStore.getState().connection.state).toBe('unauthorized');
  });
});
