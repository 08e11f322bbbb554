/**
 * Load suites from the app against the rehearsal platform, on the bundled config with short
 * durations: the baseline suite end to end (one progress bar with its ETA moving, the current
 * test's live chart, a verdict per test and for the suite, the suite report downloaded as one file), a run
 * marked as its profile's baseline and the next run compared with it, a run whose threshold fails
 * accepted with a documented exception ("passed with 1 exception"), and a distributed Locust run
 * (a master and two local workers) live, judged, and counted on the board.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { expect, screenshot, SCREENSHOT_DIR, test } from '../fixtures.js';
import { AppPage } from '../pages/app-page.js';
import { viewShot } from '../shots.js';
import { addCriteria, addProfiles, replaceProfile, shortSuites } from '../short-load-config.js';

test.describe.configure({ timeout: 8 * 60_000 });

const OPERATOR = 'Ana (performance)';

/** The bundled config, suites 8 s a test; a profile whose p95 budget no real request meets; Locust distributed for 20 s, on the board. */
function config(bundled: string): string {
  let text = shortSuites(bundled, 8);
  text = addProfiles(text, { 'latency-gate': '{ model: closed, users: 5, duration: 6s, thresholds: ["p(95) < 1"], description: "A p95 budget of 1 ms: fails on any real network." }' });
  text = replaceProfile(text, 'locust-distributed', '{ engine: locust, locustfile: examples/locustfile.py, service: gateway, users: 10, spawnRate: 10, duration: 20s, workers: 2, startLocalWorkers: true }');
  return addCriteria(
    text,
    '    e2e-locust:\n      title: "Load tests meeting thresholds: distributed Locust"\n      group: technical\n      category: performance\n      rule: { type: load-profiles-passed, profiles: [locust-distributed] }\n',
  );
}

async function progressText(page: Page): Promise<string> {
  return (await page.getByTestId('suite-progress').textContent()) ?? '';
}

