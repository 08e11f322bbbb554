import { join } from 'node:path';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LoadRunRecord } from '../../shared/domain/load-runs.js';
import { startLoadTarget } from '../../electron/core/load/testing/load-target.js';
import type { LoadTarget } from '../../electron/core/load/testing/load-target.js';
import { useAppStore } from '../stores/store.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore, TestCoreOptions } from '../testing/test-core.js';
import { cleanupAfterEach } from '../testing/cleanup-after-each.js';

/** The API gateway is a local load target; the real load engine (worker threads) runs against it. */
let target: LoadTarget;
beforeAll(async () => {
  target = await startLoadTarget();
});
afterAll(() => target?.close());

const cleanups = cleanupAfterEach();

const ENDPOINTS = ['GET /fast', 'GET /echo'];

/**
 * Two scenarios: `mix` answers fast, `broken` gets 500s. Short closed-model profiles end within
 * a second or two; `long` runs until stopped.
 */
const LOAD = `load:
  scenarios:
    mix:
      service: api
      thinkTime: { min: 100ms, max: 100ms }
      requests:
        - { name: GET /fast, path: /fast }
        - { name: GET /echo, path: /echo }
    broken:
      service: api
      thinkTime: { min: 100ms, max: 100ms }
      requests:
        - { name: GET /status/500, path: /status/500 }
  thresholds:
    - p(95) < 500
    - rate(errors) < 0.01
  profiles:
    smoke: { model: closed, users: 2, duration: 1s, scenario: mix, description: "Does the API answer at all under a trickle of users?" }
    failing: { model: closed, users: 2, duration: 1s, scenario: broken }
    long: { model: closed, users: 2, duration: 10m, scenario: mix }
    spike: { model: open, rate: 5, duration: 2m, scenario: mix }
`;

function startCore(options: TestCoreOptions = {}): TestCore {
  const core = startTestCore({ urls: { api: { production: target.url } }, load: LOAD, ...options });
  // Stop a run still going before the core closes (closing waits for it).
  cleanups.push(async () => {
    const running = (await core.call('load.list', {})).active?.run;
    if (running) {
      await core.call('load.stop', { runId: running.id, actor: 'cleanup' });
      await core.core.load.finished(running.id);
    }
    await core.close();
  });
  return core;
}

function show(core: TestCore, role: 'operator' | 'viewer' = 'operator'): void {
  cleanups.push(renderApp({ client: role === 'operator' ? core.client : core.connect(role) }, '#/load').stop);
}

function open(options: TestCoreOptions = {}): TestCore {
  const core = startCore(options);
  show(core);
  return core;
}

/** Resolves at the run's `count`th load.tick. */
function ticks(core: TestCore, runId: number, count: number): Promise<void> {
  let seen = 0;
  return new Promise((done) => {
    const stop = core.core.bus.on('load.tick', (payload) => {
      if (payload.runId !== runId || ++seen < count) return;
      stop();
      done();
    });
  });
}

/** A run of `profile` started by another operator, to its end. */
async function ran(core: TestCore, profile: string): Promise<LoadRunRecord> {
  const run = await core.call('load.start', { profile, actor: 'Sam' });
  return core.core.load.finished(run.id);
}

const asOperator = (name = 'Dana') => localStorage.setItem('warroom.author', name);
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

