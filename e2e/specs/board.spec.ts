/**
 * The go/no-go board on the rehearsal platform, from a fresh data dir: NO-GO with its reasons,
 * then real evidence produced in the app moves it to GO: a security scan of this repo's own code
 * (ESLint's SARIF report, imported with `warroom scan import`), the dry-run rollback drill from
 * its button (its last step is the post-deployment validation), the runbooks ticked through, the
 * plan's two load suites (baseline and API) from their buttons, the rehearsal monitoring stack
 * (`warroom rehearse monitoring start --fast`: Debian's Prometheus and Alertmanager on
 * 127.0.0.1:9190/9193) for the automatic "Monitoring and alerting configured", every sign-off
 * through the board's dialog. `warroom verdict` agrees with the board. The suites keep their
 * tests, order and thresholds but run 10 s a test here (a config of the test's own; the shipped
 * ones take hours).
 *
 * The scan is imported first, beside the running app: `warroom scan import` reads the report and
 * sends its contents through the app, so the app's register and board count it at once.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, SCREENSHOT_DIR, test } from '../fixtures.js';
import { AppPage } from '../pages/app-page.js';
import { startMonitoringStack, stopMonitoringStack } from '../monitoring-stack.js';
import { shortSuites } from '../short-load-config.js';

/** Two load suites of four tests run for real, 10 s a test. */
test.describe.configure({ timeout: 10 * 60_000 });
const SUITE_TEST_SECONDS = 10;

const OPERATOR = 'Ana (operations)';

test.afterEach(stopMonitoringStack);

/** The manual criteria of resources/rehearsal.yaml and who signs them off. */
const SIGNOFFS: [criterion: string, by: string, note: string][] = [
  ['backup-recovery', 'Ana (operations)', 'Restore of last night’s backup into staging verified'],
  ['trained-deploy', 'Ana (operations)', 'Deployment walkthrough held on Tuesday'],
  ['trained-rollback', 'Ana (operations)', 'Rollback rehearsed on the platform today'],
  ['on-call', 'Ana (operations)', 'Rota for launch week published'],
  ['communication-plan', 'Lee (leadership)', 'Status page and internal channel ready'],
  ['stakeholders-approve', 'Kim (stakeholders)', 'Approved in the steering meeting'],
  ['support-ready', 'Kim (stakeholders)', 'Support briefed, macros in place'],
  ['marketing-ready', 'Kim (stakeholders)', 'Announcement scheduled'],
  ['customer-success-briefed', 'Kim (stakeholders)', 'Briefing held'],
];

/** What the wall shows without scrolling (the fixture's screenshots are full pages). */
async function wallShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

const criterion = (page: Page, id: string): Locator => page.getByTestId(`criterion-${id}`);

