/**
 * The whole chain, real: the rehearsal platform, Debian's `prometheus` and `prometheus-alertmanager`
 * on free loopback ports (never 9090/9093) with 1 s scrape and evaluation, a Warroom core and its
 * web shell. A stopped service makes ServiceDown fire and reach Warroom with its runbook; a
 * silence made from Warroom is in Alertmanager; a test alert arrives; Prometheus scrapes
 * Warroom's /metrics with a bearer token; the episode resolves when the service is back.
 */
import { MonitoringConfigSchema } from '../../../../shared/domain/monitoring.js';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer } from '../../../web/web-server.js';
import type { WebServer } from '../../../web/web-server.js';
import type { AlertsState } from '../../../../shared/domain/alerts.js';
import { loadConfigFile } from '../../config/load-config.js';
import type { CoreParts } from '../../core.js';
import { silentLogger } from '../../logger.js';
import { defaultResourcesDir } from '../../paths.js';
import { makeCoreParts, REHEARSAL_CONFIG } from '../../testing/make-core.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { createPlatformClient } from '../platform-client.js';
import { launchPlatform } from '../platform-launcher.js';
import type { LaunchedPlatform } from '../platform-launcher.js';
import { rehearsalFiles } from '../rehearsal-service.js';
import { startMonitoringStack } from './monitoring-stack.js';
import type { MonitoringStack } from './monitoring-stack.js';

const TOKEN = 'scrape-token-0123456789abcdef';
const operator = { role: 'operator', transport: 'memory' } as const;