test('the baseline suite runs from the app; a baseline compares; a failed threshold is accepted; a distributed Locust run counts on the board', async ({ page, startWarroom }) => {
  const warroom = await startWarroom({ rehearsal: true, config });
  await page.addInitScript((name) => window.localStorage.setItem('warroom.author', name), OPERATOR);
  const app = new AppPage(page);
  await app.open(`${warroom.url}#/rehearsal`);
  await expect(page.getByTestId('rehearsal-state')).toHaveAttribute('data-state', 'running', { timeout: 20_000 });

  // ── The baseline suite: one progress bar and ETA, the current test live, a verdict per test.
  await app.goTo('load');
  const suite = page.getByTestId('suite-baseline');
  await expect(suite).toContainText('light → normal → peak → endurance');
  await suite.getByTestId('suite-start-baseline').click();
  const card = page.locator('[data-testid^="suite-run-"]').first();
  await expect(card).toHaveAttribute('data-state', 'running');
  await expect(card.getByTestId('suite-progress')).toHaveText(/^\d+ % · test 1 of 4 · ETA /, { timeout: 15_000 });
  await expect(page.getByTestId('load-live')).toBeVisible();
  await expect(page.getByTestId('chart-rps')).toBeVisible();
  await expect(page.getByTestId('load-endpoints').getByTestId('endpoint-row').first()).toBeVisible({ timeout: 15_000 });
  // The ETA moves: the same bar a few seconds later says less is left, then the next test.
  const first = await progressText(page);
  await expect.poll(() => progressText(page), { timeout: 20_000 }).not.toBe(first);
  await expect(card.getByTestId('suite-progress')).toHaveText(/test 2 of 4/, { timeout: 40_000 });
  await expect(card.getByTestId('suite-test-light')).toHaveAttribute('data-verdict', 'passed');
  // The second test's live chart fills second by second.
  await expect.poll(async () => Number(await page.getByTestId('load-live').getByTestId('load-numbers').getAttribute('data-second')), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'suites-running');

  await expect(card).toHaveAttribute('data-state', 'completed', { timeout: 3 * 60_000 });
  await expect(card.getByTestId('suite-verdict')).toHaveText('passed');
  for (const profile of ['light', 'normal', 'peak', 'endurance']) await expect(card.getByTestId(`suite-test-${profile}`)).toHaveAttribute('data-verdict', 'passed');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'suites-passed');

  // The suite report: one file, its table linking down to each test's whole report in it.
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  const firstDownload = page.waitForEvent('download');
  await card.getByTestId('suite-report').click();
  const report = await firstDownload;
  expect(report.suggestedFilename()).toMatch(/^warroom-suite-baseline-\d+-.*\.html$/);
  const html = readFileSync(await report.path(), 'utf8');
  expect(html).toContain('Performance baseline');
  // Read as a user would: the light test's link jumps to its report, with its charts.
  const reader = await page.context().newPage();
  await reader.setContent(html);
  await reader.getByRole('link', { name: 'light', exact: true }).click();
  const lightReport = reader.locator('article.suite-test').filter({ hasText: 'light' }).first();
  await expect(lightReport.getByRole('heading', { name: /^light #\d+$/ })).toBeInViewport();
  await expect(reader.locator('article.suite-test')).toHaveCount(4);
  await expect(reader.locator('article.suite-test svg').first()).toBeVisible();
  await reader.screenshot({ path: join(SCREENSHOT_DIR, 'suites-report-light.png') });
  await reader.close();
  expect(downloads).toHaveLength(1);

  // ── A baseline: the light run marked from the app, light run again and compared with it.
  await card.getByTestId('suite-test-light').getByRole('button').first().click();
  const box = page.getByTestId('load-baseline');
  await expect(box).toContainText('light has no baseline yet.');
  await box.getByTestId('load-mark-baseline').click();
  await expect(page.getByTestId('load-baseline-this')).toHaveText('This run is the baseline of light.');
  await page.getByTestId('load-start-light').click();
  await expect(page.getByTestId('load-live')).toBeVisible();
  await expect(page.getByTestId('load-result')).toHaveAttribute('data-state', 'passed', { timeout: 60_000 });
  const summary = page.getByTestId('load-baseline-summary');
  await expect(summary).toHaveText(/^Compared with baseline run #\d+: (no regression|\d+ regressions?)$/);
  const table = page.getByTestId('load-baseline-table');
  await expect(table.locator('thead th')).toHaveText(['Endpoint', 'p50', 'p95', 'p99', 'RPS', 'Errors', 'Regression']);
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText('total');
  expect(await table.locator('tbody tr').count()).toBeGreaterThan(3);
  await viewShot(page, box, 'suites-baseline-comparison');

  // ── A failed threshold accepted with a documented exception.
  await page.getByTestId('load-start-latency-gate').click();
  await expect(page.getByTestId('load-live')).toBeVisible();
  await expect(page.getByTestId('load-result')).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  const exceptions = page.getByTestId('load-exceptions');
  await expect(exceptions).toHaveAttribute('data-verdict', 'failed');
  const failed = exceptions.locator('[data-testid^="failed-threshold-"]', { hasText: 'p(95) < 1' });
  await failed.getByTestId('exception-accept').click();
  const dialog = page.getByTestId('exception-dialog');
  await dialog.getByTestId('exception-owner').fill('Lee (performance lead)');
  await dialog.getByTestId('exception-reason').fill('A 1 ms budget is a rehearsal of the gate, not the launch target; the real p95 budget is 500 ms.');
  await dialog.getByTestId('board-dialog-next').click();
  await expect(dialog.getByTestId('board-dialog-summary')).toContainText('Lee (performance lead)');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'suites-exception-dialog.png') });
  await dialog.getByTestId('board-dialog-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('load-exceptions-verdict')).toHaveText('passed with 1 exception');
  await expect(exceptions.getByTestId('exception-standing')).toContainText('Lee (performance lead)');
  await expect(page.getByTestId('load-verdict-excused')).toHaveText('Counts as passed with 1 exception: see the failed thresholds below.');
  await viewShot(page, page.getByTestId('load-verdict'), 'suites-exception-verdict');
  await viewShot(page, exceptions, 'suites-exception-accepted');

  // ── Locust, distributed: a master and two workers on this machine, live, then judged.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('load-start-locust-distributed').click();
  const live = page.getByTestId('load-live');
  await expect(live).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('load-run-engine')).toContainText('Locust');
  await expect(page.getByTestId('load-worker-command')).toContainText('--worker');
  // A rate once the workers' first report reaches the master (the ticks count each second's requests, not Locust's lagging rate).
  await expect(live.getByTestId('load-rps').locator('.bignum__value')).not.toHaveText(/^(—|0\.0)$/, { timeout: 30_000 });
  await expect(live.getByTestId('load-endpoints').getByTestId('endpoint-row').first()).toBeVisible();
  await viewShot(page, live.getByTestId('load-progress'), 'suites-locust-live');
  const result = page.getByTestId('load-result');
  await expect(result).toHaveAttribute('data-state', 'passed', { timeout: 90_000 });
  await expect(page.getByTestId('threshold-0')).toHaveAttribute('data-passed', 'true');
  await viewShot(page, result, 'suites-locust-verdict');

  // It counts on the board, and so does the baseline suite.
  await app.goTo('board');
  await expect(page.getByTestId('criterion-e2e-locust')).toHaveAttribute('data-state', 'met', { timeout: 20_000 });
  await expect(page.getByTestId('criterion-e2e-locust').getByTestId('evidence-link')).toHaveAttribute('data-kind', 'load-run');
  await expect(page.getByTestId('criterion-load-baseline-suite')).toHaveAttribute('data-state', 'met');
  await viewShot(page, page.getByTestId('criterion-e2e-locust'), 'suites-board');
});
