/**
 * The Security view against a real core: real scanner reports (bandit 1.6.2, ESLint, Flawfinder,
 * secretlint on the vulnerable sample) imported through security.importReports, triage through
 * the view, the table's filter checked against the core's own filter, and a re-scan of moved code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FindingFilter } from '../../shared/domain/security-register.js';
import { fixtureText, movedRoot, sampleRoot } from '../../electron/core/security/parsers/fixtures-test-support.js';
import { fakeClock } from '../../shared/testing/fake-clock.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore, TestCoreOptions } from '../testing/test-core.js';
import { cleanupAfterEach } from '../testing/cleanup-after-each.js';

const cleanups = cleanupAfterEach();

const REPORTS = ['bandit.json', 'eslint.sarif', 'flawfinder.sarif', 'secretlint.json'];

function startCore(options: TestCoreOptions = {}): TestCore {
  const core = startTestCore(options);
  cleanups.push(() => core.close());
  return core;
}

function show(core: TestCore, role: 'operator' | 'viewer' = 'operator'): void {
  cleanups.push(renderApp({ client: role === 'operator' ? core.client : core.connect(role) }, '#/security').stop);
}

/** Writes real reports (relocated to this checkout) into a folder and imports it, as `warroom scan import` does. */
async function importReports(core: TestCore, fixtures: readonly string[], options: { folder?: string; scanRoot?: string; scope?: string } = {}) {
  const dir = join(core.dir, options.folder ?? 'reports');
  mkdirSync(dir, { recursive: true });
  for (const fixture of fixtures) writeFileSync(join(dir, fixture), fixtureText(fixture));
  return core.call('security.importReports', {
    paths: fixtures.map((f) => join(dir, f)),
    scanRoot: options.scanRoot ?? sampleRoot,
    actor: 'Sam',
    ...(options.scope ? { scope: options.scope } : {}),
  });
}

const shown = () => Number(screen.getByTestId('sec-shown').dataset.shown);
const count = (severity: string) => Number(screen.getByTestId(`sec-count-${severity}`).dataset.count);
const rows = () => screen.queryAllByTestId('sec-row');

async function ready(): Promise<void> {
  await waitFor(() => expect(screen.getByTestId('view-security').dataset.state).toBe('ready'));
}

