/**
 * The offline rehearsal from the app: the bundled platform starts with the app, a service stopped
 * from the Rehearsal panel turns its tile red within about one probe interval and fails the
 * validation script; a bad deploy is rolled back by the rollback script; a scenario plays.
 * The platform listens on its fixed ports 8001-8013, as `npm start` uses it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, screenshot, test } from '../fixtures.js';
import type { Warroom } from '../fixtures.js';
import { AppPage } from '../pages/app-page.js';

test.describe.configure({ timeout: 60_000 });

function script(warroom: Warroom, name: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join('resources', 'rehearsal', name), '--state', join(warroom.dataDir, 'rehearsal', 'platform.json'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

async function openRehearsal(app: AppPage, warroom: Warroom) {
  await app.open(`${warroom.url}#/rehearsal`);
  await expect(app.page.getByTestId('rehearsal-state')).toHaveAttribute('data-state', 'running', { timeout: 20_000 });
  await expect(app.page.locator('[data-testid^="rehearsal-service-"]')).toHaveCount(11);
}

test('a service stopped from the panel turns red within one interval and fails validation', async ({ page, startWarroom }) => {
  const warroom = await startWarroom({ rehearsal: true });
  const app = new AppPage(page);
  await openRehearsal(app, warroom);
  await app.goTo('board');
  await expect(page.getByTestId('service-tile-cache')).toHaveAttribute('data-status', 'up', { timeout: 15_000 });
  await screenshot(page, 'board-live');

  await app.goTo('rehearsal');
  await page.getByTestId('fault-stop-cache').click();
  await expect(page.getByTestId('rehearsal-service-cache')).toHaveAttribute('data-running', 'false');
  await screenshot(page, 'rehearsal-cache-stopped');
  const stoppedAt = Date.now();
  await app.goTo('board');
  // The bundled config probes every 5 s; a changed result is confirmed within a second.
  await expect(page.getByTestId('service-tile-cache')).toHaveAttribute('data-status', 'down', { timeout: 8_000 });
  expect(Date.now() - stoppedAt).toBeLessThan(8_000);
  await expect(page.getByTestId('service-tile-agent-registry')).toContainText(/because/i, { timeout: 8_000 });
  await screenshot(page, 'board-cache-down');

  const validation = script(warroom, 'post-deploy-validate.mjs');
  expect(validation.code).toBe(1);
  expect(validation.output).toMatch(/cache unhealthy \(live connection refused/);

  await app.goTo('rehearsal');
  await page.getByTestId('fault-start-cache').click();
  await app.goTo('board');
  await expect(page.getByTestId('service-tile-cache')).toHaveAttribute('data-status', 'up', { timeout: 10_000 });
  expect(script(warroom, 'post-deploy-validate.mjs').code).toBe(0);
});

test('a bad deploy is caught by validation and restored by the rollback script', async ({ page, startWarroom }) => {
  const warroom = await startWarroom({ rehearsal: true });
  const app = new AppPage(page);
  await openRehearsal(app, warroom);

  const deploy = script(warroom, 'deploy.mjs', '--version', '2.5.0-rc3', '--service', 'gateway', '--step-delay-ms', '0');
  expect(deploy.code, deploy.output).toBe(0);
  await expect(page.getByTestId('rehearsal-service-gateway')).toContainText('2.5.0-rc3');
  expect(script(warroom, 'post-deploy-validate.mjs', '--samples', '20').code).toBe(1);
  await screenshot(page, 'rehearsal-bad-deploy');

  const rollback = script(warroom, 'rollback.mjs', '--service', 'gateway');
  expect(rollback.code, rollback.output).toBe(0);
  expect(rollback.output).toContain('gateway: 2.5.0-rc3 → 2.4.1');
  await expect(page.getByTestId('rehearsal-service-gateway')).not.toContainText('2.5.0-rc3');
  expect(script(warroom, 'post-deploy-validate.mjs').code).toBe(0);
});

test('a scenario plays at 60× and its timeline advances', async ({ page, startWarroom }) => {
  const warroom = await startWarroom({ rehearsal: true });
  const app = new AppPage(page);
  await openRehearsal(app, warroom);
  await page.getByTestId('scenario-speed-60').click();
  await page.getByTestId('scenario-play-service-crash').click();
  const timeline = page.getByTestId('scenario-timeline');
  await expect(timeline).toBeVisible();
  await expect(timeline.locator('[data-testid="timeline-step"][data-state="done"]')).toHaveCount(2, { timeout: 10_000 });
  await expect(timeline).toHaveAttribute('data-state', 'finished');
  await screenshot(page, 'rehearsal-scenario');
});
