/**
 * The Security view in Chromium on the real web shell: real scanner reports imported with
 * `warroom scan import` into the served data dir, the counts and gate, filtering the table,
 * triaging a finding, a re-scan's comparison chart; and the table's filter time with 10,000
 * findings (printed and attached).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOT_DIR, screenshot, test } from '../fixtures.js';
import type { Warroom } from '../fixtures.js';
import { AppPage } from '../pages/app-page.js';
import { generateSarif } from '../../scripts/bench/gen-sarif.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'electron/core/security/parsers/fixtures');
const SAMPLE = join(ROOT, 'resources/rehearsal/vulnerable-sample');
const MOVED = join(FIXTURES, 'vulnerable-sample-moved');

/** Copies fixtures into `dir`, with the folders they were scanned in replaced by this checkout's (as fixtures-test-support does). */
function relocatedReports(dir: string, names: readonly string[]): string[] {
  const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as { sampleRoot: string; movedRoot: string };
  const swap = (text: string, from: string, to: string) => text.split(encodeURI(from)).join(encodeURI(to)).split(from).join(to);
  mkdirSync(dir, { recursive: true });
  return names.map((name) => {
    const text = swap(swap(readFileSync(join(FIXTURES, name), 'utf8'), manifest.movedRoot, MOVED), manifest.sampleRoot, SAMPLE);
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
}

/** `warroom scan import` against the served data dir (a guest core beside the running app). */
function scanImport(warroom: Warroom, paths: readonly string[], args: readonly string[]): { new: number; fixed: number; unchanged: number } {
  const run = spawnSync(
    process.execPath,
    ['bin/warroom.js', 'scan', 'import', ...paths, '--data-dir', warroom.dataDir, '--config', 'resources/rehearsal.yaml', '--as', 'e2e', '--json', ...args],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { new: number; fixed: number; unchanged: number };
}

const shownCount = async (page: Page) => Number(await page.getByTestId('sec-shown').getAttribute('data-shown'));

test.describe.configure({ timeout: 120_000 });

test('imported reports: counts, gate, filter, triage and the re-scan comparison', async ({ page, startWarroom }) => {
  const warroom = await startWarroom();
  const reports = mkdtempSync(join(tmpdir(), 'warroom-e2e-reports-'));
  try {
    const [bandit, ...others] = relocatedReports(reports, ['bandit.json', 'eslint.sarif', 'flawfinder.sarif', 'secretlint.json']);
    scanImport(warroom, [bandit!], ['--root', SAMPLE, '--scope', 'sample-bandit']);
    scanImport(warroom, others, ['--root', SAMPLE]);

    const app = new AppPage(page);
    await app.open(`${warroom.url}#/security`);
    const view = app.view('security');
    await expect(view).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('sec-count-critical')).not.toHaveAttribute('data-count', '0');
    await expect(page.getByTestId('sec-gate')).toHaveAttribute('data-gate', 'closed');
    await expect(page.getByTestId('sec-gate')).toContainText('string-literal checks');
    await expect(page.getByTestId('sec-row').first()).toHaveAttribute('data-severity', 'critical');
    await screenshot(page, 'security-register');

    // Filter: secrets under tests/.
    const before = await shownCount(page);
    await page.getByTestId('sec-filter-kind-secret').click();
    await page.getByTestId('sec-filter-path').fill('tests/');
    await expect.poll(() => shownCount(page)).toBeLessThan(before);
    const secrets = await shownCount(page);
    expect(secrets).toBeGreaterThan(0);
    await expect(page.getByTestId('sec-row')).toHaveCount(secrets);
    await screenshot(page, 'security-filtered');

    // Triage the first as a false positive from its detail.
    const row = page.getByTestId('sec-row').first();
    const id = await row.getAttribute('data-finding-id');
    await row.click();
    const detail = page.getByTestId('sec-detail');
    await expect(detail.getByTestId('sec-detail-preview')).toContainText('…');
    await detail.getByTestId('sec-triage-state-false-positive').check({ force: true });
    await detail.getByTestId('sec-triage-reason').fill('test fixture, not a real key');
    await detail.getByTestId('sec-triage-actor').fill('e2e operator');
    await detail.getByTestId('sec-triage-submit').click();
    await expect(detail).toHaveAttribute('data-state', 'false-positive');
    await expect(detail.getByTestId('sec-detail-history')).toContainText('e2e operator');
    // The dialog is fixed over the page: a picture of the viewport, dialog scrolled to its top.
    await detail.evaluate((element) => element.parentElement?.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'security-triaged.png') });
    await detail.getByTestId('sec-detail-close').click();
    await expect(page.locator(`[data-testid="sec-row"][data-finding-id="${id}"]`)).toHaveCount(0);
    await expect.poll(() => shownCount(page)).toBe(secrets - 1);

    // Re-scan of the moved code (same scope), imported beside the running app: shown after a reload.
    const [moved] = relocatedReports(join(reports, 'after'), ['bandit-moved.json']);
    const rescan = scanImport(warroom, [moved!], ['--root', MOVED, '--scope', 'sample-bandit']);
    await page.reload();
    await app.waitReady();
    const compare = page.getByTestId('sec-compare');
    await expect(compare).toHaveAttribute('data-scope', 'sample-bandit');
    const chart = compare.getByTestId('sec-comparison-chart');
    await expect(chart).toHaveAttribute('data-scans', '2');
    await expect(chart).toHaveAttribute('data-fixed', String(rescan.fixed));
    await expect(chart).toHaveAttribute('data-unchanged', String(rescan.unchanged));
    await expect(compare.getByTestId('sec-compare-fixed')).toHaveAttribute('data-count', String(rescan.fixed));
    await screenshot(page, 'security-comparison');
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
});

test('the table filters 10,000 findings while typing (measured in Chromium)', async ({ page, startWarroom }, testInfo) => {
  const warroom = await startWarroom();
  const dir = mkdtempSync(join(tmpdir(), 'warroom-e2e-10k-'));
  try {
    const scanRoot = join(dir, 'scan');
    const reportPath = join(dir, 'report.sarif');
    generateSarif({ results: 10_000, scanRoot, reportPath });
    scanImport(warroom, [reportPath], ['--root', scanRoot]);

    const app = new AppPage(page);
    await app.open(`${warroom.url}#/security`);
    await expect(app.view('security')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await page.getByTestId('sec-filter-all').click();
    await expect(page.getByTestId('sec-shown')).toHaveAttribute('data-total', /^\d{4,}$/);
    const total = Number(await page.getByTestId('sec-shown').getAttribute('data-total'));
    expect(total).toBeGreaterThanOrEqual(9_000);

    // From the input event to the table's new count on screen (filter, sort kept, React render, virtual rows).
    const words = ['rule-1', 'rule-17', 'file42', 'module3/file103', 'no such finding', ''];
    const timings = await page.evaluate(async (list) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="sec-filter-text"]')!;
      const counter = document.querySelector<HTMLElement>('[data-testid="sec-shown"]')!;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const out: { text: string; ms: number; shown: number }[] = [];
      for (const text of list) {
        const before = counter.dataset.shown;
        const started = performance.now();
        setValue.call(input, text);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // React commits synchronously for a discrete input event; wait for a frame if it did not.
        while (counter.dataset.shown === before && performance.now() - started < 2000) await new Promise((r) => requestAnimationFrame(r));
        out.push({ text, ms: performance.now() - started, shown: Number(counter.dataset.shown) });
      }
      return out;
    }, words);
    const lines = timings.map((t) => `"${t.text}": ${t.shown} shown in ${t.ms.toFixed(1)} ms`);
    console.log(`security table filter, ${total} findings, Chromium:\n  ${lines.join('\n  ')}`);
    await testInfo.attach('security-filter-timings', { body: JSON.stringify({ total, timings }, null, 2), contentType: 'application/json' });
    expect(timings.at(-1)?.shown).toBe(total);
    await page.getByTestId('sec-filter-text').fill('rule-17');
    await screenshot(page, 'security-10k-filtered');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
