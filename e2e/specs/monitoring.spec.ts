/**
 * The Monitoring view with the real chain: the app with the bundled rehearsal platform (fixed ports
 * 8001-8013) and its bundled monitoring config, `warroom rehearse monitoring start --fast` running
 * Debian's Prometheus and Alertmanager on 127.0.0.1:9190/9193, real API requests to every service.
 * The tiles show numbers per service and a range chart draws; a service stopped by a rehearsal
 * fault is counted on the tiles and fires ServiceDown, which opens its runbook; once the stack is
 * stopped every tile says "Prometheus unreachable" and how to start the stack, with no number, on
 * the Health view too.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from '../fixtures.js';
import { LONG_PROBE_ERROR, withLongReasons } from '../long-reasons.js';
import { AppPage } from '../pages/app-page.js';
import { startMonitoringStack, stopMonitoringStack } from '../monitoring-stack.js';
import { cutText } from '../text-fit.js';
import { viewShot } from '../shots.js';

test.describe.configure({ timeout: 4 * 60_000 });

const ROOT = resolve(import.meta.dirname, '..', '..');
/** The rehearsal services' fixed ports (resources/rehearsal.yaml). */
const SERVICE_PORTS = [8001, 8002, 8003, 8004, 8005, 8006, 8007, 8009, 8010, 8011, 8012];
const INSTANT_TILES = ['services-down', 'error-rate', 'p95-latency', 'request-rate', 'cpu', 'memory', 'db-pool', 'cache-memory'];
let traffic: NodeJS.Timeout | undefined;

test.afterEach(async () => {
  clearInterval(traffic);
  await stopMonitoringStack();
});

/** A few API requests a second to every service (the answer, or a refusal, does not matter). */
function apiTraffic(): NodeJS.Timeout {
  return setInterval(() => {
    for (const port of SERVICE_PORTS) void fetch(`http://127.0.0.1:${port}/api/v1/monitoring-check`).then((r) => r.arrayBuffer(), () => undefined);
  }, 250);
}

/** Reads Prometheus now (the view's button) until `done` holds. */
async function readUntil(page: Page, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  await expect
    .poll(
      async () => {
        if (await page.getByTestId('monitoring-refresh').isEnabled()) await page.getByTestId('monitoring-refresh').click();
        return done();
      },
      { timeout: timeoutMs, intervals: [2000] },
    )
    .toBe(true);
}

test('the Monitoring view reads the rehearsal Prometheus: numbers per service, a chart, a stopped service, then "unreachable"', async ({ page, startWarroom }, testInfo) => {
  const warroom = await startWarroom({ rehearsal: true });
  const app = new AppPage(page);
  await app.open(`${warroom.url}#/rehearsal`);
  await expect(page.getByTestId('rehearsal-state')).toHaveAttribute('data-state', 'running', { timeout: 20_000 });

  const stack = await startMonitoringStack(warroom.dataDir);
  traffic = apiTraffic();

  await page.goto(`${warroom.url}#/monitoring`);
  await expect(page.getByTestId('view-monitoring')).toBeVisible();
  await expect(page.getByTestId('monitoring-source')).toContainText('Prometheus of rehearsal: http://127.0.0.1:9190');
  // Every instant tile a number, the charts drawn, the monitoring check in order.
  await readUntil(
    page,
    async () => {
      for (const id of INSTANT_TILES) if ((await page.getByTestId(`query-tile-value-${id}`).count()) === 0) return false;
      return (await page.getByTestId('query-tile-chart-latency-chart').count()) > 0 && (await page.getByTestId('monitoring-status').getAttribute('data-state')) === 'ok';
    },
    90_000,
  );
  await expect(page.getByTestId('monitoring-status')).toContainText(/12 of 12 targets up, 5 alert rules loaded/);
  await expect(page.getByTestId('query-tile-services-down')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('query-tile-value-services-down')).toHaveText('0');
  await expect(page.getByTestId('query-tile-value-error-rate')).toHaveText('0 %');
  await expect(page.getByTestId('query-tile-value-p95-latency')).toHaveText(/^\d+(\.\d+)? ms$/);
  await expect(page.getByTestId('query-tile-value-memory')).toHaveText(/MB$/);
  // Per service: the big number names its service, the others are listed under it.
  await expect(page.getByTestId('query-tile-value-of-memory')).not.toBeEmpty();
  await expect(page.getByTestId('query-tile-series-memory').locator('li')).toHaveCount(6);
  await expect(page.getByTestId('query-tile-chart-requests-chart')).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'monitoring-tiles');

  // A service stops: the tiles count it, ServiceDown fires and opens its runbook.
  const fault = spawnSync(process.execPath, ['bin/warroom.js', 'rehearse', 'fault', 'cache', 'stop', '--data-dir', warroom.dataDir], { cwd: ROOT, encoding: 'utf8' });
  expect(fault.status, fault.stderr).toBe(0);
  await readUntil(page, async () => (await page.getByTestId('query-tile-services-down').getAttribute('data-state')) === 'bad', 30_000);
  await expect(page.getByTestId('query-tile-value-services-down')).toHaveText('1');
  await expect(page.getByTestId('monitoring-status')).toHaveAttribute('data-state', 'bad');
  await expect(page.getByTestId('monitoring-status')).toContainText('1 of 12 targets down');
  await screenshot(page, 'monitoring-service-down');

  await app.goTo('alerts');
  const alert = page.getByTestId('alert-ServiceDown-cache');
  await expect(alert).toHaveAttribute('data-status', 'active', { timeout: 60_000 });
  await alert.getByRole('button', { name: /Runbook: A service is down/ }).click();
  await expect(alert.getByTestId('alert-runbook-open')).toHaveAttribute('data-runbook', 'service-down');
  await screenshot(page, 'monitoring-alert-runbook');

  // The stack stops: every tile says why it has no number, none keeps its last value.
  clearInterval(traffic);
  await stack.stop();
  await testInfo.attach('monitoring stack', { body: stack.output() });
  await page.goto(`${warroom.url}#/monitoring`);
  await readUntil(page, async () => (await page.getByTestId('query-tile-p95-latency').getAttribute('data-state')) === 'error', 30_000);
  for (const id of [...INSTANT_TILES, 'latency-chart', 'requests-chart']) {
    await expect(page.getByTestId(`query-tile-${id}`)).toHaveAttribute('data-state', 'error');
    await expect(page.getByTestId(`query-tile-detail-${id}`)).toHaveText('Prometheus unreachable (127.0.0.1:9190): connection refused');
    await expect(page.getByTestId(`query-tile-value-${id}`)).toHaveCount(0);
  }
  // What to do is the same for every tile: said once, above them.
  await expect(page.getByTestId('monitoring-tiles-hint')).toHaveText('What to do: Start the rehearsal monitoring stack: warroom rehearse monitoring start');
  await expect(page.locator('[data-testid^="query-tile-hint-"]')).toHaveCount(0);
  await expect(page.getByTestId('monitoring-status')).toContainText('Prometheus unreachable (127.0.0.1:9190): connection refused');
  await screenshot(page, 'monitoring-unreachable');

  // The Health view's tiles (error rate, P95) say the same, with how to start the stack again.
  await app.goTo('health');
  for (const id of ['error-rate', 'p95-latency']) {
    const tile = page.getByTestId('health-query-tiles').getByTestId(`query-tile-${id}`);
    await expect(tile).toHaveAttribute('data-state', 'error');
    await expect(tile.getByTestId(`query-tile-detail-${id}`)).toHaveText('Prometheus unreachable (127.0.0.1:9190): connection refused');
    await expect(tile.getByTestId(`query-tile-value-${id}`)).toHaveCount(0);
  }
  await expect(page.getByTestId('health-query-tiles-hint')).toHaveText('What to do: Start the rehearsal monitoring stack: warroom rehearse monitoring start');
  await screenshot(page, 'health-monitoring-unreachable');

  // The Alerts view: its Alertmanager is the same stack's, with the same cure.
  await app.goTo('alerts');
  await page.getByTestId('alerts-refresh').click();
  await expect(page.getByTestId('alerts-source')).toHaveAttribute('data-state', 'unreachable');
  await expect(page.getByTestId('alerts-hint')).toHaveText('What to do: Start the rehearsal monitoring stack: warroom rehearse monitoring start');
  await screenshot(page, 'alerts-unreachable');
});

