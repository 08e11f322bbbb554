import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LoadComparison, LoadOverview } from '../../shared/domain/load-runs.js';
import { useAppStore } from '../stores/store.js';
import { createFakeCore } from '../testing/fake-core.js';
import type { FakeCore, FakeCoreOptions } from '../testing/fake-core.js';
import { endedRun, LOAD_ENDPOINTS, loadProfiles, loadRun, loadStats, loadTick, seriesOf } from '../testing/load-fixture.js';
import { renderApp } from '../testing/render-app.js';

const stops: (() => void)[] = [];
afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  cleanup();
  localStorage.clear();
});

/** The rehearsal profiles unless the test names others. */
function open(options: FakeCoreOptions = {}): FakeCore {
  const core = createFakeCore({ ...options, load: { ...options.load, overview: { profiles: loadProfiles(), ...options.load?.overview } } });
  stops.push(renderApp(core, '#/load').stop);
  return core;
}

const asOperator = (name = 'Dana') => localStorage.setItem('warroom.author', name);
const requestsOf = (core: FakeCore, name: string) => core.requests.filter((r) => r.name === name).map((r) => r.input);
/** jsdom's Blob has no text(). */
function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable blob'));
    reader.readAsText(blob);
  });
}

const canvas = (kind: string) => screen.getByTestId<HTMLCanvasElement>(`chart-${kind}`);

/** A closed-model smoke run 40 s into its 60 s, as the snapshot after a reload carries it. */
function activeAt40(): Partial<LoadOverview> {
  const ticks = Array.from({ length: 40 }, (_, i) => loadTick(i + 1, { rps: 100 + i, p95Ms: 150 + i, activeUsers: 10 }));
  return { active: { run: loadRun(7, { startedAt: Date.now() - 40_000 }), series: seriesOf(ticks), latest: ticks.at(-1)! } };
}