async function signOff(page: Page, id: string, by: string, note: string): Promise<void> {
  await criterion(page, id).getByTestId(`signoff-${id}`).click();
  const dialog = page.getByTestId('signoff-dialog');
  await dialog.getByTestId('signoff-by').fill(by);
  await dialog.getByTestId('signoff-note').fill(note);
  await dialog.getByTestId('board-dialog-next').click();
  await expect(dialog.getByTestId('board-dialog-summary')).toContainText(note);
  await dialog.getByTestId('board-dialog-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(criterion(page, id)).toHaveAttribute('data-state', 'met');
}

/** Runs a suite from its button and waits for its verdict. */
async function runSuite(page: Page, suite: string, timeoutMs: number): Promise<void> {
  await page.getByTestId(`suite-start-${suite}`).click();
  const card = page.locator('[data-testid^="suite-run-"]').first();
  await expect(card).toHaveAttribute('data-state', 'running');
  await expect(card).toHaveAttribute('data-state', 'completed', { timeout: timeoutMs });
  await expect(card.getByTestId('suite-verdict')).toHaveText('passed');
}

/**
 * Scans this repo's own code with ESLint (SARIF out) and imports the report into the served data
 * dir with `warroom scan import`; returns what it left open by severity.
 */
function scanOwnCode(dataDir: string, configPath: string, reportPath: string): { open: Record<string, number> } {
  const lint = spawnSync(process.execPath, ['node_modules/eslint/bin/eslint.js', '-f', '@microsoft/eslint-formatter-sarif', '-o', reportPath, 'shared', 'electron/core/security'], { encoding: 'utf8' });
  expect(lint.status, lint.stderr).toBe(0);
  const run = spawnSync(
    process.execPath,
    ['bin/warroom.js', 'scan', 'import', reportPath, '--data-dir', dataDir, '--config', configPath, '--root', process.cwd(), '--as', 'e2e', '--json'],
    { encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { open: Record<string, number> };
}

test('a fresh board is NO-GO with reasons; real evidence from the app, a scan of its own code included, moves it to GO', async ({ page, startWarroom }) => {
  const warroom = await startWarroom({ rehearsal: true, config: (bundled) => shortSuites(bundled, SUITE_TEST_SECONDS) });
  await page.addInitScript((name) => window.localStorage.setItem('warroom.author', name), OPERATOR);
  const app = new AppPage(page);
  await app.open(`${warroom.url}#/rehearsal`);
  await expect(page.getByTestId('rehearsal-state')).toHaveAttribute('data-state', 'running', { timeout: 20_000 });

  // Fresh: NO-GO, blockers first, everything but the probes without evidence.
  await app.goTo('board');
  await expect(criterion(page, 'services-ready')).toHaveAttribute('data-state', 'met', { timeout: 60_000 });
  await expect(page.getByTestId('board-verdict')).toHaveAttribute('data-verdict', 'NO-GO');
  await expect(page.getByTestId('blocker-security-scans')).toContainText('no security scan recorded');
  await expect(criterion(page, 'load-baseline-suite')).toHaveAttribute('data-state', 'unknown');
  await expect(criterion(page, 'stakeholders-approve')).toHaveAttribute('data-state', 'unknown');
  // No Prometheus answers yet: the automatic monitoring criterion says so (the check is stored).
  await expect(criterion(page, 'monitoring')).toHaveAttribute('data-state', 'not-met', { timeout: 30_000 });
  await expect(criterion(page, 'monitoring')).toContainText('Prometheus unreachable');
  const freshScore = Number.parseInt((await page.getByTestId('board-score-value').textContent()) ?? '', 10);
  expect(freshScore).toBeLessThan(30);
  await screenshot(page, 'board-fresh-no-go');
  await wallShot(page, 'board-fresh-no-go-wall');

  // First, the security scan of this repo's own code: no open Critical or High, so the gate opens.
  const scan = scanOwnCode(warroom.dataDir, warroom.configPath, test.info().outputPath('eslint.sarif'));
  expect(scan.open).toMatchObject({ critical: 0, high: 0 });

  // A release goes out on the platform (its own script), then the team rehearses the rollback:
  // the dry-run rollback drill (stop the gateway, complete rollback, validate again) from its button.
  const state = join(warroom.dataDir, 'rehearsal', 'platform.json');
  const deploy = spawnSync(process.execPath, ['resources/rehearsal/deploy.mjs', '--state', state, '--version', '2.5.0', '--step-delay-ms', '0'], { encoding: 'utf8' });
  expect(deploy.status, deploy.stderr).toBe(0);
  await app.goTo('drills');
  await page.getByTestId('drill-run-dry-run-rollback').click();
  await page.getByTestId('drill-confirmation').fill('rehearsal');
  await page.getByTestId('drill-start-submit').click();
  await expect(page.getByTestId('drill-run')).toHaveAttribute('data-state', 'passed', { timeout: 3 * 60_000 });

  // Every runbook read through and ticked (they live in the Actions view).
  await app.goTo('actions');
  const steps = page.locator('input[type="checkbox"][data-testid^="runbook-step-"]');
  const count = await steps.count();
  expect(count).toBeGreaterThan(10);
  for (let i = 0; i < count; i += 1) {
    const step = steps.nth(i);
    // The box follows the core's answer, so click and wait rather than check().
    if (!(await step.isChecked())) await step.click();
    await expect(step).toBeChecked();
  }

  // The plan's two load suites, for real (short tests).
  await app.goTo('load');
  await runSuite(page, 'baseline', 3 * 60_000);
  await runSuite(page, 'api', 3 * 60_000);

  // The monitoring: the rehearsal stack scrapes every service and the app, with the five alert rules.
  await startMonitoringStack(warroom.dataDir, warroom.configPath);
  await app.goTo('board');
  await expect(criterion(page, 'monitoring')).toHaveAttribute('data-state', 'met', { timeout: 60_000 });
  await expect(criterion(page, 'monitoring')).toContainText(/Prometheus up, 12 of 12 targets up, 5 alert rules loaded/);

  // The sign-offs, each through the board's dialog with its confirmation.
  for (const [id, by, note] of SIGNOFFS) await signOff(page, id, by, note);

  // Every criterion met, the security scans too (the board re-read the gate on each recompute since the import).
  for (const id of ['health-score', 'services-ready', 'security-scans', 'load-baseline-suite', 'load-api-suite', 'smoke-tests', 'rollback-rehearsed', 'runbooks-reviewed', 'monitoring', ...SIGNOFFS.map(([id]) => id)]) {
    await expect(criterion(page, id), id).toHaveAttribute('data-state', 'met');
  }
  await expect(page.getByTestId('board-blockers')).toHaveCount(0);
  await expect(page.getByTestId('board-score-value')).toHaveText('100 %');
  await expect(page.getByTestId('board-verdict')).toHaveAttribute('data-verdict', 'GO');
  await expect(page.getByTestId('board-togo')).toHaveCount(0);
  await expect(page.getByTestId('category-security')).toHaveAttribute('data-score', '100');
  await expect(page.getByTestId('category-performance')).toHaveAttribute('data-score', '100');
  // The evidence links back to what produced it.
  await expect(criterion(page, 'security-scans').getByTestId('evidence-link')).toHaveAttribute('data-kind', 'scan');
  await expect(criterion(page, 'load-api-suite').getByTestId('evidence-link').first()).toHaveAttribute('data-kind', 'load-run');
  await expect(criterion(page, 'rollback-rehearsed').getByTestId('evidence-link')).toHaveAttribute('data-kind', 'drill-run');
  // From the top, so the sticky bar stays at the top of the full-page shot.
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'board-evidence-go');
  await wallShot(page, 'board-evidence-go-wall');

  // `warroom verdict` (a pipeline's gate, beside the running app) agrees with the board: exit 0 on GO.
  const verdict = spawnSync(process.execPath, ['bin/warroom.js', 'verdict', '--json', '--data-dir', warroom.dataDir, '--config', warroom.configPath], { encoding: 'utf8' });
  expect(verdict.status, verdict.stderr).toBe(0);
  const cli = JSON.parse(verdict.stdout) as { verdict: string; score: number; blockers: { criterionId: string }[] };
  expect(cli).toMatchObject({ verdict: 'GO', score: 100, blockers: [] });
});
