/**
 * An Alertmanager that is down, slow, answers an error or a malformed body: the core says so in
 * the source state (never a crash, never a quiet "no alerts"), keeps the alerts it last read
 * marked by their time, and refuses a silence with "unavailable". Before its first read answers it
 * is pending: neither a failure nor "no alerts".
 */
import { MonitoringConfigSchema } from '../../../shared/domain/monitoring.js';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertsState } from '../../../shared/domain/alerts.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertmanagerClient } from './alertmanager-client.js';
import { loadConfigFile } from '../config/load-config.js';
import { pooled, startCuttingServer } from '../net/testing/cutting-server.js';
import type { CoreParts } from '../core.js';
import { makeCoreParts, REHEARSAL_CONFIG } from '../testing/make-core.js';

/** `heldUntil`: the answer waits for it (a first read still on its way). */
type Reply = { status: number; body: string; delayMs?: number; heldUntil?: Promise<void> };

const FIRING = {
  fingerprint: 'f00d',
  labels: { alertname: 'ServiceDown', service: 'cache', severity: 'critical', job: 'rehearsal-services' },
  annotations: { summary: 'cache is down' },
  startsAt: '2025-12-06T00:00:00.000Z',
  updatedAt: '2025-12-06T00:00:05.000Z',
  endsAt: '2025-12-06T00:10:00.000Z',
  generatorURL: 'http://127.0.0.1:9190/graph',
  status: { state: 'active', silencedBy: [], inhibitedBy: [] },
  receivers: [{ name: 'warroom' }],
};

let server: Server | undefined;
let core: CoreParts | undefined;
afterEach(async () => {
  await core?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = core = undefined;
});

/** A fake Alertmanager whose next answer the test sets; a real HTTP server on a free port. */
async function startAlertmanager(): Promise<{ url: string; reply: (r: Reply) => void }> {
  let next: Reply = { status: 200, body: '[]' };
  server = createServer((req, res) => {
    const { status, body, delayMs, heldUntil } = next;
    void (heldUntil ?? Promise.resolve()).then(() =>
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' }).end(body);
      }, delayMs ?? 0),
    );
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, reply: (r) => (next = r) };
}

/** `alertPolling`: the owner's poll loop, which reads at once (off by default in tests). */
function coreFor(url: string, { alertPolling = false, timeoutMs = 300 } = {}): CoreParts {
  const loaded = loadConfigFile(REHEARSAL_CONFIG, { bundled: true });
  loaded.config.monitoring = MonitoringConfigSchema.parse({ alertmanager: { rehearsal: { url, timeout: timeoutMs, pollInterval: 5000 } } });
  return makeCoreParts({ loaded, alertPolling });
}

const list = async (c: CoreParts, refresh = true) => {
  const answer = await c.dispatch('alerts.list', { refresh }, { role: 'viewer', transport: 'memory' });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
};

/** The next alerts.changed of `c`. */
function nextChange(c: CoreParts): Promise<AlertsState> {
  return new Promise((resolve) => {
    const off = c.bus.on('alerts.changed', (state) => {
      off();
      resolve(state);
    });
  });
}

describe('an Alertmanager not read yet', () => {
  it('is pending (not unreachable, not "no alerts") while the first read is on its way, then ok with its alerts', async () => {
    const am = await startAlertmanager();
    let release = () => {};
    am.reply({ status: 200, body: JSON.stringify([FIRING]), heldUntil: new Promise<void>((resolve) => (release = resolve)) });
    // The owner's poll loop starts its first read with the core; Alertmanager holds the answer.
    core = coreFor(am.url, { alertPolling: true, timeoutMs: 10_000 });
    const changed = nextChange(core);
    const before = await list(core, false);
    expect(before).toMatchObject({ source: { state: 'pending', url: am.url, message: 'not read yet' }, checkedAt: null, alertsAt: null, alerts: [] });

    release();
    const after = await changed;
    expect(after.source).toEqual({ state: 'ok', url: am.url, message: null });
    expect(after.alerts).toEqual([expect.objectContaining({ name: 'ServiceDown', service: 'cache', status: 'active' })]);
    expect(after.checkedAt).toEqual(expect.any(Number));
    expect(await list(core, false)).toEqual(after);
  });

  it('is read when first asked on a core without the poll loop, and turns unreachable with its address when nothing answers', async () => {
    const am = await startAlertmanager();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    core = coreFor(am.url);
    const changed = nextChange(core);
    // Answered at once (pending), and the read it started answers as alerts.changed.
    expect((await list(core, false)).source).toEqual({ state: 'pending', url: am.url, message: 'not read yet' });
    const after = await changed;
    expect(after.source).toEqual({ state: 'unreachable', url: am.url, message: `Alertmanager unreachable: GET ${am.url}/api/v2/alerts: connection refused` });
    expect(after).toMatchObject({ checkedAt: expect.any(Number), alertsAt: null, alerts: [] });
  });
});