describe('Load view', () => {
  it('restores a running test from the snapshot (a reload): series, progress, big numbers, endpoints', async () => {
    open({ load: { overview: activeAt40() } });
    const live = await screen.findByTestId('load-live');
    expect(live.dataset.runId).toBe('7');
    for (const kind of ['rps', 'latency', 'users', 'errors']) expect(canvas(kind).dataset.points).toBe('40');
    expect(canvas('rps').dataset.last).toBe('139');
    const progress = screen.getByTestId('load-progress');
    expect(progress.dataset.percent).toBe('67');
    expect(progress.textContent).toContain('40 s');
    expect(screen.getByTestId('load-time-left').textContent).toBe('20 s left');
    expect(screen.getByTestId('load-rps').textContent).toContain('139');
    expect(screen.getByTestId('load-p95').textContent).toContain('189');
    expect(screen.getByTestId('load-p95').dataset.status).toBe('ok');
    expect(screen.getByTestId('load-users').textContent).toContain('10');
    expect(screen.getAllByTestId('endpoint-row')).toHaveLength(LOAD_ENDPOINTS.length);
    // The Start buttons wait for the running test to end.
    expect(screen.getByTestId('load-start-smoke')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('load-profile-smoke').dataset.running).toBe('true');
  });

  it('appends load.tick to the charts and updates the big numbers, verdicts and endpoint table', async () => {
    const core = open({ load: { overview: activeAt40() } });
    await screen.findByTestId('load-live');
    const chart = canvas('rps');
    act(() => {
      core.load.tick({
        rps: 250,
        p95Ms: 731,
        errors: { status_5xx: 5, timeout: 2 },
        activeUsers: 10,
        thresholds: [
          { expression: 'p(95) < 500', actual: 731, passed: false, abortOnFail: false },
          { expression: 'rate(errors) < 0.01', actual: 0.0031, passed: true, abortOnFail: false },
        ],
      });
    });
    // The same chart, appended to: not a new one.
    expect(canvas('rps')).toBe(chart);
    expect(chart.dataset.points).toBe('41');
    expect(chart.dataset.last).toBe('250');
    expect(canvas('latency').dataset.last).toBe('731');
    expect(canvas('errors').dataset.last).toBe('7');
    expect(screen.getByTestId('load-rps').textContent).toContain('250');
    const p95 = screen.getByTestId('load-p95');
    expect(p95.textContent).toContain('731');
    expect(p95.dataset.status).toBe('down');
    expect(screen.getByTestId('load-error-rate').textContent).toContain('2.80 %');
    expect(screen.getByTestId('load-progress').dataset.percent).toBe('68');

    const failed = screen.getByTestId('threshold-0');
    expect(failed.dataset.state).toBe('fail');
    expect(failed.textContent).toContain('Fail');
    expect(failed.textContent).toContain('731 ms');
    expect(screen.getByTestId('threshold-1').textContent).toContain('0.31 %');

    const first = screen.getAllByTestId('endpoint-row')[0]!;
    expect(first.dataset.endpoint).toBe(LOAD_ENDPOINTS[0]);
    expect(first.dataset.errors).toBe('7');
    expect(within(first).getByText(/5xx/).textContent).toContain('5');
    expect(within(first).getByText(/timeout/).textContent).toContain('2');
    expect(screen.getByTestId('endpoint-total').dataset.errors).toBe('7');

    // A second already held (a duplicate delivery) changes nothing.
    act(() => {
      core.emit('load.tick', { runId: 7, tick: loadTick(41, { rps: 1 }) });
    });
    expect(canvas('rps').dataset.points).toBe('41');
    expect(screen.getByTestId('load-rps').textContent).toContain('250');
  });

  it('shows the verdict big when the run ends passed, with the reports', async () => {
    asOperator();
    const core = open({ load: { overview: activeAt40() } });
    await screen.findByTestId('load-live');
    const chart = canvas('latency');
    act(() => {
      core.load.end('passed');
    });
    expect(canvas('latency')).toBe(chart);
    const verdict = screen.getByTestId('load-verdict');
    expect(verdict.dataset.outcome).toBe('passed');
    expect(verdict.textContent).toContain('Passed');
    expect(verdict.textContent).toContain('all 2 thresholds held');
    expect(screen.getByTestId('load-result').dataset.runId).toBe('7');
    expect(screen.queryByTestId('load-live')).toBeNull();
    expect(screen.queryByTestId('load-stop')).toBeNull();
    // The charts kept the live series; the run is in the history.
    expect(canvas('rps').dataset.points).toBe('40');
    expect(screen.getByTestId('load-run-7').dataset.state).toBe('passed');
    for (const format of ['html', 'csv', 'json']) expect(screen.getByTestId(`report-${format}`)).toBeTruthy();
    expect(screen.getByTestId('load-start-smoke')).toHaveProperty('disabled', false);
  });

  it('says which threshold decided a failed run, and its actual value', async () => {
    const core = open({ load: { overview: activeAt40() } });
    await screen.findByTestId('load-live');
    act(() => {
      core.load.end('failed', {
        decidedBy: { expression: 'p(95) < 500', actual: 731, passed: false, abortOnFail: false },
        thresholds: [
          { expression: 'p(95) < 500', actual: 731, passed: false, abortOnFail: false },
          { expression: 'rate(errors) < 0.01', actual: 0.002, passed: true, abortOnFail: false },
        ],
        total: loadStats({ p95Ms: 731, errorRate: 0.002, errorCount: 14 }),
      });
    });
    const verdict = screen.getByTestId('load-verdict');
    expect(verdict.dataset.outcome).toBe('failed');
    expect(verdict.textContent).toContain('Failed: p(95) < 500 — actual 731 ms');
    expect(screen.getByTestId('load-p95').dataset.status).toBe('down');
    expect(screen.getByTestId('threshold-0').dataset.state).toBe('fail');
    expect(screen.getByTestId('threshold-1').dataset.state).toBe('pass');
  });

  it('starts a profile with the remembered operator name and stops the run', async () => {
    asOperator('Dana');
    const core = open();
    fireEvent.click(await screen.findByTestId('load-start-smoke'));
    const live = await screen.findByTestId('load-live');
    expect(requestsOf(core, 'load.start')).toEqual([{ profile: 'smoke', actor: 'Dana' }]);
    expect(live.dataset.runId).toBe('1');
    expect(screen.getByTestId('load-progress').dataset.percent).toBe('0');
    expect(screen.getByTestId('load-start-peak')).toHaveProperty('disabled', true);
    act(() => {
      core.load.tick({ rps: 42 });
    });
    expect(canvas('rps').dataset.points).toBe('1');

    fireEvent.click(screen.getByTestId('load-stop'));
    await waitFor(() => expect(requestsOf(core, 'load.stop')).toEqual([{ runId: 1, actor: 'Dana' }]));
    // The answer is the record still running: Stop waits for load.changed.
    await waitFor(() => expect(screen.getByTestId('load-stop').textContent).toContain('Stopping'));
    expect(screen.getByTestId('load-live')).toBeTruthy();
    act(() => {
      core.load.end('aborted', { stopReason: 'stopped' });
    });
    const verdict = screen.getByTestId('load-verdict');
    expect(verdict.dataset.outcome).toBe('aborted');
    expect(verdict.textContent).toContain('stopped by an operator');
  });

  it('asks for the operator name before a start', async () => {
    open();
    const start = await screen.findByTestId('load-start-smoke');
    expect(start).toHaveProperty('disabled', true);
    expect(start.getAttribute('title')).toContain('name');
    fireEvent.change(screen.getByTestId('operator-name'), { target: { value: 'Lee' } });
    fireEvent.blur(screen.getByTestId('operator-name'));
    await waitFor(() => expect(screen.getByTestId('load-start-smoke')).toHaveProperty('disabled', false));
  });

  it('shows a refused start next to its card', async () => {
    asOperator();
    const core = open({
      answer: { 'load.start': () => ({ ok: false, error: { code: 'conflict', message: 'load test peak (run 3) is still running: stop it first' } }) },
    });
    fireEvent.click(await screen.findByTestId('load-start-smoke'));
    const error = await screen.findByTestId('load-start-error-smoke');
    expect(error.textContent).toContain('Starting smoke refused');
    expect(error.textContent).toContain('is still running: stop it first');
    expect(screen.getByTestId('load-profile-smoke').contains(error)).toBe(true);
    expect(screen.queryByTestId('load-live')).toBeNull();
    expect(core.calls).toContain('load.start');
  });

  it('shows a refused stop', async () => {
    asOperator();
    open({
      load: { overview: activeAt40() },
      answer: { 'load.stop': () => ({ ok: false, error: { code: 'conflict', message: 'run 7 is not running' } }) },
    });
    fireEvent.click(await screen.findByTestId('load-stop'));
    expect((await screen.findByTestId('load-stop-error')).textContent).toContain('run 7 is not running');
    expect(screen.getByTestId('load-stop')).toHaveProperty('disabled', false);
  });

  it('lets viewers watch without Start or Stop', async () => {
    open({ role: 'viewer', load: { overview: activeAt40() } });
    await screen.findByTestId('load-live');
    expect(screen.getByTestId('load-readonly')).toBeTruthy();
    expect(screen.getByTestId('load-profile-smoke')).toBeTruthy();
    expect(screen.queryByTestId(/^load-start-/)).toBeNull();
    expect(screen.queryByTestId('load-stop')).toBeNull();
    expect(screen.queryByTestId('operator-name')).toBeNull();
  });

  it('describes each profile: model, peak, duration, thresholds and target', async () => {
    open();
    const smoke = await screen.findByTestId('load-profile-smoke');
    expect(smoke.dataset.model).toBe('closed');
    expect(within(smoke).getByTestId('load-profile-peak-smoke').textContent).toBe('10 users');
    expect(smoke.textContent).toContain('1 min');
    expect(smoke.textContent).toContain('p(95) < 500');
    expect(smoke.textContent).toContain('http://127.0.0.1:8010');
    expect(screen.getByTestId('load-profile-peak-spike').textContent).toBe('400 arrivals/s');
    expect(screen.getByTestId('load-profile-endurance').textContent).toContain('1 h 00 min');
  });

  it('shows a run from the history with its stored series and summary', async () => {
    const older = endedRun(1, 'failed', { startedAt: Date.now() - 3_600_000 }, { decidedBy: { expression: 'rate(errors) < 0.01', actual: 0.024, passed: false, abortOnFail: false } });
    const newer = endedRun(2, 'passed', { startedAt: Date.now() - 600_000 });
    const ticks = Array.from({ length: 60 }, (_, i) => loadTick(i + 1));
    const core = open({ load: { overview: { runs: [newer, older] }, details: { 1: { series: seriesOf(ticks), latest: ticks.at(-1)! }, 2: { series: [], latest: null } } } });
    // Without a running test the newest run is shown, its series loaded.
    expect((await screen.findByTestId('load-result')).dataset.runId).toBe('2');
    await waitFor(() => expect(requestsOf(core, 'load.getRun')).toEqual([{ runId: 2 }]));
    const row = screen.getByTestId('load-run-1');
    expect(row.textContent).toContain('Failed');
    expect(row.textContent).toContain('180 ms');
    fireEvent.click(row);
    await waitFor(() => expect(screen.getByTestId('load-result').dataset.runId).toBe('1'));
    await waitFor(() => expect(canvas('rps').dataset.points).toBe('60'));
    expect(requestsOf(core, 'load.getRun')).toContainEqual({ runId: 1 });
    expect(screen.getByTestId('load-verdict').textContent).toContain('rate(errors) < 0.01 — actual 2.40 %');
    expect(screen.getByTestId('load-requests').textContent).toContain('7,200');
    expect(screen.getAllByTestId('endpoint-row')).toHaveLength(LOAD_ENDPOINTS.length);
    expect(screen.getByTestId('load-run-1').getAttribute('aria-current')).toBe('true');
  });

  it('compares two ticked runs, the older as the base, with regressions highlighted', async () => {
    const older = endedRun(1, 'passed', { startedAt: Date.now() - 3_600_000 });
    const newer = endedRun(2, 'failed', { startedAt: Date.now() - 600_000 });
    const comparison = (baseRunId: number, runId: number): LoadComparison => {
      const row = (endpoint: string, regression: boolean): LoadComparison['total'] => ({
        endpoint,
        base: loadStats(),
        current: loadStats(regression ? { p95Ms: 260, errorRate: 0.031 } : {}),
        p95ChangePct: regression ? 44.4 : 0,
        errorRateChange: regression ? 0.031 : 0,
        rpsChangePct: -2,
        regression,
        reasons: regression ? ['p95 180 → 260 ms (+44.4 %)', 'error rate 0.0 % → 3.1 %'] : [],
      });
      return {
        base: baseRunId === 1 ? older : newer,
        current: runId === 2 ? newer : older,
        total: row('total', true),
        endpoints: LOAD_ENDPOINTS.map((endpoint, i) => row(endpoint, i === 1)),
      };
    };
    const core = open({ load: { overview: { runs: [newer, older] }, compare: comparison } });
    const compare = await screen.findByTestId('load-compare');
    expect(compare).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByTestId('load-select-2'));
    fireEvent.click(screen.getByTestId('load-select-1'));
    expect(compare).toHaveProperty('disabled', false);
    fireEvent.click(compare);
    const table = await screen.findByTestId('load-comparison');
    expect(requestsOf(core, 'load.compare')).toEqual([{ baseRunId: 1, runId: 2 }]);
    const rows = within(table).getAllByTestId('compare-row');
    expect(rows).toHaveLength(LOAD_ENDPOINTS.length + 1);
    const regressions = rows.filter((row) => row.dataset.regression === 'true');
    expect(regressions.map((row) => row.dataset.endpoint)).toEqual(['total', LOAD_ENDPOINTS[1]]);
    expect(regressions[1]!.textContent).toContain('Regression');
    expect(regressions[1]!.textContent).toContain('p95 180 → 260 ms (+44.4 %)');
    expect(regressions[1]!.textContent).toContain('+3.1 pts');
    expect(table.dataset.regressions).toBe('2');
    // Clicking a checkbox does not open the run.
    expect(screen.getByTestId('load-result').dataset.runId).toBe('2');
  });

  it('downloads a report as a Blob of the mime the core gave, without opening it', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:warroom/report-1';
    });
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });
    try {
      const core = open({ load: { overview: { runs: [endedRun(3, 'passed')] } } });
      fireEvent.click(await screen.findByTestId('report-csv'));
      await waitFor(() => expect(clicked).toHaveLength(1));
      expect(requestsOf(core, 'load.report')).toEqual([{ runId: 3, format: 'csv' }]);
      expect(created[0]!.type).toBe('text/csv; charset=utf-8');
      expect(await readText(created[0]!)).toBe('report of run 3');
      expect(clicked[0]).toEqual({ href: 'blob:warroom/report-1', download: 'warroom-load-smoke-3.csv' });
      // The link is gone again; nothing was opened in the app.
      expect(document.querySelector('a[download]')).toBeNull();
      expect(window.location.hash).toBe('#/load');

      fireEvent.click(screen.getByTestId('report-html'));
      await waitFor(() => expect(clicked).toHaveLength(2));
      expect(created[1]!.type).toBe('text/html; charset=utf-8');
    } finally {
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    }
  });

  it('follows a test started elsewhere while an older run is open', async () => {
    const core = open({ load: { overview: { runs: [endedRun(1, 'passed'), endedRun(2, 'failed')] } } });
    fireEvent.click(await screen.findByTestId('load-run-1'));
    await waitFor(() => expect(screen.getByTestId('load-result').dataset.runId).toBe('1'));
    act(() => {
      core.emit('load.changed', loadRun(3, { profile: 'peak', plannedMs: 900_000, startedAt: Date.now() }));
    });
    expect(screen.getByTestId('load-live').dataset.runId).toBe('3');
    expect(useAppStore.getState().openLoadRunId).toBeNull();
  });

  it('marks the live figures stale when the stream goes quiet', async () => {
    const core = open({ load: { overview: activeAt40() } });
    await screen.findByTestId('load-live');
    expect(screen.queryByTestId('load-stale')).toBeNull();
    act(() => core.client.setLinkState('closed'));
    expect(screen.getByTestId('load-stale').textContent).toContain('figures may be stale');
  });

  it('says an interrupted run has no whole-run summary and shows its last stored second', async () => {
    const interrupted = loadRun(5, { state: 'interrupted', endedAt: Date.now() - 1000, error: 'Warroom stopped while the run was going' });
    const ticks = [1, 2, 3].map((second) => loadTick(second, { rps: 77 }));
    open({ load: { overview: { runs: [interrupted] }, details: { 5: { series: seriesOf(ticks), latest: ticks[2]! } } } });
    const verdict = await screen.findByTestId('load-verdict');
    expect(verdict.dataset.outcome).toBe('interrupted');
    expect(verdict.textContent).toContain('Warroom stopped while the run was going');
    await waitFor(() => expect(screen.getByTestId('load-numbers-caption').textContent).toContain('last stored second, 3'));
    expect(screen.getByTestId('load-rps').textContent).toContain('77');
    expect(screen.getByTestId('load-run-5').textContent).toContain('—');
  });

  it('shows an interrupted run\'s headline from its stored seconds, marked approximate, in the panel and the history', async () => {
    const headline = { requests: 5400, errorCount: 54, errorRate: 0.01, rps: 90, p50Ms: 80, p95Ms: 412, p99Ms: 900, approximate: true };
    const interrupted = loadRun(6, { state: 'interrupted', endedAt: Date.now() - 1000, error: 'Warroom stopped while the run was going', headline });
    open({ load: { overview: { runs: [interrupted] } } });
    const row = await screen.findByTestId('load-run-6');
    const cells = within(row).getAllByRole('cell');
    const p95 = cells.find((cell) => cell.dataset.approximate === 'true');
    expect(p95?.textContent).toBe('≤ 412 ms');
    expect(p95?.title).toContain('approximate');
    expect(row.textContent).toContain('1.00 %');
    fireEvent.click(row);
    await waitFor(() => expect(screen.getByTestId('load-numbers').dataset.approximate).toBe('true'));
    expect(screen.getByTestId('load-numbers-caption').textContent).toContain('Approximate');
    expect(screen.getByTestId('load-requests').textContent).toContain('5,400');
    expect(screen.getByTestId('load-p95').textContent).toContain('≤ 412');
  });

  it('says so when no profile is configured and nothing has run', async () => {
    open({ load: { overview: { profiles: [] } } });
    await waitFor(() => expect(screen.getByTestId('view-load').textContent).toContain('No load profiles configured'));
    expect(screen.getByTestId('section-load').dataset.configured).toBe('true');
  });
});
