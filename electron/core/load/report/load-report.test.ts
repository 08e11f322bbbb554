import { afterEach, describe, expect, it } from 'vitest';
import { LoadReportSchema, LoadRunRecordSchema } from '../../../../shared/domain/load-runs.js';
import { openStore, type Store } from '../../store/store.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { decodeHistogram } from '../index.js';
import type { LoadRunExport } from './json-report.js';
import { loadReport, reportFilename } from './load-report.js';
import { buildLoadRun } from './testing/load-run-fixtures.js';

const T0 = Date.UTC(2025, 4, 12, 14, 3, 0);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function storeWithRun(): { store: Store; runId: number; summary: ReturnType<typeof buildLoadRun>['summary'] } {
  const dir = makeTempDir();
  const store = openStore({ dataDir: dir.path, now: () => T0 });
  cleanups.push(() => store.close(), () => dir.remove());
  const { ticks, summary } = buildLoadRun({ seconds: 12, startedAt: T0 });
  const run = store.loadRuns.create({
    profile: 'normal', scenario: 'goals', environment: 'staging', baseUrl: 'http://127.0.0.1:4010', actor: 'ana',
    model: 'closed', plannedMs: 12_000, startedAt: T0,
  });
  ticks.forEach((tick) => store.loadRuns.addTick(run.id, tick, T0 + tick.elapsedMs));
  store.loadRuns.finish(run.id, summary, summary.endedAt);
  return { store, runId: run.id, summary };
}

describe('loadReport', () => {
  it('renders a stored run as HTML, CSV or JSON with a file name that says what it is', () => {
    const { store, runId } = storeWithRun();
    const htmlReport = loadReport(store.loadRuns, runId, 'html');
    expect(LoadReportSchema.parse(htmlReport)).toEqual(htmlReport);
    expect(htmlReport).toMatchObject({ filename: `warroom-load-normal-${runId}-20250512-1403.html`, mime: 'text/html; charset=utf-8' });
    expect(htmlReport.content).toContain('<figure class="chart">');
    expect(loadReport(store.loadRuns, runId, 'csv')).toMatchObject({ filename: `warroom-load-normal-${runId}-20250512-1403.csv`, mime: 'text/csv; charset=utf-8' });
    expect(loadReport(store.loadRuns, runId, 'json').mime).toBe('application/json');
    expect(() => loadReport(store.loadRuns, 999, 'html')).toThrow('no load run 999');
  });

  it('exports JSON that parses back to the stored run, series and endpoint stats with histograms', () => {
    const { store, runId, summary } = storeWithRun();
    const parsed = JSON.parse(loadReport(store.loadRuns, runId, 'json').content) as LoadRunExport;
    expect(parsed.format).toBe('warroom-load-run');
    expect(parsed.version).toBe(1);
    expect(LoadRunRecordSchema.parse(parsed.run)).toEqual(store.loadRuns.get(runId));
    expect(parsed.series).toEqual(store.loadRuns.series(runId));
    expect(parsed.total).toEqual({ ...summary.total, endpoint: '*' });
    expect(parsed.endpoints).toEqual(summary.endpoints);
    expect(decodeHistogram(parsed.total!.histogram!).totalCount).toBe(summary.total.requests);
  });

  it('reports an interrupted run from its stored seconds', () => {
    const dir = makeTempDir();
    const store = openStore({ dataDir: dir.path, now: () => T0 });
    cleanups.push(() => store.close(), () => dir.remove());
    const { ticks } = buildLoadRun({ seconds: 8, startedAt: T0 });
    const run = store.loadRuns.create({
      profile: 'endurance', scenario: 'goals', environment: 'staging', baseUrl: 'http://127.0.0.1:4010', actor: 'bob',
      model: 'closed', plannedMs: 3_600_000, startedAt: T0,
    });
    ticks.forEach((tick) => store.loadRuns.addTick(run.id, tick, T0 + tick.elapsedMs));
    store.loadRuns.markInterrupted(T0 + 60_000);
    const report = loadReport(store.loadRuns, run.id, 'html').content;
    expect(report).toContain('state-interrupted');
    expect(report).toContain('8 s kept, no summary');
    expect(report).toContain('rebuilt from its stored seconds');
    expect(JSON.parse(loadReport(store.loadRuns, run.id, 'json').content)).toMatchObject({ total: null, endpoints: [], run: { state: 'interrupted' } });
  });

  it('keeps file names safe whatever the profile label is', () => {
    const run = { id: 4, profile: '../quick mode: http://x', startedAt: T0 } as Parameters<typeof reportFilename>[0];
    expect(reportFilename(run, 'csv')).toBe('warroom-load-quick_mode_http_x-4-20250512-1403.csv');
  });
});
