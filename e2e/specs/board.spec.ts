/**
 * The go/no-go board on the rehearsal platform, from a fresh data dir: NO-GO with its reasons,
 * then real evidence produced in the app (a rollback rehearsed from its button, post-deployment
 * validation, the runbooks ticked through, the smoke and light load profiles, every sign-off
 * through the board's dialog) moves the score up live, as far as the evidence on this branch goes.
 *
 * The security scans criterion cannot be met on this branch: there is no security register yet
 * (h-secregister), so its gate reads "no evidence" (unknown), and it is a hard blocker in the
 * bundled config, which the core refuses to waive. The furthest honest state is therefore every
 * other criterion met, 70 % (security weighs 30), NO-GO with that one blocker. When the register
 * lands, a scan in this spec moves the board to GO.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshot, SCREENSHOT_DIR, test } from '../fixtures.js';
import { AppPage } from '../pages/app-page.js';

/** Two load profiles run for real: smoke 1 min, light 5 min. */
test.describe.configure({ timeout: 15 * 60_000 });

const OPERATOR = 'Ana (operations)';

/** The manual criteria of resources/rehearsal.yaml and who signs them off. */
const SIGNOFFS: [criterion: string, by: string, note: string][] = [
  ['monitoring', 'Ana (operations)', 'Dashboards and alert routes checked with on-call'],
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

/** Starts a profile from its card and waits for its verdict. */
async function runLoad(page: Page, profile: string, timeoutMs: number): Promise<void> {
  await page.getByTestId(`load-start-${profile}`).click();
  await expect(page.getByTestId('load-live')).toBeVisible();
  const result = page.getByTestId('load-result');
  await expect(result).toHaveAttribute('data-state', 'passed', { timeout: timeoutMs });
}

test('a fresh board is NO-GO with reasons; real evidence from the app moves it up to the security blocker', async ({ page, startWarroom }) => {
  const warroom = await startWarroom({ rehearsal: true });
  await page.addInitScript((name) => window.localStorage.setItem('warroom.author', name), OPERATOR);
  const app = new AppPage(page);
  await app.open(`${warroom.url}#/rehearsal`);
  await expect(page.getByTestId('rehearsal-state')).toHaveAttribute('data-state', 'running', { timeout: 20_000 });

  // Fresh: NO-GO, blockers first, everything but the probes without evidence.
  await app.goTo('board');
  await expect(criterion(page, 'services-ready')).toHaveAttribute('data-state', 'met', { timeout: 60_000 });
  await expect(page.getByTestId('board-verdict')).toHaveAttribute('data-verdict', 'NO-GO');
  await expect(page.getByTestId('blocker-security-scans')).toContainText('no security scan recorded');
  await expect(criterion(page, 'load-smoke')).toHaveAttribute('data-state', 'unknown');
  await expect(criterion(page, 'stakeholders-approve')).toHaveAttribute('data-state', 'unknown');
  const freshScore = Number.parseInt((await page.getByTestId('board-score-value').textContent()) ?? '', 10);
  expect(freshScore).toBeLessThan(30);
  await screenshot(page, 'board-fresh-no-go');
  await wallShot(page, 'board-fresh-no-go-wall');

  // A release goes out on the platform (its own script), then the team rehearses the rollback from its button.
  const state = join(warroom.dataDir, 'rehearsal', 'platform.json');
  const deploy = spawnSync(process.execPath, ['resources/rehearsal/deploy.mjs', '--state', state, '--version', '2.5.0', '--step-delay-ms', '0'], { encoding: 'utf8' });
  expect(deploy.status, deploy.stderr).toBe(0);
  await app.goTo('actions');
  await page.getByTestId('action-run-rollback').click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.getByTestId('confirm-input').fill('rehearsal');
  await confirm.getByTestId('confirm-submit').click();
  const panel = page.getByTestId('run-panel');
  await expect(panel).toHaveAttribute('data-state', 'succeeded', { timeout: 90_000 });
  const rollbackRun = (await panel.getAttribute('data-run-id')) ?? '';

  // Post-deployment validation (confirm: none runs at once under the remembered name).
  await page.getByTestId('action-run-post-deploy-validate').click();
  await expect(panel).not.toHaveAttribute('data-run-id', rollbackRun);
  await expect(panel).toHaveAttribute('data-state', 'succeeded', { timeout: 90_000 });

  // Every runbook read through and ticked.
  const steps = page.locator('input[type="checkbox"][data-testid^="runbook-step-"]');
  const count = await steps.count();
  expect(count).toBeGreaterThan(10);
  for (let i = 0; i < count; i += 1) {
    const step = steps.nth(i);
    // The box follows the core's answer, so click and wait rather than check().
    if (!(await step.isChecked())) await step.click();
    await expect(step).toBeChecked();
  }

  // The smoke and light load profiles, for real.
  await app.goTo('load');
  await runLoad(page, 'smoke', 3 * 60_000);
  await runLoad(page, 'light', 8 * 60_000);

  // The sign-offs, each through the board's dialog with its confirmation.
  await app.goTo('board');
  for (const [id, by, note] of SIGNOFFS) await signOff(page, id, by, note);

  // Every criterion met but the security scans: a hard blocker with no evidence source on this branch.
  for (const id of ['health-score', 'services-ready', 'load-smoke', 'load-light', 'smoke-tests', 'rollback-rehearsed', 'runbooks-reviewed', ...SIGNOFFS.map(([id]) => id)]) {
    await expect(criterion(page, id), id).toHaveAttribute('data-state', 'met');
  }
  await expect(criterion(page, 'security-scans')).toHaveAttribute('data-state', 'unknown');
  await expect(page.getByTestId('board-blockers').locator('[data-testid^="blocker-"]')).toHaveCount(1);
  await expect(page.getByTestId('board-score-value')).toHaveText('70 %');
  await expect(page.getByTestId('board-verdict')).toHaveAttribute('data-verdict', 'NO-GO');
  await expect(page.getByTestId('board-togo')).toHaveText('1 more to GO: All security scans passing (Critical/High resolved)');
  await expect(page.getByTestId('category-performance')).toHaveAttribute('data-score', '100');
  // The evidence links back to the runs that produced it.
  await expect(criterion(page, 'load-light').getByTestId('evidence-link')).toHaveAttribute('data-kind', 'load-run');
  await expect(criterion(page, 'rollback-rehearsed').getByTestId('evidence-link')).toHaveAttribute('data-kind', 'action-run');
  // From the top, so the sticky bar stays at the top of the full-page shot.
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'board-evidence-security-blocker');
  await wallShot(page, 'board-evidence-security-blocker-wall');

  // `warroom verdict` (a pipeline's gate, beside the running app) agrees with the board.
  const verdict = spawnSync(process.execPath, ['bin/warroom.js', 'verdict', '--json', '--data-dir', warroom.dataDir, '--config', 'resources/rehearsal.yaml'], { encoding: 'utf8' });
  expect(verdict.status, verdict.stderr).toBe(1);
  const cli = JSON.parse(verdict.stdout) as { verdict: string; score: number; blockers: { criterionId: string }[] };
  expect(cli).toMatchObject({ verdict: 'NO-GO', score: 70, blockers: [{ criterionId: 'security-scans' }] });
});
