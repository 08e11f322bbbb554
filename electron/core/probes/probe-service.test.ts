/**
 * The probe service end to end: real simulated platform on free ports, real checks over sockets,
 * real SQLite. A stop turns the service red within about one interval, dependents say why, one
 * notification is sent about the root cause, and the history survives a restart of the core.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthOverview, ServiceHealth } from '../../../shared/domain/probes.js';
import type { Core } from '../core.js';
import { createCore } from '../core.js';
import { parseConfigText } from '../config/load-config.js';
import { silentLogger } from '../logger.js';
import { controlClient, smallTopology } from '../../platform/platform-test-support.js';
import { startPlatform } from '../../platform/platform.js';
import type { RunningPlatform } from '../../platform/platform.js';
import { makeTempDir } from '../testing/temp-dir.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function configFor(platform: RunningPlatform) {
  const text = `version: 1
name: probe test
defaultEnvironment: test
environments:
  test: { label: Test }
services:
  data-layer: { name: Data layer, baseUrl: "http://127.0.0.1:${platform.ports['data-layer']}" }
  planner: { name: Planner, baseUrl: "http://127.0.0.1:${platform.ports.planner}", dependsOn: [data-layer] }
  gateway: { name: Gateway, baseUrl: "http://127.0.0.1:${platform.ports.gateway}", dependsOn: [planner] }
probes:
  defaults: { interval: 1s, timeout: 500ms, confirmations: 2 }
`;
  return { config: parseConfigText(text, 'warroom.yaml'), path: '/tmp/warroom.yaml', bundled: false };
}

async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number): Promise<T> {
  // The monotonic clock: a wall clock stepped forward (seen once under load) ended the wait early.
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || performance.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const byId = (overview: HealthOverview) => Object.fromEntries(overview.services.map((s) => [s.service, s])) as Record<string, ServiceHealth>;

describe('probe service', () => {
  it('turns a stopped service red within about one interval, says why for dependents, and keeps history across restarts', async () => {
    const platform = await startPlatform({ ...{ topology: smallTopology(), scenarios: {} }, anyFreePort: true, controlPort: 0 });
    cleanups.push(() => platform.close());
    const dir = makeTempDir();
    cleanups.push(() => dir.remove());
    const loaded = configFor(platform);
    const core: Core = createCore({ loaded, dataDir: dir.path, shell: 'test', ownership: 'owner', logger: silentLogger, strictContract: true });
    cleanups.push(() => core.close());
    const list = async () => {
      const result = await core.dispatch('health.list', {}, { role: 'viewer', transport: 'memory' });
      return result.ok ? result.value : Promise.reject(new Error(result.error.message));
    };

    const healthy = await until(list, (o) => o.services.every((s) => s.status === 'up'), 5000);
    expect(healthy.services.map((s) => s.status)).toEqual(['up', 'up', 'up']);

    const notifications: { title: string; affected: string[] }[] = [];
    const notificationSeqs: number[] = [];
    core.bus.on('health.notification', (n, meta) => {
      notifications.push(n);
      notificationSeqs.push(meta.seq);
    });
    const stoppedAt = Date.now();
    const stoppedMono = performance.now();
    expect((await controlClient(platform).fault('data-layer', { kind: 'stop' })).status).toBe(200);
    const red = await until(list, (o) => byId(o)['data-layer']?.status === 'down' && byId(o).gateway?.causedBy === 'data-layer', 5000);
    const tookMs = performance.now() - stoppedMono;
    expect(byId(red)['data-layer']).toMatchObject({ status: 'down', reason: expect.stringMatching(/connection refused/) });
    expect(byId(red).planner).toMatchObject({ status: 'degraded', causedBy: 'data-layer' });
    expect(byId(red).gateway).toMatchObject({ causedBy: 'data-layer', reason: expect.stringMatching(/^because data-layer is down/) });
    // One interval (1 s ± jitter) plus the confirmation re-check (1 s) plus the check itself.
    expect(tookMs).toBeLessThan(3500);

    await until(() => Promise.resolve(notifications), (n) => n.length > 0, 4000);
    expect(notifications).toEqual([expect.objectContaining({ title: 'Data layer is down', affected: expect.arrayContaining(['planner']) })]);
    // A window that reloads now gets the standing notification in its snapshot, under its event's seq.
    const snapshot = await core.dispatch('app.snapshot', {}, { role: 'viewer', transport: 'memory' });
    expect(snapshot.ok && snapshot.value).toMatchObject({
      notifications: [{ id: notificationSeqs[0], kind: 'down', service: 'data-layer', title: 'Data layer is down' }],
    });

    await core.close();
    const again = createCore({ loaded, dataDir: dir.path, shell: 'test', ownership: 'owner', logger: silentLogger, probing: false });
    cleanups.push(() => again.close());
    const history = await again.dispatch('health.history', { service: 'data-layer', fromAt: stoppedAt - 60_000, toAt: Date.now() + 1000 }, { role: 'viewer', transport: 'memory' });
    expect(history.ok).toBe(true);
    if (!history.ok) return;
    const value = history.value as { points: { failures: number }[]; transitions: { to: string; probeId: string | null }[] };
    expect(value.points.some((p) => p.failures > 0)).toBe(true);
    expect(value.transitions.filter((t) => t.probeId === null).map((t) => t.to)).toContain('down');
  });
});
