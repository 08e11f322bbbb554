/**
 * A load test from the app against the rehearsal platform: start, live charts and numbers every
 * second, the verdict on the thresholds, the report, and the run surviving a reload of the page.
 */
import { expect, screenshot, test } from '../fixtures.js';
import { AppPage } from '../pages/app-page.js';

test.describe.configure({ timeout: 90_000 });

test('a load test runs from start to verdict with live charts and a report', async ({ page, startWarroom }) => {
  const warroom = await startWarroom({ rehearsal: true });
  const app = new AppPage(page);
  await app.open(`${warroom.url}#/rehearsal`);
  await expect(page.getByTestId('rehearsal-state')).toHaveAttribute('data-state', 'running', { timeout: 20_000 });

  await app.goTo('load');
  await expect(page.getByTestId('load-profile-smoke')).toBeVisible();
  await expect(page.getByTestId('load-profile-endurance')).toBeVisible();
  const name = page.getByTestId('operator-name');
  await name.fill('e2e operator');
  await name.press('Enter');
  await page.getByTestId('load-start-check').click();
  const live = page.getByTestId('load-live');
  await expect(live).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('load-endpoints').getByTestId('endpoint-row').first()).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('chart-rps')).toBeVisible();
  await expect(page.getByTestId('chart-latency')).toBeVisible();
  await screenshot(page, 'load-running');

  // The running test survives a reload of the renderer.
  await page.reload();
  await app.waitReady();
  await expect(page.getByTestId('load-live')).toBeVisible();
  await expect(page.getByTestId('load-progress')).toBeVisible();

  const verdict = page.getByTestId('load-verdict');
  await expect(verdict).toBeVisible({ timeout: 40_000 });
  await expect(verdict).toHaveAttribute('data-outcome', 'passed');
  await screenshot(page, 'load-verdict');

  const download = page.waitForEvent('download');
  await page.getByTestId('report-html').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^warroom-load-check-\d+-.*\.html$/);
});