describe('Security view', () => {
  it('follows imports: counts by severity, the closed gate and why, the scans with versions and the bandit 1.6.2 warning', async () => {
    const core = startCore();
    show(core);
    await waitFor(() => expect(screen.getByTestId('view-security').dataset.state).toBe('empty'));

    // Imported while the screen is open: security.changed brings it in.
    await act(() => importReports(core, REPORTS));
    await ready();
    const overview = await core.call('security.overview', {});
    await waitFor(() => expect(count('critical')).toBe(overview.openBySeverity.critical));
    for (const severity of ['high', 'medium', 'low']) expect(count(severity)).toBe(overview.openBySeverity[severity as 'high']);
    expect(overview.openBySeverity.critical).toBeGreaterThan(0);

    const gate = screen.getByTestId('sec-gate');
    expect(gate.dataset.gate).toBe('closed');
    const reasons = within(screen.getByTestId('sec-gate-reasons')).getAllByRole('listitem').map((li) => li.textContent);
    expect(reasons).toEqual(overview.gate?.reasons);
    const scans = within(gate).getAllByTestId('sec-gate-scan');
    expect(scans).toHaveLength(4);
    expect(gate.textContent).toContain('Flawfinder 2.0.19');
    expect(gate.textContent).toContain('bandit (version unknown)');
    const warnings = within(gate).getAllByTestId('sec-scan-warning').map((w) => w.textContent ?? '');
    expect(warnings.some((w) => w.includes('1.6.2') && w.includes('string-literal'))).toBe(true);

    // The default table: open findings in remediation order (the core's order), exposed secrets first.
    expect(shown()).toBe(overview.byState.open + overview.byState.confirmed);
    const first = (await core.call('security.listFindings', { filter: { state: ['open', 'confirmed'] }, limit: 3 })).findings;
    expect(rows().slice(0, 3).map((row) => Number(row.dataset.findingId))).toEqual(first.map((f) => f.id));
    expect(rows()[0]!.dataset.severity).toBe('critical');
  });

  it('filters as the core filters: state, severity, kind, tool, path and words give the counts security.listFindings gives', async () => {
    const core = startCore();
    await importReports(core, REPORTS);
    show(core);
    await ready();

    const cases: { act: () => void; filter: FindingFilter }[] = [
      { act: () => fireEvent.click(screen.getByTestId('sec-filter-all')), filter: {} },
      { act: () => fireEvent.click(screen.getByTestId('sec-filter-severity-high')), filter: { severity: ['high'] } },
      { act: () => fireEvent.click(screen.getByTestId('sec-filter-severity-critical')), filter: { severity: ['high', 'critical'] } },
      { act: () => fireEvent.click(screen.getByTestId('sec-filter-kind-secret')), filter: { severity: ['high', 'critical'], kind: ['secret'] } },
      { act: () => fireEvent.click(screen.getByTestId('sec-filter-all')), filter: {} },
      { act: () => fireEvent.change(screen.getByTestId('sec-filter-tool'), { target: { value: 'bandit' } }), filter: { tool: 'bandit' } },
      { act: () => fireEvent.change(screen.getByTestId('sec-filter-path'), { target: { value: 'app' } }), filter: { tool: 'bandit', pathPrefix: 'app' } },
      { act: () => fireEvent.click(screen.getByTestId('sec-filter-all')), filter: {} },
      { act: () => fireEvent.change(screen.getByTestId('sec-filter-text'), { target: { value: 'SQL' } }), filter: { text: 'SQL' } },
      { act: () => fireEvent.change(screen.getByTestId('sec-filter-text'), { target: { value: 'no such words anywhere' } }), filter: { text: 'no such words anywhere' } },
    ];
    const nonEmpty = new Set<number>();
    for (const step of cases) {
      step.act();
      const { total } = await core.call('security.listFindings', { filter: step.filter, limit: 1 });
      expect({ filter: step.filter, shown: shown() }).toEqual({ filter: step.filter, shown: total });
      if (total > 0) nonEmpty.add(total);
    }
    // The cases really narrow (a filter that matched everything or nothing would prove little).
    expect(nonEmpty.size).toBeGreaterThan(4);
    expect(screen.getByTestId('sec-table-empty')).toBeTruthy();
  });

  it('sorts by a column and back to the remediation order', async () => {
    const core = startCore();
    await importReports(core, REPORTS);
    show(core);
    await ready();
    fireEvent.click(screen.getByTestId('sec-sort-severity'));
    fireEvent.click(screen.getByTestId('sec-sort-severity'));
    // Descending severity: the mildest first.
    const lowest = (await core.call('security.listFindings', { filter: { state: ['open', 'confirmed'] }, sort: 'severity', descending: true, limit: 1 })).findings[0]!;
    expect(rows()[0]!.dataset.severity).toBe(lowest.severity);
    fireEvent.click(screen.getByTestId('sec-sort-remediation'));
    expect(rows()[0]!.dataset.severity).toBe('critical');
  });

  it('shows a finding in full and lets an operator triage it as an accepted risk with expiry, recorded in its history and the audit trail', async () => {
    const core = startCore();
    await importReports(core, REPORTS);
    localStorage.setItem('warroom.author', 'Dana');
    show(core);
    await ready();
    fireEvent.click(screen.getByTestId('sec-filter-kind-secret'));
    const row = rows()[0]!;
    const id = Number(row.dataset.findingId);
    fireEvent.click(row);
    const detail = await screen.findByTestId('sec-detail');
    await waitFor(() => expect(within(detail).getByTestId('sec-detail-preview').textContent).toContain('…'));
    const stored = await core.call('security.getFinding', { id });
    expect(within(detail).getByTestId('sec-detail-location').textContent).toContain(stored.finding.location!.file);
    expect(within(detail).getByTestId('sec-detail-tools').textContent).toContain('secretlint');
    expect(within(detail).getByTestId('sec-detail-sightings').textContent).toContain(`scan #${stored.sightings[0]!.scanId}`);

    fireEvent.click(within(detail).getByTestId('sec-triage-state-accepted'));
    fireEvent.click(within(detail).getByTestId('sec-triage-submit'));
    // A reason is required: nothing is sent without it.
    expect(within(detail).getByText('An accepted risk needs a reason')).toBeTruthy();
    expect(core.inputs('security.triage')).toHaveLength(0);
    fireEvent.change(within(detail).getByTestId('sec-triage-reason'), { target: { value: 'dev key, rotated at launch' } });
    fireEvent.change(within(detail).getByTestId('sec-triage-owner'), { target: { value: 'Kim' } });
    const year = new Date().getUTCFullYear() + 1;
    fireEvent.change(within(detail).getByTestId('sec-triage-expires'), { target: { value: `${year}-01-31` } });
    fireEvent.click(within(detail).getByTestId('sec-triage-submit'));

    await waitFor(() => expect(screen.getByTestId('sec-detail').dataset.state).toBe('accepted'));
    const after = await core.call('security.getFinding', { id });
    expect(after.finding.acceptance).toEqual({ reason: 'dev key, rotated at launch', mitigation: null, owner: 'Kim', expiresAt: Date.UTC(year, 1, 1) });
    expect(within(screen.getByTestId('sec-detail')).getByTestId('sec-detail-history').textContent).toContain('Dana');
    const audit = await core.call('audit.tail', { limit: 5 });
    expect(audit.find((entry) => entry.event === 'security_triage')?.actor).toBe('Dana');
    // The table (open findings) no longer lists it.
    fireEvent.click(screen.getByTestId('sec-detail-close'));
    await waitFor(() => expect(rows().map((r) => Number(r.dataset.findingId))).not.toContain(id));
  });

  it('bulk-triages the filtered set after a confirmation that says how many findings change', async () => {
    const core = startCore();
    await importReports(core, REPORTS);
    localStorage.setItem('warroom.author', 'Dana');
    show(core);
    await ready();
    fireEvent.click(screen.getByTestId('sec-filter-kind-secret'));
    fireEvent.change(screen.getByTestId('sec-filter-path'), { target: { value: 'tests/' } });
    const expected = (await core.call('security.listFindings', { filter: { state: ['open', 'confirmed'], kind: ['secret'], pathPrefix: 'tests/' }, limit: 100 })).findings;
    expect(expected.length).toBeGreaterThan(0);
    expect(shown()).toBe(expected.length);

    fireEvent.click(screen.getByTestId('sec-bulk-open'));
    const dialog = screen.getByTestId('sec-bulk');
    fireEvent.change(within(dialog).getByTestId('sec-bulk-reason'), { target: { value: 'test files, dev keys' } });
    fireEvent.click(within(dialog).getByTestId('sec-bulk-review'));
    const sentence = within(dialog).getByTestId('sec-bulk-confirm-text');
    expect(sentence.dataset.count).toBe(String(expected.length));
    expect(sentence.textContent).toContain(`${expected.length} finding`);
    expect(core.inputs('security.triage')).toHaveLength(0);
    fireEvent.click(within(dialog).getByTestId('sec-bulk-apply'));
    await within(dialog).findByTestId('sec-bulk-done');

    const now = await core.call('security.listFindings', { filter: { state: ['false-positive'] }, limit: 100 });
    expect(now.findings.map((f) => f.id).sort()).toEqual(expected.map((f) => f.id).sort());
    await waitFor(() => expect(shown()).toBe(0));
  });

  it('is read-only for a viewer: no triage, the detail says so', async () => {
    const core = startCore();
    await importReports(core, REPORTS);
    show(core, 'viewer');
    await ready();
    expect(screen.getByTestId('sec-readonly')).toBeTruthy();
    expect(screen.queryByTestId('sec-bulk-open')).toBeNull();
    fireEvent.click(rows()[0]!);
    const detail = await screen.findByTestId('sec-detail');
    await within(detail).findByTestId('sec-detail-readonly');
    expect(within(detail).queryByTestId('sec-triage-form')).toBeNull();
  });

  it('compares a re-scan of moved code with the scan before: new, fixed and unchanged', async () => {
    const core = startCore();
    await importReports(core, ['bandit.json'], { scope: 'sample-bandit' });
    const rescan = await importReports(core, ['bandit-moved.json'], { folder: 'after', scanRoot: movedRoot, scope: 'sample-bandit' });
    show(core);
    await ready();
    const compare = screen.getByTestId('sec-compare');
    expect(compare.dataset.scope).toBe('sample-bandit');
    const canvas = within(compare).getByTestId('sec-comparison-chart');
    expect(canvas.dataset.scans).toBe('2');
    expect(canvas.dataset.new).toBe(String(rescan.new));
    expect(canvas.dataset.fixed).toBe(String(rescan.fixed));
    expect(canvas.dataset.unchanged).toBe(String(rescan.unchanged));
    expect(rescan.unchanged).toBeGreaterThan(0);
    expect(rescan.fixed).toBeGreaterThan(0);
    await waitFor(() => expect(within(compare).getByTestId('sec-compare-fixed').dataset.count).toBe(String(rescan.fixed)));
    expect(within(compare).getByTestId('sec-compare-new').dataset.count).toBe(String(rescan.new));
    expect(screen.getByTestId('sec-open-chart').dataset.points).toBe(String((await core.call('security.history', {})).length));
  });

  it('opens the scan a board evidence link names: on top of the view, outlined in the gate, its scope compared', async () => {
    const core = startCore();
    await importReports(core, ['bandit.json'], { scope: 'sample-bandit' });
    await importReports(core, ['bandit-moved.json'], { folder: 'after', scanRoot: movedRoot, scope: 'sample-bandit' });
    // A scope with one scan: not the comparison's default (that is the scope with a re-scan).
    const [eslint] = (await importReports(core, ['eslint.sarif'], { folder: 'eslint', scope: 'sample-eslint' })).scans;
    cleanups.push(renderApp(core, '#/board').stop);

    const evidence = await within(await screen.findByTestId('criterion-security-gate')).findAllByTestId('evidence-link');
    expect(evidence.map((link) => link.dataset.kind)).toEqual(['scan', 'scan']);
    const link = evidence.find((l) => l.dataset.id === String(eslint!.id))!;
    expect(link.textContent).toBe(`open scan #${eslint!.id} →`);
    fireEvent.click(link);

    await ready();
    const opened = await screen.findByTestId('sec-opened-scan');
    expect(opened.dataset.scanId).toBe(String(eslint!.id));
    expect(within(opened).getByTestId('sec-opened-scan-line').textContent).toContain(`${eslint!.counts.total} findings`);
    const outlined = within(screen.getByTestId('sec-gate')).getAllByTestId('sec-gate-scan').filter((line) => line.dataset.open === 'true');
    expect(outlined.map((line) => line.dataset.scanId)).toEqual([String(eslint!.id)]);
    expect(screen.getByTestId('sec-compare').dataset.scope).toBe('sample-eslint');

    // Closed: the view as it opens by itself.
    fireEvent.click(within(opened).getByTestId('sec-opened-scan-close'));
    expect(screen.queryByTestId('sec-opened-scan')).toBeNull();
    expect(screen.getByTestId('sec-compare').dataset.scope).toBe('sample-bandit');
  });

  it('shows age and deadline by the core\'s clock and highlights overdue findings', async () => {
    const clock = fakeClock();
    const core = startCore({ clock, heartbeatIntervalMs: 12 * 3_600_000, core: { timers: clock } });
    await importReports(core, ['secretlint.json', 'flawfinder.sarif']);
    // Two days on: the critical secrets (1 day to fix) are overdue, lower severities not yet.
    clock.advance(2 * 86_400_000);
    show(core);
    await ready();
    const overdue = (await core.call('security.listFindings', { filter: { overdue: true }, limit: 1 })).total;
    expect(overdue).toBeGreaterThan(0);
    expect(Number(screen.getByTestId('sec-count-overdue').dataset.count)).toBe(overdue);
    const first = rows()[0]!;
    expect(first.dataset.overdue).toBe('true');
    expect(within(first).getByTestId('sec-deadline').textContent).toBe('1d 0h overdue');
  });
});