describe('an Alertmanager that misbehaves', () => {
  it('reads firing alerts with their runbook, then keeps them marked stale through an error, a malformed body and a timeout', async () => {
    const am = await startAlertmanager();
    core = coreFor(am.url);
    am.reply({ status: 200, body: JSON.stringify([FIRING]) });
    const ok = await list(core);
    expect(ok.source).toEqual({ state: 'ok', url: am.url, message: null });
    expect(ok.alerts).toEqual([expect.objectContaining({ name: 'ServiceDown', service: 'cache', status: 'active', runbookId: 'service-down' })]);
    const readAt = ok.alertsAt;

    am.reply({ status: 500, body: 'internal error: storage broken' });
    const failed = await list(core);
    expect(failed.source).toMatchObject({ state: 'error', message: expect.stringMatching(/^Alertmanager answered 500 to GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/alerts: internal error: storage broken$/) });
    expect(failed.alerts).toHaveLength(1);
    expect(failed.alertsAt).toBe(readAt);

    am.reply({ status: 200, body: '<html>proxy login</html>' });
    expect((await list(core)).source.message).toMatch(/malformed body \(not JSON\): <html>proxy login/);

    am.reply({ status: 200, body: JSON.stringify([{ ...FIRING, startsAt: 'yesterday' }]) });
    expect((await list(core)).source.message).toMatch(/malformed body: expected an RFC 3339 time at 0\.startsAt/);

    am.reply({ status: 200, body: '[]', delayMs: 2000 });
    const slow = await list(core);
    expect(slow.source).toMatchObject({ state: 'unreachable', message: expect.stringMatching(/^Alertmanager unreachable: GET .*: no answer within 300 ms$/) });
    expect(slow.alerts).toHaveLength(1);
  });

  it('is "unreachable: connection refused" when nothing listens, and a silence is refused as unavailable', async () => {
    const am = await startAlertmanager();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    core = coreFor(am.url);
    const state = await list(core);
    expect(state.source).toMatchObject({ state: 'unreachable', message: expect.stringMatching(/connection refused$/) });
    expect(state.alerts).toEqual([]);
    const silence = await core.dispatch('alerts.silence', { fingerprint: 'f00d', by: 'ana', reason: 'on it', durationMs: 3_600_000 }, { role: 'operator', transport: 'memory' });
    expect(silence).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/connection refused/) } });
  });

  it('records a firing episode and resolves it when Alertmanager no longer holds the alert', async () => {
    const am = await startAlertmanager();
    core = coreFor(am.url);
    am.reply({ status: 200, body: JSON.stringify([FIRING]) });
    await list(core);
    am.reply({ status: 500, body: 'down for a moment' });
    await list(core);
    // A failed read resolves nothing.
    expect(core.store.alertEpisodes.open('rehearsal')).toHaveLength(1);
    am.reply({ status: 200, body: '[]' });
    await list(core);
    const history = await core.dispatch('alerts.history', { service: 'cache', from: 0 }, { role: 'viewer', transport: 'memory' });
    expect(history).toMatchObject({ ok: true, value: [{ name: 'ServiceDown', service: 'cache', startedAt: Date.parse(FIRING.startsAt), resolvedAt: expect.any(Number) }] });
  });
});

describe('an Alertmanager that stops under a kept-alive connection', () => {
  it('reads again on a fresh connection and says "connection refused", not "other side closed"; a POST is never sent twice', async () => {
    const server = await startCuttingServer('[]', { stopAtCut: true });
    try {
      const client = createAlertmanagerClient({ url: server.url, timeoutMs: 3000 });
      expect(await client.alerts()).toEqual([]);
      await pooled();
      await expect(client.alerts()).rejects.toThrow(`Alertmanager unreachable: GET ${server.url}/api/v2/alerts: connection refused`);
    } finally {
      await server.close();
    }
    const again = await startCuttingServer('[]');
    try {
      const client = createAlertmanagerClient({ url: again.url, timeoutMs: 3000 });
      expect(await client.alerts()).toEqual([]);
      await pooled();
      await expect(client.postAlerts([])).rejects.toThrow(/other side closed/);
      expect(again.connections()).toBe(1);
    } finally {
      await again.close();
    }
  });
});
