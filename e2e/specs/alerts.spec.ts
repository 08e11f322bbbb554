/**
 * Alerts that open their runbook, with the real chain: the app with the bundled rehearsal platform
 * (fixed ports 8001-8013), `warroom rehearse monitoring start --fast` running Debian's Prometheus
 * and Alertmanager on 127.0.0.1:9190/9193 (the bundled config's Alertmanager), a service stopped
 * from the CLI. ServiceDown fires, shows on the board and in the Alerts view, opens the "A service
 * is down" runbook with its restart action one click away, and is acknowledged with a silence.
 * And before Alertmanager's first answer (one that holds its answer back), the Alerts view and the
 * wall say it is being read: no error, no "no alerts", no board row.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { expect, screenshot, test } from '../fixtures.js';
import { AppPage } from '../pages/app-page.js';
import { startMonitoringStack, stopMonitoringStack } from '../monitoring-stack.js';

test.describe.configure({ timeout: 120_000 });

const ROOT = resolve(import.meta.dirname, '..', '..');

test.afterEach(stopMonitoringStack);

test('a firing alert opens its runbook, with its action one click away, and is acknowledged', async ({ page, startWarroom }, testInfo) => {
  const warroom = await startWarroom({ rehearsal: true });
  const app = new AppPage(page);
  await app.open(`${warroom.url}#/rehearsal`);
  await expect(page.getByTestId('rehearsal-state')).toHaveAttribute('data-state', 'running', { timeout: 20_000 });

  const stack = await startMonitoringStack(warroom.dataDir);
  await testInfo.attach('monitoring stack', { body: stack.output() });

  const fault = spawnSync(process.execPath, ['bin/warroom.js', 'rehearse', 'fault', 'cache', 'stop', '--data-dir', warroom.dataDir], { cwd: ROOT, encoding: 'utf8' });
  expect(fault.status, fault.stderr).toBe(0);

  await app.goTo('board');
  const summary = page.getByTestId('board-alerts-summary');
  await expect(summary).toHaveAttribute('data-active', '1', { timeout: 60_000 });
  await expect(summary).toContainText('ServiceDown (cache)');
  await screenshot(page, 'alerts-board-row');

  // The wall shows it too, with the runbook that answers it.
  const wallPage = await page.context().newPage();
  await wallPage.setViewportSize({ width: 1920, height: 1080 });
  await wallPage.goto(new URL('/?wall', warroom.url).href);
  const wallAlert = wallPage.getByTestId('wall-alert-ServiceDown');
  await expect(wallAlert).toContainText('ServiceDown · cache', { timeout: 20_000 });
  await expect(wallAlert).toContainText('A service is down');
  await screenshot(wallPage, 'alerts-wall');
  await wallPage.close();

  await summary.click();
  const alert = page.getByTestId('alert-ServiceDown-cache');
  await expect(alert).toHaveAttribute('data-status', 'active');
  await expect(alert).toContainText('cache is down');
  await alert.getByRole('button', { name: /Runbook: A service is down/ }).click();
  const runbook = alert.getByTestId('alert-runbook-open');
  await expect(runbook).toHaveAttribute('data-runbook', 'service-down');
  await expect(runbook.getByRole('button', { name: /Restart/i }).first()).toBeVisible();
  await screenshot(page, 'alerts-runbook-open');

  // Acknowledge: a silence in Alertmanager, and the alert moves to "silenced".
  await runbook.getByTestId('operator-name').fill('Ana');
  await runbook.getByTestId('operator-name').press('Enter');
  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  const form = page.getByTestId('alert-ack-form');
  await form.getByTestId('alert-ack-reason').fill('restarting the cache');
  await form.getByTestId('alert-ack-confirm').click();
  await expect(page.getByTestId('alerts-suppressed').getByTestId('alert-ServiceDown-cache')).toHaveAttribute('data-status', 'suppressed', { timeout: 15_000 });
  const silences = (await (await fetch('http://127.0.0.1:9193/api/v2/silences')).json()) as { createdBy: string; comment: string }[];
  expect(silences).toContainEqual(expect.objectContaining({ createdBy: 'Ana', comment: 'restarting the cache' }));
  await screenshot(page, 'alerts-acknowledged');
});

/** An Alertmanager (over real HTTP) that answers no alert, once released: until then every read waits. */
async function heldAlertmanager(): Promise<{ url: string; release(): void; close(): Promise<void> }> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = createServer((req, res) => {
    void released.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, release, close };
}

test('before Alertmanager first answers, the Alerts view and the wall say it is being read, not an error and not all clear', async ({ page, startWarroom }) => {
  const am = await heldAlertmanager();
  try {
    const warroom = await startWarroom({
      config: (bundled) => {
        const variant = bundled.replace('rehearsal: { url: http://127.0.0.1:9193, pollInterval: 5s, timeout: 3s }', `rehearsal: { url: ${am.url}, pollInterval: 5s, timeout: 60s }`);
        expect(variant).not.toBe(bundled);
        return variant;
      },
    });
    const app = new AppPage(page);
    await app.open(`${warroom.url}#/alerts`);
    const source = page.getByTestId('alerts-source');
    await expect(source).toHaveAttribute('data-state', 'pending');
    await expect(source).toHaveText(`Reading Alertmanager ${am.url}…`);
    await expect(page.getByRole('heading', { name: 'Firing', exact: true })).toBeVisible();
    await expect(page.getByTestId('alerts-none')).toHaveText('Not known yet: Alertmanager is being read.');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await screenshot(page, 'alerts-pending');

    const wallPage = await page.context().newPage();
    await wallPage.setViewportSize({ width: 1920, height: 1080 });
    await wallPage.goto(new URL('/?wall', warroom.url).href);
    const wallAlerts = wallPage.getByTestId('wall-alerts');
    await expect(wallAlerts).toHaveAttribute('data-source', 'pending');
    await expect(wallAlerts).toContainText('Reading Alertmanager…');
    await expect(wallAlerts).not.toContainText('none firing');
    await screenshot(wallPage, 'alerts-wall-pending');

    await app.goTo('board');
    await expect(page.getByTestId('board-alerts-summary')).toHaveCount(0);

    // The first answer: no alert. Now, and only now, the board says so.
    am.release();
    await expect(page.getByTestId('board-alerts-summary')).toHaveAttribute('data-source', 'ok', { timeout: 15_000 });
    await expect(page.getByTestId('board-alerts-summary')).toContainText('No alerts firing');
    await expect(wallAlerts).toHaveAttribute('data-source', 'ok');
    await expect(wallAlerts).toContainText('none firing');
    await wallPage.close();
    await app.goTo('alerts');
    await expect(source).toHaveAttribute('data-state', 'ok');
    await expect(source).toContainText(`Alertmanager ${am.url}`);
    await expect(page.getByTestId('alerts-none')).toHaveText('No alert is firing.');
    await screenshot(page, 'alerts-first-read');
  } finally {
    await am.close();
  }
});