describe('Load view', () => {
  it('restores a running test from the snapshot (a reload): series, progress, big numbers, endpoints', async () => {
    const core = startCore();
    const run = await core.call('load.start', { profile: 'long', actor: 'Sam' });
    await ticks(core, run.id, 2);
    show(core);
    const live = await screen.findByTestId('load-live');
    expect(live.dataset.runId).toBe(String(run.id));
    const points = Number(canvas('rps').dataset.points);
    expect(points).toBeGreaterThanOrEqual(2);
    for (const kind of ['latency', 'users', 'errors']) expect(canvas(kind).dataset.points).toBe(String(points));
    expect(screen.getByTestId('load-progress').dataset.percent).toBe('0');
    expect(screen.getByTestId('load-users').textContent).toContain('2');
    expect(screen.getByTestId('load-p95').dataset.status).toBe('ok');
    expect(screen.getAllByTestId('endpoint-row').map((row) => row.dataset.endpoint)).toEqual(ENDPOINTS);
    // The Start buttons wait for the running test to end.
    expect(screen.getByTestId('load-start-smoke')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('load-profile-long').dataset.running).toBe('true');
  });

  it('appends load.tick to the same charts', async () => {
    const core = open();
    const run = await core.call('load.start', { profile: 'long', actor: 'Sam' });
    await screen.findByTestId('load-live');
    await act(() => ticks(core, run.id, 1));
    const chart = canvas('rps');
    const before = Number(chart.dataset.points);
    await act(() => ticks(core, run.id, 1));
    await waitFor(() => expect(Number(chart.dataset.points)).toBe(before + 1));
    // The same chart, appended to: not a new one.
    expect(canvas('rps')).toBe(chart);
  });

  it('shows the verdict big when the run ends passed, with the reports', async () => {
    asOperator();
    const core = open();
    fireEvent.click(await screen.findByTestId('load-start-smoke'));
    await screen.findByTestId('load-live');
    const run = await core.core.load.finished(core.inputs('load.start').length);
    expect(run.state).toBe('passed');
    const verdict = await screen.findByTestId('load-verdict');
    expect(verdict.dataset.outcome).toBe('passed');
    expect(verdict.textContent).toContain('Passed');
    expect(verdict.textContent).toContain('all 2 thresholds held');
    expect(screen.getByTestId('load-result').dataset.runId).toBe(String(run.id));
    expect(screen.queryByTestId('load-live')).toBeNull();
    expect(screen.queryByTestId('load-stop')).toBeNull();
    expect(screen.getByTestId(`load-run-${run.id}`).dataset.state).toBe('passed');
    for (const format of ['html', 'csv', 'json']) expect(screen.getByTestId(`report-${format}`)).toBeTruthy();
    expect(screen.getByTestId('load-start-smoke')).toHaveProperty('disabled', false);
  });

  it('says which threshold decided a failed run, and its actual value', async () => {
    const core = open();
    await screen.findByTestId('load-profile-failing');
    const run = await act(() => ran(core, 'failing'));
    expect(run.state).toBe('failed');
    const verdict = await screen.findByTestId('load-verdict');
    expect(verdict.dataset.outcome).toBe('failed');
    expect(verdict.textContent).toContain('Failed: rate(errors) < 0.01 — actual 100.0 %');
    expect(screen.getByTestId('threshold-0').dataset.state).toBe('pass');
    expect(screen.getByTestId('threshold-1').dataset.state).toBe('fail');
  });

  it('starts a profile with the remembered operator name and stops the run', async () => {
    asOperator('Dana');
    const core = open();
    fireEvent.click(await screen.findByTestId('load-start-long'));
    const live = await screen.findByTestId('load-live');
    expect(core.inputs('load.start')).toEqual([{ profile: 'long', actor: 'Dana' }]);
    expect(live.dataset.runId).toBe('1');
    expect(screen.getByTestId('load-start-smoke')).toHaveProperty('disabled', true);
    await act(() => ticks(core, 1, 1));
    await waitFor(() => expect(Number(canvas('rps').dataset.points)).toBeGreaterThanOrEqual(1));

    fireEvent.click(screen.getByTestId('load-stop'));
    await waitFor(() => expect(core.inputs('load.stop')).toEqual([{ runId: 1, actor: 'Dana' }]));
    await act(() => core.core.load.finished(1).then(() => undefined));
    const verdict = await screen.findByTestId('load-verdict');
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
    // Another operator starts a long run while this screen's start is on its way.
    const core = open({
      intercept: async (name, input, next) => {
        if (name === 'load.start') await core.call('load.start', { profile: 'long', actor: 'Sam' });
        return next();
      },
    });
    fireEvent.click(await screen.findByTestId('load-start-smoke'));
    const error = await screen.findByTestId('load-start-error-smoke');
    expect(error.textContent).toContain('Starting smoke refused');
    expect(error.textContent).toContain('long');
    expect(screen.getByTestId('load-profile-smoke').contains(error)).toBe(true);
    // The screen follows the run the other operator started.
    await waitFor(() => expect(screen.getByTestId('load-live').dataset.runId).toBe('1'));
  });

  it('shows a refused stop', async () => {
    // A stop of a run that has ended meanwhile is refused by the core, but the screen has taken
    // its Stop button away by then (load.changed comes first). What the core refuses while the
    // button is there: an operator name longer than an actor may be.
    asOperator('D'.repeat(61));
    const core = open();
    await core.call('load.start', { profile: 'long', actor: 'Sam' });
    fireEvent.click(await screen.findByTestId('load-stop'));
    const error = await screen.findByTestId('load-stop-error');
    expect(error.textContent).toContain('actor');
    expect(screen.getByTestId('load-stop')).toHaveProperty('disabled', false);
    expect(screen.getByTestId('load-live').dataset.runId).toBe('1');
  });

  it('lets viewers watch without Start or Stop', async () => {
    const core = startCore();
    await core.call('load.start', { profile: 'long', actor: 'Sam' });
    show(core, 'viewer');
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
    expect(within(smoke).getByTestId('load-profile-peak-smoke').textContent).toBe('2 users');
    expect(smoke.textContent).toContain('Does the API answer at all under a trickle of users?');
    expect(smoke.textContent).toContain('p(95) < 500');
    expect(smoke.textContent).toContain(target.url);
    expect(screen.getByTestId('load-profile-peak-spike').textContent).toBe('5.0 arrivals/s');
    expect(screen.getByTestId('load-profile-spike').textContent).toContain('2 min');
    expect(screen.getByTestId('load-profile-long').textContent).toContain('10 min');
  });

  it('shows a run from the history with its stored series and summary', async () => {
    const core = startCore();
    const older = await ran(core, 'failing');
    const newer = await ran(core, 'smoke');
    show(core);
    // Without a running test the newest run is shown, its series loaded.
    expect((await screen.findByTestId('load-result')).dataset.runId).toBe(String(newer.id));
    await waitFor(() => expect(core.inputs('load.getRun')).toEqual([{ runId: newer.id }]));
    const row = screen.getByTestId(`load-run-${older.id}`);
    expect(row.textContent).toContain('Failed');
    fireEvent.click(row);
    await waitFor(() => expect(screen.getByTestId('load-result').dataset.runId).toBe(String(older.id)));
    const stored = core.core.store.loadRuns.series(older.id).length;
    await waitFor(() => expect(canvas('rps').dataset.points).toBe(String(stored)));
    expect(core.inputs('load.getRun')).toContainEqual({ runId: older.id });
    expect(screen.getByTestId('load-verdict').textContent).toContain('rate(errors) < 0.01 — actual 100.0 %');
    expect(screen.getByTestId('load-requests').textContent).toContain(String(older.summary?.total.requests.toLocaleString('en-US')));
    expect(screen.getAllByTestId('endpoint-row').map((r) => r.dataset.endpoint)).toEqual(['GET /status/500']);
    expect(screen.getByTestId(`load-run-${older.id}`).getAttribute('aria-current')).toBe('true');
  });

  it('compares two ticked runs, the older as the base, as the core compares them', async () => {
    const core = startCore();
    const older = await ran(core, 'smoke');
    const newer = await ran(core, 'smoke');
    show(core);
    const compare = await screen.findByTestId('load-compare');
    expect(compare).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByTestId(`load-select-${newer.id}`));
    fireEvent.click(screen.getByTestId(`load-select-${older.id}`));
    expect(compare).toHaveProperty('disabled', false);
    fireEvent.click(compare);
    const table = await screen.findByTestId('load-comparison');
    expect(core.inputs('load.compare')).toEqual([{ baseRunId: older.id, runId: newer.id }]);
    const expected = await core.call('load.compare', { baseRunId: older.id, runId: newer.id });
    const rows = within(table).getAllByTestId('compare-row');
    expect(rows).toHaveLength(ENDPOINTS.length + 1);
    const regressions = [expected.total, ...expected.endpoints].filter((row) => row.regression).length;
    expect(table.dataset.regressions).toBe(String(regressions));
    expect(rows.filter((row) => row.dataset.regression === 'true')).toHaveLength(regressions);
    // Clicking a checkbox does not open the run.
    expect(screen.getByTestId('load-result').dataset.runId).toBe(String(newer.id));
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
      const core = startCore();
      const run = await ran(core, 'smoke');
      show(core);
      fireEvent.click(await screen.findByTestId('report-csv'));
      await waitFor(() => expect(clicked).toHaveLength(1));
      expect(core.inputs('load.report')).toEqual([{ runId: run.id, format: 'csv' }]);
      const report = await core.call('load.report', { runId: run.id, format: 'csv' });
      expect(created[0]!.type).toBe(report.mime);
      expect(await readText(created[0]!)).toBe(report.content);
      expect(clicked[0]!.href).toBe('blob:warroom/report-1');
      expect(clicked[0]!.download).toMatch(new RegExp(`^warroom-load-smoke-${run.id}-\\d{8}-\\d{4}\\.csv$`));
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
    const core = startCore();
    const first = await ran(core, 'smoke');
    await ran(core, 'smoke');
    show(core);
    fireEvent.click(await screen.findByTestId(`load-run-${first.id}`));
    await waitFor(() => expect(screen.getByTestId('load-result').dataset.runId).toBe(String(first.id)));
    const run = await act(() => core.call('load.start', { profile: 'long', actor: 'Sam' }));
    await waitFor(() => expect(screen.getByTestId('load-live').dataset.runId).toBe(String(run.id)));
    expect(useAppStore.getState().openLoadRunId).toBeNull();
  });

  it('marks the live figures stale when the stream goes quiet', async () => {
    const core = startCore();
    await core.call('load.start', { profile: 'long', actor: 'Sam' });
    show(core);
    await screen.findByTestId('load-live');
    expect(screen.queryByTestId('load-stale')).toBeNull();
    act(() => core.client.setLinkState('closed'));
    expect(screen.getByTestId('load-stale').textContent).toContain('figures may be stale');
  });

  it('shows an interrupted run (Warroom stopped mid-run) with its headline from its stored seconds, marked approximate', async () => {
    const core = startCore();
    // What a crash leaves: a run still "running" with three stored seconds; the next owner marks it interrupted.
    const repo = core.core.store.loadRuns;
    const startedAt = Date.now() - 60_000;
    const stored = await ran(core, 'smoke');
    const record = repo.create({ profile: 'smoke', scenario: 'mix', environment: 'production', baseUrl: target.url, actor: 'Sam', model: 'closed', plannedMs: 60_000, startedAt });
    for (const tick of repo.ticks(stored.id).slice(0, 3)) repo.addTick(record.id, tick, startedAt + tick.second * 1000);
    repo.markInterrupted(Date.now());
    show(core);
    const row = await screen.findByTestId(`load-run-${record.id}`);
    const p95 = within(row).getAllByRole('cell').find((cell) => cell.dataset.approximate === 'true');
    expect(p95?.textContent).toMatch(/^≤ [\d.]+ ms$/);
    expect(p95?.title).toContain('approximate');
    fireEvent.click(row);
    const verdict = await screen.findByTestId('load-verdict');
    await waitFor(() => expect(verdict.dataset.outcome).toBe('interrupted'));
    await waitFor(() => expect(screen.getByTestId('load-numbers').dataset.approximate).toBe('true'));
    expect(screen.getByTestId('load-numbers-caption').textContent).toContain('Approximate');
  });

  it('imports a real Locust CSV set from the app and shows the run as Locust’s, imported, with its notes', async () => {
    asOperator();
    const core = open();
    const path = join(process.cwd(), 'electron', 'core', 'load', 'locust', 'fixtures', 'completed', 'mixed_stats.csv');
    fireEvent.change(await screen.findByTestId('load-import-path'), { target: { value: path } });
    fireEvent.submit(screen.getByTestId('load-import'));
    await waitFor(() => expect(screen.getByTestId('load-run-engine').textContent).toBe('Locust · imported'));
    const detail = screen.getByTestId('load-engine-detail');
    expect(detail.textContent).toContain('percentiles are bucketed');
    expect(detail.textContent).toContain('mixed_failures.csv');
    expect(screen.getByTestId('load-result').dataset.state).toBe('failed');
    expect((await core.call('load.list', {})).runs[0]).toMatchObject({ engine: 'locust', profile: 'imported-locust' });

    fireEvent.change(screen.getByTestId('load-import-path'), { target: { value: '/nonexistent/run_stats.csv' } });
    fireEvent.submit(screen.getByTestId('load-import'));
    expect((await screen.findByTestId('load-import-error')).textContent).toContain('/nonexistent/run_stats.csv does not exist');
  });

  it('shows a distributed Locust run’s command for workers on other machines', async () => {
    const core = startCore();
    const detail = { version: null, command: 'locust -f plan.py --master', workers: 2, workerCommand: 'locust -f plan.py,warroom_companion.py --worker --master-host wr1 --master-port 5557', source: 'run' as const, files: [], notes: ['bucketed'] };
    const record = core.core.store.loadRuns.create({ profile: 'wide', scenario: 'plan.py', environment: 'production', baseUrl: target.url, actor: 'Sam', model: 'closed', plannedMs: 60_000, startedAt: Date.now(), engine: 'locust', engineDetail: detail });
    core.core.store.loadRuns.fail(record.id, 'the workers did not connect in time', Date.now());
    show(core);
    fireEvent.click(await screen.findByTestId(`load-run-${record.id}`));
    expect((await screen.findByTestId('load-worker-command')).textContent).toBe(detail.workerCommand);
    expect(screen.getByTestId('load-engine-detail').textContent).toContain('2 workers expected');
  });

  it('says so when no profile is configured and nothing has run', async () => {
    open({ load: 'load: { scenarios: { mix: { service: api, requests: [{ name: GET /fast, path: /fast }] } }, profiles: {} }' });
    await waitFor(() => expect(screen.getByTestId('view-load').textContent).toContain('No load profiles configured'));
    expect(screen.getByTestId('section-load').dataset.configured).toBe('true');
  });
});
