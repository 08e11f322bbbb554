/**
 * The Plan view in Chromium over the web shell: the shipped launch-week plan imported with the file
 * picker (its text goes over the contract), a task ticked, the day's progress and the deliverables
 * move, the risk register's likelihood × impact grid, and the linked criterion met on the board.
 */
import { join, resolve } from 'node:path';
import { expect, screenshot, test } from '../fixtures.js';
import { AppPage } from '../pages/app-page.js';

/** Element shots (a whole page of the plan is too tall to read), beside the helper's full pages. */
const SHOTS = join(resolve(import.meta.dirname, '..', '..'), 'artifacts', 'screenshots');
const EXAMPLE = resolve(import.meta.dirname, '..', '..', 'resources', 'examples', 'launch-week-plan.md');

test('imports the launch-week plan by the file picker, ticks tasks, shows progress and the risk grid', async ({ page, startWarroom }) => {
  const warroom = await startWarroom();
  await page.addInitScript(() => localStorage.setItem('warroom.author', 'Dana (operations)'));
  const app = new AppPage(page);
  await app.open(`${warroom.url}#/plan`);
  await expect(page.getByTestId('view-plan')).toBeVisible();

  await page.getByTestId('plan-file').setInputFiles(EXAMPLE);
  await expect(page.getByTestId('plan-import-result')).toHaveText('Imported: 57 tasks · 57 added · 0 removed · 0 changed · risks: 5 added, 0 changed');
  await expect(page.getByTestId('plan-imported')).toContainText('launch-week-plan.md');
  await expect(page.getByTestId('plan-total-progress')).toContainText('3 / 57 done');

  const days = page.getByTestId('plan-days');
  const day2 = page.getByTestId('plan-day').filter({ hasText: 'Day 2 (Tue 2026-12-08)' });
  await expect(day2.getByTestId('plan-day-progress')).toHaveText('0 / 7 done');
  const smoke = days.getByTestId('plan-task').filter({ hasText: 'Smoke load test on staging' });
  await smoke.getByTestId('plan-task-box').click();
  await expect(smoke).toHaveAttribute('data-state', 'done');
  await expect(day2.getByTestId('plan-day-progress')).toHaveText('1 / 7 done');

  const rota = days.getByTestId('plan-task').filter({ hasText: 'On-call rota for launch week published' });
  await expect(rota.getByTestId('plan-task-criterion')).toHaveText('◆ on-call');
  await rota.getByTestId('plan-task-box').click();
  await expect(rota).toHaveAttribute('data-state', 'done');

  const deliverables = page.getByTestId('plan-deliverables');
  await expect(deliverables.getByTestId('plan-deliverable-group')).toHaveText([/Security 1 \/ 5/, /Performance 0 \/ 4/, /Operations 0 \/ 5/, /Validation 0 \/ 4/, /Documentation 0 \/ 4/]);
  const documentation = deliverables.getByTestId('plan-task').filter({ hasText: 'Release notes' });
  await documentation.getByTestId('plan-task-box').click();
  await expect(deliverables.getByTestId('plan-deliverable-group').filter({ hasText: 'Documentation' })).toContainText('Documentation 1 / 4');

  const grid = page.getByTestId('risk-grid');
  await expect(grid.getByTestId('risk-cell-high-high')).toHaveAttribute('data-count', '1');
  await expect(grid.getByTestId('risk-cell-medium-high')).toHaveAttribute('data-count', '1');
  await expect(grid.getByTestId('risk-cell-low-high')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('risk-row')).toHaveCount(5);
  await screenshot(page, 'plan-imported');
  await page.getByTestId('plan-risks').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'plan-risk-grid.png') });

  // The tick stands for the on-call criterion's sign-off; the open high risks show as information.
  await app.goTo('board');
  await expect(page.getByTestId('criterion-on-call')).toHaveAttribute('data-state', 'met');
  await expect(page.getByTestId('board-high-risks')).toContainText('2 open high risks');
  await screenshot(page, 'plan-board-risks');
});

test('links a task to a board criterion, ticks it with a stored action run as evidence, and the board reads both', async ({ page, startWarroom }) => {
  // The rehearsal platform answers the pre-deployment check, so the run is a real, passed one.
  const warroom = await startWarroom({ rehearsal: true });
  await page.addInitScript(() => localStorage.setItem('warroom.author', 'Omar (operations)'));
  const app = new AppPage(page);
  await app.open(`${warroom.url}#/plan`);
  await page.getByTestId('plan-file').setInputFiles(EXAMPLE);
  await expect(page.getByTestId('plan-imported')).toContainText('launch-week-plan.md');

  const started = await app.rpcFromPage('actions.start', { actionId: 'pre-deploy-check', actor: 'Omar (operations)' });
  expect(started.body.ok).toBe(true);
  const runId = (started.body as unknown as { value: { id: number } }).value.id;
  await expect
    .poll(async () => ((await app.rpcFromPage('actions.getRun', { runId })).body as unknown as { value: { run: { state: string } } }).value.run.state, { timeout: 60_000 })
    .toBe('succeeded');

  const task = page.getByTestId('plan-days').getByTestId('plan-task').filter({ hasText: 'Pre-deployment check passes on staging' });
  await expect(task.getByTestId('plan-task-criterion')).toHaveCount(0);
  await task.getByTestId('plan-task-link-toggle').click();
  await task.getByTestId('plan-task-link').selectOption({ label: '◆ Team trained on deployment procedures' });
  await expect(task.getByTestId('plan-task-criterion')).toHaveText('◆ trained-deploy');
  await task.getByTestId('plan-task-done-with').click();
  const select = task.getByTestId('plan-evidence-select');
  await expect(select.locator('optgroup[label="Action runs"] option')).toHaveText([`action run #${runId} · pre-deploy-check · succeeded · Omar (operations)`]);
  await select.selectOption(`action-run:${runId}`);
  await task.screenshot({ path: join(SHOTS, 'plan-task-evidence-form.png') });
  await task.getByTestId('plan-evidence-done').click();
  await expect(task).toHaveAttribute('data-state', 'done');
  await expect(task.getByTestId('evidence-link')).toHaveText(`open action run #${runId} →`);
  await task.screenshot({ path: join(SHOTS, 'plan-task-linked-done.png') });

  // The board reads the tick as the criterion's evidence, with the run beside it.
  await app.goTo('board');
  const criterion = page.getByTestId('criterion-trained-deploy');
  await expect(criterion).toHaveAttribute('data-state', 'met');
  await expect(criterion).toContainText('plan task done: Pre-deployment check passes on staging');
  await expect(criterion.locator('[data-testid="evidence-link"][data-kind="action-run"]')).toHaveAttribute('data-id', String(runId));
  await criterion.screenshot({ path: join(SHOTS, 'plan-criterion-on-board.png') });
  await screenshot(page, 'plan-board-evidence');

  // The task's link opens the run in its view.
  await page.getByTestId('nav-plan').click();
  await page.getByTestId('plan-days').getByTestId('plan-task').filter({ hasText: 'Pre-deployment check passes on staging' }).getByTestId('evidence-link').click();
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-run-id', String(runId));
  await expect(page.getByTestId('run-panel')).toHaveAttribute('data-state', 'succeeded');
});
