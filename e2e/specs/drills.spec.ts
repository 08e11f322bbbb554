/**
 * The launch plan's dry runs from the app, on the rehearsal platform: with the cache stopped the
 * dry-run deployment drill stops at its pre-deployment check with a clear verdict and offers the
 * complete rollback, which brings the cache back; then the deployment drill passes (check,
 * migration dry run, deploy 2.5.0, validation) and the rollback drill passes (gateway stopped,
 * complete rollback, validation). Every record stays visible with its steps, timings and output.
 * The platform listens on its fixed ports 8001-8013.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { AppPage } from '../pages/app-page.js';
import { viewShot } from '../shots.js';

// Two drills with a deploy and a rollback each, on a loaded machine.
test.describe.configure({ timeout: 8 * 60_000 });

const OPERATOR = 'Ana (operations)';

async function startDrill(page: Page, id: string): Promise<Locator> {
  await page.getByTestId(`drill-run-${id}`).click();
  const form = page.getByTestId(`drill-start-${id}`);
  await form.getByTestId('drill-confirmation').fill('rehearsal');
  await form.getByTestId('drill-start-submit').click();
  const run = page.getByTestId('drill-run');
  await expect(run).toHaveAttribute('data-state', 'running');
  return run;
}

/** Every step of the run shown passed, with its timing and what happened (an offered recovery, never needed, follows them). */
async function expectAllPassed(run: Locator, names: string[]): Promise<void> {
  for (const [index, name] of names.entries()) {
    const step = run.getByTestId(`drill-step-${index}`);
    await expect(step).toHaveAttribute('data-state', 'passed');
    await expect(step).toContainText(name);
    await expect(step.getByTestId('drill-step-timing')).toHaveText(/\d/);
    await expect(step.getByTestId('drill-step-detail')).not.toBeEmpty();
  }
}

test('the dry-run drills from the app: a failing step stops with its verdict and recovery; both drills then pass with their records', async ({ page, startWarroom }) => {
  const warroom = await startWarroom({ rehearsal: true });
  await page.addInitScript((name) => window.localStorage.setItem('warroom.author', name), OPERATOR);
  const app = new AppPage(page);
  await app.open(`${warroom.url}#/rehearsal`);
  await expect(page.getByTestId('rehearsal-state')).toHaveAttribute('data-state', 'running', { timeout: 20_000 });

  // Something is broken: the deployment drill stops at its first step and says why.
  await page.getByTestId('fault-stop-cache').click();
  await expect(page.getByTestId('rehearsal-service-cache')).toHaveAttribute('data-running', 'false');
  await app.goTo('drills');
  await expect(page.getByTestId('drill-dry-run-deployment')).toContainText('Never passed here');
  const failing = await startDrill(page, 'dry-run-deployment');
  await expect(failing).toHaveAttribute('data-state', 'recovery_offered', { timeout: 90_000 });
  await expect(failing.getByTestId('drill-verdict')).toContainText(/^failed at step 1 \(Pre-deployment check\): action pre-deploy-check \(run \d+\): failed \(exit code 1\)/);
  await expect(failing.getByTestId('drill-step-0')).toHaveAttribute('data-state', 'failed');
  await expect(failing.getByTestId('drill-step-0')).toContainText('FAIL cache');
  // The steps after it never ran.
  for (const index of [1, 2, 3]) await expect(failing.getByTestId(`drill-step-${index}`)).toHaveAttribute('data-state', 'skipped');
  await viewShot(page, failing, 'drill-failed-recovery-offered');

  // The offered recovery, the complete rollback, starts the cache again.
  const recovery = failing.getByTestId('drill-step-4');
  await recovery.getByTestId('drill-step-confirm').click();
  await expect(failing).toHaveAttribute('data-state', 'failed', { timeout: 120_000 });
  await expect(recovery).toHaveAttribute('data-state', 'passed');
  await expect(failing.getByTestId('drill-verdict')).toContainText('recovery "Complete rollback" passed');
  const failedRunLabel = await failing.getAttribute('aria-label');

  // The plan's dry-run deployment: check, migration dry run, deploy 2.5.0, validation.
  const deployment = await startDrill(page, 'dry-run-deployment');
  await expect(deployment).not.toHaveAttribute('aria-label', failedRunLabel ?? '');
  await expect(deployment).toHaveAttribute('data-state', 'passed', { timeout: 4 * 60_000 });
  await expectAllPassed(deployment, ['Pre-deployment check', 'Database migration dry run', 'Deploy', 'Post-deployment validation']);
  // Its recovery never ran, and says why (not "pending" on a finished run).
  await expect(deployment.getByTestId('drill-step-4').getByTestId('drill-step-state')).toHaveText('not needed');
  await expect(deployment.getByTestId('drill-verdict')).toHaveText(/^passed: 4 steps in /);
  await expect(deployment.getByTestId('drill-step-3').getByTestId('drill-step-tests')).toContainText(/passed/);
  await expect(deployment.getByTestId('drill-step-2')).toContainText('2.5.0');
  await expect(page.getByTestId('drill-last-passed-dry-run-deployment')).toContainText('Last passed');
  await viewShot(page, deployment, 'drill-deployment-passed');

  // The plan's dry-run rollback: the gateway stops, the complete rollback restores it, validation passes.
  const rollback = await startDrill(page, 'dry-run-rollback');
  await expect(rollback).toHaveAttribute('data-state', 'passed', { timeout: 3 * 60_000 });
  await expectAllPassed(rollback, ['Stop the API gateway', 'Complete rollback', 'Validate again']);
  await expect(rollback.getByTestId('drill-step-0').getByTestId('drill-step-detail')).toContainText('gateway');
  await expect(page.getByTestId('drill-last-passed-dry-run-rollback')).toContainText('Last passed');
  await viewShot(page, rollback, 'drill-rollback-passed');

  // The records stay: three runs, each opened again with its steps and output.
  const history = page.getByTestId('drill-history').getByRole('listitem');
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText('Dry-run rollback: Passed');
  await expect(history.nth(1)).toContainText('Dry-run deployment: Passed');
  await expect(history.nth(2)).toContainText('Dry-run deployment: Failed');
  await history.nth(2).getByRole('button').click();
  await expect(page.getByTestId('drill-run')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('drill-run').getByTestId('drill-step-0')).toContainText('FAIL cache');
  await history.nth(1).getByRole('button').click();
  await expect(page.getByTestId('drill-run')).toHaveAttribute('data-state', 'passed');
  await expect(page.getByTestId('drill-run').getByTestId('drill-step-2')).toContainText('2.5.0');
  await viewShot(page, page.getByTestId('drill-run'), 'drill-records');

  // The board reads the rollback drill for its rollback criterion.
  await app.goTo('board');
  await expect(page.getByTestId('criterion-rollback-rehearsed')).toHaveAttribute('data-state', 'met', { timeout: 15_000 });
  await expect(page.getByTestId('criterion-rollback-rehearsed').getByTestId('evidence-link')).toHaveAttribute('data-kind', 'drill-run');
});
