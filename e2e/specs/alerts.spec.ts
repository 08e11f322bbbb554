/**
 * Alerts that open their runbook, with the real chain: the app with the bundled rehearsal platform
 * (fixed ports 8001-8013), `warroom rehearse monitoring start --fast` running Debian's Prometheus
 * and Alertmanager on 127.0.0.1:9190/9193 (the bundled config's Alertmanager), a service stopped
 * from the CLI. ServiceDown fires, shows on the board and in the Alerts view, opens the "A service
 * is down" runbook with its restart action one click away, and is acknowledged with a silence.
 */
import { spawnSync } from 'node:child_process';
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
