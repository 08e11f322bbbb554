/**
 * Stand-up notes and the end-of-day report in Chromium: an operator adds a note, generates the
 * day's report from stored evidence ("no plan imported" until a plan is), reads it, sends it to a
 * real SMTP server started by the test, and sends a test mail from the channels panel.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmtpSink } from '../../electron/core/notifications/testing/local-receivers.js';
import { expect, screenshot, test } from '../fixtures.js';
import { AppPage } from '../pages/app-page.js';

const CONFIG = `version: 1
name: Checkout v2 launch
defaultEnvironment: production
environments:
  production:
    label: Production
    email: { urlEnv: WARROOM_SMTP_URL, from: warroom@example.com, to: [launch-team@example.com] }
    pagerduty: { routingKeyEnv: WARROOM_PD_KEY }
services:
  api: { name: API gateway, baseUrl: "http://127.0.0.1:9" }
  db: { name: Orders DB, baseUrl: "http://127.0.0.1:9" }
probes: { standard: false }
`;

test('a stand-up note, the end-of-day report generated, read and mailed, and a test mail', async ({ page, startWarroom }) => {
  const smtp = await startSmtpSink();
  const dir = mkdtempSync(join(tmpdir(), 'warroom-e2e-reports-'));
  try {
    const config = join(dir, 'warroom.yaml');
    writeFileSync(config, CONFIG);
    const warroom = await startWarroom({ args: ['--config', config], env: { WARROOM_SMTP_URL: smtp.url() } });
    const app = new AppPage(page);
    await page.setViewportSize({ width: 1400, height: 1000 });
    await app.open(`${warroom.url}#/reports`);
    await expect(page.getByTestId('view-reports')).toBeVisible();
    await expect(page.getByTestId('standup-empty')).toBeVisible();

    await page.getByTestId('standup-person').fill('Ana');
    await page.getByTestId('standup-yesterday').fill('Smoke and light load profiles passed');
    await page.getByTestId('standup-today').fill('Peak load test at 14:00');
    await page.getByTestId('standup-blockers').fill('Staging database <locked> by the migration job');
    await page.getByTestId('standup-add').click();
    await expect(page.getByTestId('standup-note')).toHaveCount(1);
    await expect(page.getByTestId('standup-note')).toContainText('Staging database <locked> by the migration job');

    await page.getByTestId('eod-generate').click();
    const doc = page.getByTestId('eod-document');
    await expect(doc.getByRole('heading', { level: 1 })).toContainText('Checkout v2 launch: end of day');
    await expect(page.getByTestId('eod-section-tasks')).toContainText('No plan imported: no tasks to report.');
    await expect(page.getByTestId('eod-section-blockers')).toContainText('Ana: Staging database <locked> by the migration job');
    await expect(page.getByTestId('eod-section-next-steps')).toContainText("Clear Ana's blocker");
    await expect(page.getByTestId('eod-delivery')).toContainText('Not sent');
    await screenshot(page, 'reports-generated');

    await page.getByTestId('eod-send').click();
    await expect(page.getByTestId('eod-delivery')).toContainText('Sent', { timeout: 30_000 });
    await expect(page.getByTestId('eod-delivery-row')).toContainText('email: sent');
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['launch-team@example.com']);
    expect(mail!.raw).toContain('Subject: Checkout v2 launch: end of day');

    await expect(page.getByTestId('channel-pagerduty')).toContainText('WARROOM_PD_KEY is not set');
    await page.getByTestId('channel-test-email').click();
    await expect(page.getByTestId('channel-result-email')).toContainText('Test sent', { timeout: 30_000 });
    await smtp.waitFor(2);
    await screenshot(page, 'reports-sent');
  } finally {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
