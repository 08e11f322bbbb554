import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTRACT_VERSION } from '../../shared/contract/index.js';
import type { WireEvent } from '../../shared/contract/index.js';
import { startTargetServer } from '../../electron/core/probes/testing/target-server.js';
import type { TargetServer } from '../../electron/core/probes/testing/target-server.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore, TestCoreOptions } from '../testing/test-core.js';
import { startIngest } from './ingest.js';
import { resetAppStore, useAppStore } from './store.js';

const settle = () => vi.advanceTimersByTimeAsync(0);
const noteTexts = () => useAppStore.getState().journal.map((entry) => entry.text);
const calls = (core: TestCore) => core.requests.map((request) => request.name);

describe('ingest', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  const start = (core: TestCore, options: { resyncAfterMs?: number } = {}) => {
    cleanups.push(startIngest(core.client, useAppStore, { root: document.documentElement, ...options }));
  };
  const makeCore = (options: TestCoreOptions = {}) => {
    const core = startTestCore(options);
    cleanups.push(() => core.close());
    return core;
  };
  const note = (core: TestCore, text: string) => core.call('journal.add', { author: 'ana', text });

  beforeEach(() => {
    // Before the core is made, so its heartbeat ticks only when the test advances time.
    vi.useFakeTimers({ now: new Date('2025-11-25T14:02:00') });
    resetAppStore();
  });
  afterEach(async () => {
    for (const step of cleanups.splice(0).reverse()) await step();
    vi.useRealTimers();
  });

  it('applies the snapshot, then only the buffered and later events newer than its lastSeq', async () => {
    const core = makeCore({
      intercept: async (name, _input, next) => {
        const result = await next();
        // Stored while the handshake is answered: in the snapshot and on the stream (must not double).
        if (name === 'app.hello') await note(core, 'in snapshot and stream');
        // Stored after the snapshot was taken but before it was applied (must not be lost).
        if (name === 'app.snapshot') await note(core, 'after snapshot');
        return result;
      },
    });
    const seen: WireEvent[] = [];
    core.core.bus.subscribe((event) => seen.push(event));
    await note(core, 'before connect');
    expect(document.documentElement.dataset.appState).not.toBe('ready');
    start(core);
    expect(document.documentElement.dataset.appState).toBe('loading');
    await settle();
    expect(document.documentElement.dataset.appState).toBe('ready');
    expect(noteTexts()).toEqual(['after snapshot', 'in snapshot and stream', 'before connect']);

    await note(core, 'live');
    // A redelivery of an old event changes nothing.
    core.client.emit(seen.find((event) => event.name === 'journal.added')!);
    expect(noteTexts()).toEqual(['live', 'after snapshot', 'in snapshot and stream', 'before connect']);
    expect(useAppStore.getState().connection).toMatchObject({ role: 'operator', transport: 'memory', state: 'open', stale: false });
  });

  it('takes a new snapshot after a reconnect, so events missed while offline are not lost', async () => {
    const core = makeCore();
    start(core);
    await settle();
    core.client.setLinkState('closed');
    expect(useAppStore.getState().connection).toMatchObject({ state: 'closed', stale: true });
    await note(core, 'while offline');
    expect(noteTexts()).toEqual([]);
    core.client.setLinkState('open');
    await settle();
    expect(noteTexts()).toEqual(['while offline']);
    await note(core, 'after reconnect');
    expect(noteTexts()).toEqual(['after reconnect', 'while offline']);
    expect(calls(core).filter((name) => name === 'app.snapshot')).toHaveLength(2);
  });

  it('stays fresh on live heartbeats and marks data stale 2.5 heartbeat intervals after the core goes quiet', async () => {
    const core = makeCore({ heartbeatIntervalMs: 1000 });
    start(core);
    await settle();
    expect(useAppStore.getState().heartbeat?.intervalMs).toBe(1000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(useAppStore.getState().connection).toMatchObject({ stale: false, lastEventAt: Date.now() });
    await core.core.close();
    await vi.advanceTimersByTimeAsync(2000);
    expect(useAppStore.getState().connection.stale).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(useAppStore.getState().connection.stale).toBe(true);
  });

  it('takes the platform state from the snapshot', async () => {
    const core = makeCore();
    start(core);
    await settle();
    expect(useAppStore.getState().rehearsal).toEqual({ state: 'stopped', reason: 'the rehearsal platform is off for this session' });
  });

  describe('with probed services', () => {
    const targets: TargetServer[] = [];
    const serve = async () => {
      const target = await startTargetServer();
      target.route('/health/live', { kind: 'respond', json: { ok: true } });
      target.route('/health/ready', { kind: 'respond', json: { ok: true } });
      targets.push(target);
      cleanups.push(() => target.close());
      return target;
    };
    const probedCore = async () => {
      const [api, db] = [await serve(), await serve()];
      const core = makeCore({ urls: { api: { production: api.url }, db: { production: db.url } } });
      await core.call('health.checkAll', {});
      return { core, db };
    };

    it('takes health and sparklines from the snapshot, then follows health.changed and probe.results', async () => {
      const { core, db } = await probedCore();
      start(core);
      await settle();
      expect(useAppStore.getState().health).toMatchObject({ environment: 'production', paused: false });
      expect(useAppStore.getState().health.services.api?.status).toBe('up');
      expect(useAppStore.getState().recent.series.api).toHaveLength(2);
      db.route('/health/live', { kind: 'respond', status: 503 });
      db.route('/health/ready', { kind: 'respond', status: 503 });
      await core.call('health.pause', {});
      await vi.advanceTimersByTimeAsync(10_000);
      await core.call('health.checkAll', {});
      expect(useAppStore.getState().health.services.db?.status).toBe('down');
      expect(useAppStore.getState().health.services.api?.status).toBe('up');
      expect(useAppStore.getState().health.paused).toBe(true);
      expect(useAppStore.getState().recent.series.api!.length).toBeGreaterThan(2);
      expect(useAppStore.getState().recent.series.db!.at(-1)?.outcome).toBe('down');
    });

    it('fetches the uptime figures again every minute, keeping the sparklines', async () => {
      const { core } = await probedCore();
      start(core);
      await settle();
      const recentCalls = () => calls(core).filter((name) => name === 'health.recent');
      await vi.advanceTimersByTimeAsync(59_000);
      expect(recentCalls()).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(recentCalls()).toHaveLength(1);
      expect(useAppStore.getState().recent.uptime.api).toBe(1);
      expect(useAppStore.getState().recent.series.api).toHaveLength(2);
    });
  });

  it('learns how far the core’s clock is from this screen’s from live heartbeats', async () => {
    const core = makeCore({ heartbeatIntervalMs: 1000, clock: { now: () => Date.now() + 90_000 } });
    start(core);
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    expect(useAppStore.getState().serverOffsetMs).toBe(90_000);
  });

  it('stops at the handshake when the core speaks another contract version', async () => {
    const core = makeCore({
      intercept: async (name, _input, next) => {
        const result = await next();
        if (name !== 'app.hello' || !result.ok || typeof result.value !== 'object' || result.value === null) return result;
        return { ok: true, value: { ...result.value, contractVersion: CONTRACT_VERSION + 1 } };
      },
    });
    start(core);
    await settle();
    expect(useAppStore.getState().connection.contractMismatch).toEqual({ client: CONTRACT_VERSION, server: CONTRACT_VERSION + 1 });
    expect(calls(core)).toEqual(['app.hello']);
    expect(document.documentElement.dataset.appState).toBe('error');
  });

  it('retries a failed snapshot while the stream stays open', async () => {
    let fail = true;
    const core = makeCore({
      intercept: (name, _input, next) => (fail && name === 'app.snapshot' ? Promise.resolve({ ok: false, error: { code: 'internal', message: 'db locked' } }) : next()),
    });
    start(core, { resyncAfterMs: 3000 });
    await settle();
    expect(useAppStore.getState().connection.syncError).toBe('db locked');
    expect(document.documentElement.dataset.appState).toBe('error');
    fail = false;
    await vi.advanceTimersByTimeAsync(3000);
    expect(useAppStore.getState().connection.syncError).toBeNull();
    expect(document.documentElement.dataset.appState).toBe('ready');
  });

  it('shows a refused credential during the handshake as unauthorized', async () => {
    const core = makeCore({
      intercept: (name, _input, next) => (name === 'app.hello' ? Promise.resolve({ ok: false, error: { code: 'unauthorized', message: 'no token' } }) : next()),
    });
    start(core);
    await settle();
    expect(useAppStore.getState().connection.state).toBe('unauthorized');
  });
});