let temp: { path: string; remove(): void };
let platform: LaunchedPlatform;
let core: CoreParts;
let web: WebServer;
let stack: MonitoringStack;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Polls `look` until it answers something (real processes take real time), or fails after `withinMs`. */
async function eventually<T>(what: string, look: () => Promise<T | undefined>, withinMs = 60_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  let last: string | undefined;
  while (Date.now() < deadline) {
    try {
      const found = await look();
      if (found !== undefined) return found;
    } catch (error) {
      last = error instanceof Error ? error.message : JSON.stringify(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen within ${withinMs} ms${last ? ` (last error: ${last})` : ''}`);
}

async function alerts(): Promise<AlertsState> {
  const answer = await core.dispatch('alerts.list', { refresh: true }, operator);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

const serviceDown = (state: AlertsState, service: string) => state.alerts.find((a) => a.name === 'ServiceDown' && a.service === service);

beforeAll(async () => {
  temp = makeTempDir();
  platform = await launchPlatform({ stateFile: join(temp.path, 'platform.json'), anyPort: true, ...rehearsalFiles(defaultResourcesDir()) });
  const alertmanagerPort = await freePort();
  const loaded = loadConfigFile(REHEARSAL_CONFIG, { bundled: true });
  loaded.config.monitoring = MonitoringConfigSchema.parse({ alertmanager: { rehearsal: { url: `http://127.0.0.1:${alertmanagerPort}`, timeout: 3000, pollInterval: 60_000 } } });
  core = makeCoreParts({ loaded, dataDir: temp.path });
  web = await startWebServer({ dispatch: core.dispatch, bus: core.bus, rendererDir: null, host: '127.0.0.1', port: 0, token: TOKEN, readOnly: false, logger: silentLogger, metrics: true });
  stack = await startMonitoringStack({
    templateDir: join(defaultResourcesDir(), 'rehearsal', 'monitoring'),
    servicePorts: platform.ports,
    warroom: { url: web.url, token: TOKEN },
    prometheusPort: 0,
    alertmanagerPort,
    scrapeIntervalMs: 1000,
    evaluationIntervalMs: 1000,
    alertForMs: 1000,
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await web?.close();
  await core?.close();
  await platform?.kill();
  temp?.remove();
}, 60_000);

describe('the rehearsal monitoring stack with real Prometheus and Alertmanager', () => {
  it('listens on loopback ports of its own, not Debian’s 9090/9093', () => {
    expect(stack.prometheusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.prometheusUrl).not.toMatch(/:9090$/);
    expect(stack.alertmanagerUrl).not.toMatch(/:9093$/);
  });

  it('fires ServiceDown for a stopped service, and Warroom shows it with its runbook and records the episode', async () => {
    const control = createPlatformClient({ controlUrl: platform.controlUrl, token: platform.token });
    await control.fault({ service: 'cache', fault: { kind: 'stop' } });
    const state = await eventually('ServiceDown for cache in Warroom', async () => {
      const now = await alerts();
      return serviceDown(now, 'cache') ? now : undefined;
    });
    expect(state.source.state).toBe('ok');
    expect(serviceDown(state, 'cache')).toMatchObject({ status: 'active', severity: 'critical', runbookId: 'service-down', annotations: { summary: 'cache is down' } });
    expect(state.alerts.filter((a) => a.name === 'ServiceDown').map((a) => a.service)).toEqual(['cache']);
    const history = await core.dispatch('alerts.history', { service: 'cache' }, operator);
    expect(history).toMatchObject({ ok: true, value: [{ name: 'ServiceDown', service: 'cache', resolvedAt: null }] });
  }, 90_000);

  it('acknowledges it with a silence made from Warroom: Alertmanager holds the silence, the alert is suppressed, the audit trail has it', async () => {
    const fingerprint = serviceDown(await alerts(), 'cache')!.fingerprint;
    const made = await core.dispatch('alerts.silence', { fingerprint, by: 'ana', reason: 'restarting the cache', durationMs: 30 * 60_000 }, operator);
    expect(made).toMatchObject({ ok: true });
    if (!made.ok) return;
    const silences = (await (await fetch(`${stack.alertmanagerUrl}/api/v2/silences`)).json()) as { id: string; createdBy: string; comment: string; status: { state: string } }[];
    expect(silences).toContainEqual(expect.objectContaining({ id: made.value.silenceId, createdBy: 'ana', comment: 'restarting the cache', status: { state: 'active' } }));
    expect(serviceDown(await alerts(), 'cache')).toMatchObject({ status: 'suppressed', silencedBy: [made.value.silenceId] });
    expect(core.store.audit.tail(5)).toContainEqual(expect.objectContaining({ actor: 'ana', event: 'alert_silenced', detail: expect.objectContaining({ silenceId: made.value.silenceId, alert: 'ServiceDown', service: 'cache' }) }));
  }, 30_000);

  it('posts a test alert that arrives in Alertmanager', async () => {
    const sent = await core.dispatch('alerts.sendTest', { by: 'ana', waitMs: 10_000 }, operator);
    expect(sent).toMatchObject({ ok: true, value: { arrivedAt: expect.any(Number), fingerprint: expect.any(String) } });
    const state = await alerts();
    expect(state.alerts).toContainEqual(expect.objectContaining({ name: 'WarroomTestAlert', status: 'active', labels: expect.objectContaining({ source: 'warroom' }) }));
  }, 30_000);

  it("scrapes Warroom's /metrics with the bearer token (and the shell refuses a scrape without it)", async () => {
    const value = await eventually('Prometheus scraping Warroom', async () => {
      const answer = (await (await fetch(`${stack.prometheusUrl}/api/v1/query?query=${encodeURIComponent('warroom_board_score_percent')}`)).json()) as {
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return answer.data.result[0];
    });
    expect(value.metric).toMatchObject({ job: 'warroom' });
    expect(Number(value.value[1])).toBeGreaterThanOrEqual(0);
    const up = (await (await fetch(`${stack.prometheusUrl}/api/v1/query?query=${encodeURIComponent('up{job="warroom"}')}`)).json()) as { data: { result: { value: [number, string] }[] } };
    expect(up.data.result[0]?.value[1]).toBe('1');
    expect((await fetch(`${web.url}metrics`)).status).toBe(401);
  }, 90_000);

  it('resolves the episode once the service runs again', async () => {
    const control = createPlatformClient({ controlUrl: platform.controlUrl, token: platform.token });
    await control.fault({ service: 'cache', fault: { kind: 'start' } });
    const episode = await eventually('ServiceDown for cache resolved', async () => {
      await alerts();
      const history = await core.dispatch('alerts.history', { service: 'cache' }, operator);
      const first = history.ok ? history.value[0] : undefined;
      return first && first.resolvedAt !== null ? first : undefined;
    });
    expect(episode).toMatchObject({ name: 'ServiceDown', service: 'cache', resolvedAt: expect.any(Number) });
  }, 90_000);
});
