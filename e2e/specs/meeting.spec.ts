/**
 * The go/no-go meeting in Chromium on the rehearsal config: a fresh data dir reads NO-GO, the
 * poll takes votes with their reasons, the NO-GO decision is recorded with its remediation plan and
 * stays frozen when a sign-off arrives later; the record prints to PDF through the print stylesheet
 * (the web shell's "Save as PDF") with only the record on paper, and downloads as Markdown.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshot, SCREENSHOT_DIR, test } from '../fixtures.js';
import { AppPage } from '../pages/app-page.js';

test('a poll, a frozen NO-GO record, and its PDF and Markdown exports', async ({ page, startWarroom }) => {
  const warroom = await startWarroom();
  const app = new AppPage(page);
  await app.open(`${warroom.url}#/meeting`);
  await expect(app.view('meeting')).toBeVisible();
  await expect(page.getByTestId('meeting-board')).toContainText('NO-GO');

  await page.getByTestId('poll-open').click();
  await expect(page.getByTestId('poll')).toContainText('Poll #1');
  const vote = async (role: string, voter: string, choice: 'GO' | 'NO-GO' | 'HOLD', reason = '') => {
    await page.getByTestId('vote-role').selectOption(role);
    await page.getByTestId('vote-voter').fill(voter);
    await page.getByTestId(`vote-choice-${choice}`).click();
    await page.getByTestId('vote-reason').fill(reason);
    await page.getByTestId('vote-submit').click();
    await expect(page.getByTestId(`poll-role-${role}`)).toContainText(choice);
  };
  await vote('security', 'Sam', 'NO-GO', 'security scans have not run');
  await vote('performance', 'Pia', 'NO-GO', 'no load test yet');
  await vote('development', 'Dev', 'HOLD');
  await vote('operations', 'Olu', 'GO');
  await screenshot(page, 'meeting-poll');

  const form = page.getByTestId('decision-form');
  await expect(form.getByTestId('decision-choice-GO')).toBeDisabled();
  await page.getByTestId('decision-by').fill('Lee');
  await page.getByTestId('decision-rationale').fill('Security scans, load tests and the rollback rehearsal are missing.');
  await page.getByTestId('decision-attendees').fill('Sam, Pia, Dev, Olu, Lee');
  const owners = form.locator('[data-testid^="remedy-owner-"]');
  const unmet = await owners.count();
  expect(unmet).toBeGreaterThan(3);
  for (let i = 0; i < unmet; i += 1) await owners.nth(i).fill(i % 2 === 0 ? 'Pat' : 'Kim');
  await page.getByTestId('decision-submit').click();

  const record = page.getByTestId('decision-record');
  await expect(record).toContainText('Decision #1');
  await expect(record.getByTestId('vote-mark').first()).toHaveText('■ NO-GO');
  const frozenScore = await record.getByTestId('decision-score').textContent();
  await screenshot(page, 'meeting-decision-nogo');

  // Later evidence: a sign-off moves the live board; the record on screen and in the core stays.
  const signed = await app.rpcFromPage('board.signoff', { criterionId: 'trained-deploy', by: 'Olu', note: 'training done' });
  expect(signed.status).toBe(200);
  const frozenBoardScore = frozenScore?.match(/^Board ([\d.]+ %)/)?.[1];
  expect(frozenBoardScore).toBeDefined();
  await expect(page.getByTestId('meeting-board-score')).not.toHaveText(frozenBoardScore ?? '', { timeout: 15_000 });
  await expect(record.getByTestId('decision-score')).toHaveText(frozenScore ?? '');
  await page.reload();
  await app.waitReady();
  await expect(page.getByTestId('decision-score')).toHaveText(frozenScore ?? '');

  // The browser's print (what "Export PDF" opens in a browser) through the print stylesheet.
  const pdfPath = join(SCREENSHOT_DIR, 'meeting-decision.pdf');
  await page.emulateMedia({ media: 'print' });
  await screenshot(page, 'meeting-decision-print');
  writeFileSync(pdfPath, await page.pdf({ format: 'A4', printBackground: true }));
  await page.emulateMedia({ media: 'screen' });
  expect(readFileSync(pdfPath).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = spawnSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
  if (!text.error) {
    expect(text.stdout).toContain('Decision #1');
    expect(text.stdout).toContain('Security scans, load tests and the rollback rehearsal are missing.');
    // Only the record is on paper: no nav, no poll form.
    expect(text.stdout).not.toContain('Cast vote');
    expect(text.stdout).not.toContain('Go/no-go meeting');
  }

  const download = page.waitForEvent('download');
  await page.getByTestId('export-md').click();
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^decision-1-no-go-\d{4}-\d{2}-\d{2}\.md$/);
  const markdown = readFileSync(await saved.path(), 'utf8');
  expect(markdown).toContain('# Go/no-go decision \\#1: NO-GO');
  expect(markdown).toContain('security scans have not run');
});

test('a read-only display sees the meeting and cannot change it (403)', async ({ page, startWarroom }) => {
  const warroom = await startWarroom({ args: ['--read-only'] });
  const app = new AppPage(page);
  await app.open(`${warroom.url}#/meeting`);
  await expect(page.getByTestId('meeting-readonly')).toBeVisible();
  await expect(page.getByTestId('poll-open')).toHaveCount(0);
  const refused = await app.rpcFromPage('meeting.openPoll', { by: 'wall' });
  expect(refused.status).toBe(403);
  await screenshot(page, 'meeting-readonly');
});