/** Scanners that are tiny node scripts: one prints a real bandit report, one writes none, one runs until cancelled. */
const SCANNERS = `security:
  scanners:
    bandit-sample:
      label: bandit on the sample
      argv: [node, scripts/scan-bandit.mjs]
      output: stdout
      format: bandit
    broken:
      argv: [node, -e, "console.error('crashed before writing a report')"]
    slow:
      argv: [node, scripts/hold.mjs, scanning]
      output: { file: never-written.sarif }
`;

function startScanCore(): TestCore {
  const core = startCore({ security: SCANNERS });
  writeFileSync(join(core.dir, 'scripts', 'bandit-report.json'), fixtureText('bandit.json'));
  writeFileSync(join(core.dir, 'scripts', 'scan-bandit.mjs'), "import { readFileSync } from 'node:fs';\nconsole.error('[main] INFO running on the sample');\nprocess.stdout.write(readFileSync(new URL('./bandit-report.json', import.meta.url), 'utf8'));\nprocess.exitCode = 1;\n");
  return core;
}

const scanRun = (scanner: string) => screen.getAllByTestId(/^scan-run-\d+$/).find((row) => row.dataset.scanner === scanner);

describe('Security view: scans and imports', () => {
  it('runs a scanner after the production confirmation: live output, its verdict, and the register refreshed when it ends', async () => {
    const core = startScanCore();
    localStorage.setItem('warroom.author', 'Sam');
    show(core);
    await waitFor(() => expect(screen.getByTestId('view-security').dataset.state).toBe('empty'));
    await waitFor(() => expect(screen.getByTestId('scanner-bandit-sample').textContent).toContain('never run'));
    // The empty register still says the file configures its scanners.
    expect(screen.getByTestId('section-security').textContent).toBe('security:configured');

    fireEvent.click(screen.getByTestId('scan-start-bandit-sample'));
    // Production: nothing starts until the environment's name is typed.
    expect(await core.call('security.listScanRuns', {})).toEqual([]);
    const submit = screen.getByTestId('scan-confirm-submit');
    expect(submit).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByTestId('scan-confirm-input'), { target: { value: 'production' } });
    fireEvent.click(submit);

    await waitFor(() => expect(scanRun('bandit-sample')?.dataset.status).toBe('ok'), { timeout: 20_000 });
    const [run] = await core.call('security.listScanRuns', {});
    expect(run).toMatchObject({ scannerId: 'bandit-sample', actor: 'Sam', status: 'ok', exitCode: 1 });
    expect(within(scanRun('bandit-sample')!).getByTestId('scan-run-verdict').textContent).toBe(`${run!.counts!.new} new, 0 fixed, 0 unchanged`);
    expect(run!.counts!.new).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getByTestId('scan-output').textContent).toContain('[main] INFO running on the sample'));
    // The register followed the scan's end: its findings are on screen.
    await ready();
    const overview = await core.call('security.overview', {});
    await waitFor(() => expect(count('high')).toBe(overview.openBySeverity.high));
    expect(shown()).toBe(overview.byState.open);
  });

  it('says why a scan failed (no report), and cancels a running one', async () => {
    const core = startScanCore();
    localStorage.setItem('warroom.author', 'Sam');
    await core.call('security.startScan', { scanners: ['broken'], actor: 'Sam' });
    show(core);
    await waitFor(() => expect(scanRun('broken')?.dataset.status).toBe('failed'), { timeout: 20_000 });
    const [failed] = await core.call('security.listScanRuns', { scannerId: 'broken' });
    expect(failed!.reason).toMatch(/report/);
    expect(within(scanRun('broken')!).getByTestId('scan-run-verdict').textContent).toBe(failed!.reason);
    fireEvent.click(scanRun('broken')!);
    await waitFor(() => expect(screen.getByTestId('scan-output').textContent).toContain('crashed before writing a report'));

    const [slow] = await core.call('security.startScan', { scanners: ['slow'], actor: 'Sam' });
    await waitFor(() => expect(scanRun('slow')?.dataset.status).toBe('running'));
    fireEvent.click(scanRun('slow')!);
    expect(screen.getByTestId('scan-detail').dataset.runId).toBe(String(slow!.id));
    fireEvent.click(screen.getByTestId('scan-cancel'));
    await waitFor(() => expect(scanRun('slow')?.dataset.status).toBe('cancelled'), { timeout: 20_000 });
    expect((await core.call('security.getScanRun', { runId: slow!.id })).run.status).toBe('cancelled');
  });

  it('imports picked report files as their contents into the scope chosen; a bad one is refused naming it', async () => {
    const core = startScanCore();
    localStorage.setItem('warroom.author', 'Sam');
    show(core);
    await waitFor(() => expect(screen.getByTestId('view-security').dataset.state).toBe('empty'));
    const pick = (files: File[]) => fireEvent.change(screen.getByTestId('report-import-files'), { target: { files } });

    pick([new File(['{"results": ['], 'broken.json', { type: 'application/json' })]);
    await waitFor(() => expect(screen.getByTestId('report-import-picked').textContent).toBe('1 report: broken.json'));
    fireEvent.click(screen.getByTestId('report-import-submit'));
    await waitFor(() => expect(screen.getByTestId('report-import-error').textContent).toContain('broken.json'));
    expect(await core.call('security.listScans', {})).toEqual([]);

    pick([new File([fixtureText('bandit.json')], 'bandit.json', { type: 'application/json' })]);
    await waitFor(() => expect(screen.getByTestId('report-import-picked').textContent).toBe('1 report: bandit.json'));
    fireEvent.change(screen.getByTestId('report-import-scope'), { target: { value: 'bandit-sample' } });
    fireEvent.change(screen.getByTestId('report-import-root'), { target: { value: sampleRoot } });
    fireEvent.click(screen.getByTestId('report-import-submit'));
    await waitFor(() => expect(screen.getByTestId('report-import-result').textContent).toMatch(/^Imported: [1-9]\d* new, 0 fixed, 0 unchanged$/));
    expect(await core.call('security.listScans', {})).toEqual([expect.objectContaining({ scope: 'bandit-sample', sourceFile: 'bandit.json', scanRoot: sampleRoot })]);
    await ready();
  });

  it('gives a viewer the runs and their verdicts, but no scan, cancel or import control', async () => {
    const core = startScanCore();
    await core.call('security.startScan', { scanners: ['broken'], actor: 'Sam' });
    show(core, 'viewer');
    await waitFor(() => expect(scanRun('broken')?.dataset.status).toBe('failed'), { timeout: 20_000 });
    expect(screen.queryByTestId('scan-start-bandit-sample')).toBeNull();
    expect(screen.queryByTestId('scan-start-all')).toBeNull();
    expect(screen.queryByTestId('report-import')).toBeNull();
  });
});