/** What a Prometheus behind a proxy said when its upstream timed out (the core keeps 160 characters of it). */
const LONG_PROMETHEUS_ERROR =
  'expanding series: proxy error from thanos-query-frontend.monitoring.svc.cluster.local:10902/api/v1/query?partial_response=true&dedup=true: context deadline exceeded (Client.Timeout exceeded while awaiting headers)';

test('long reasons stay inside their tiles on the Health and Monitoring views: a probe error, a Prometheus that answers with one', async ({ page, startWarroom }) => {
  // A Prometheus that answers every query 503 with a long error (no stack, no platform needed).
  const prometheus = createServer((_request, response) => {
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'error', errorType: 'execution', error: LONG_PROMETHEUS_ERROR }));
  });
  await new Promise<void>((done) => prometheus.listen(0, '127.0.0.1', done));
  try {
    const url = `http://127.0.0.1:${(prometheus.address() as AddressInfo).port}`;
    const warroom = await startWarroom({ config: (bundled) => withLongReasons(bundled, url) });
    const app = new AppPage(page);
    await app.open(`${warroom.url}#/health`);
    const identity = page.getByTestId('service-tile-identity');
    await expect(identity.getByTestId('probe-row-identity/token-signer')).toContainText(LONG_PROBE_ERROR.slice(0, 60), { timeout: 30_000 });
    await expect(page.getByTestId('service-tile-data-layer').getByTestId('probe-row-data-layer/slo-burn')).toContainText('Prometheus answered 503: execution: expanding series', { timeout: 30_000 });
    await expect(page.getByTestId('health-query-tiles').getByTestId('query-tile-detail-error-rate')).toContainText('Prometheus answered 503: execution: expanding series', { timeout: 30_000 });
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await cutText(page, '[data-testid^="service-tile-"], [data-testid="health-query-tiles"] .query-tile')).toEqual([]);
    }
    await viewShot(page, identity, 'health-long-reason');
    await viewShot(page, page.getByTestId('health-query-tiles'), 'health-query-tiles-long-reason');

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${warroom.url}#/monitoring`);
    await expect(page.getByTestId('query-tile-detail-p95-latency')).toContainText('Prometheus answered 503', { timeout: 30_000 });
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await cutText(page, '[data-testid="monitoring-tiles"] .query-tile')).toEqual([]);
    }
    await viewShot(page, page.getByTestId('view-monitoring'), 'monitoring-long-reason');
  } finally {
    await new Promise((done) => prometheus.close(done));
  }
});
