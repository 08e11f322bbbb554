/**
 * Rollback from a button: a bad deploy on the rehearsal platform is rolled back from the Actions
 * view with type-to-confirm, its output streams live, and the post-check shows health restored.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, screenshot, test } from '../fixtures.js';
import { AppPage } from '../pages/app-page.js';

test.describe.configure({ timeout: 90_000 });

test('a bad deploy is rolled back from the button with type-to-confirm, live output and health restored', async ({ page, startWarroom }) => {
  const warroom = await startWarroom({ rehearsal: true });
  const app = new AppPage(page);
  await app.open(`${warroom.url}#/rehearsal`);
  await expect(page.getByTestId('rehearsal-state')).toHaveAttribute('data-state', 'running', { timeout: 20_000 });

  const state = join(warroom.dataDir, 'rehearsal', 'platform.json');
  const deploy = spawnSync(process.execPath, ['resources/rehearsal/deploy.mjs', '--state', state, '--version', '2.5.0-rc3', '--service', 'gateway', '--step-delay-ms', '0'], { encoding: 'utf8' });
  expect(deploy.status, deploy.stderr).toBe(0);

  await app.goTo('actions');
  await expect(page.getByTestId('action-rollback')).toBeVisible();
  await page.getByTestId('action-run-rollback').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  const actor = dialog.getByTestId('confirm-actor');
  if (await actor.isVisible()) await actor.fill('Ana (incident lead)');
  const submit = dialog.getByTestId('confirm-submit');
  await dialog.getByTestId('confirm-input').fill('rehearsa');
  await expect(submit).toBeDisabled();
  await dialog.getByTestId('confirm-input').fill('rehearsal');
  await expect(submit).toBeEnabled();
  await screenshot(page, 'actions-confirm');
  await submit.click();

  const panel = page.getByTestId('run-panel');
  await expect(panel.getByTestId('run-log')).toContainText('gateway: 2.5.0-rc3 → 2.4.1', { timeout: 20_000 });
  await expect(panel).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 });
  await expect(panel.getByTestId('health-restored')).toHaveAttribute('data-restored', 'true', { timeout: 60_000 });
  await screenshot(page, 'actions-rollback-done');

  const audit = spawnSync(process.execPath, ['bin/warroom.js', 'audit', 'verify', '--data-dir', warroom.dataDir, '--config', 'resources/rehearsal.yaml', '--json'], { encoding: 'utf8' });
  expect(audit.status, audit.stdout + audit.stderr).toBe(0);
  expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true });
});
