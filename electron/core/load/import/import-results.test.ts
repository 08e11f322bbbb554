import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadRunRecord } from '../../../../shared/domain/load-runs.js';
import type { CoreParts } from '../../core.js';
import { makeCoreParts } from '../../testing/make-core.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { TOTAL_ENDPOINT } from '../../store/repos/load-runs-repo.js';
import { parseCsv } from '../locust/csv.js';
import { readLocustRun } from '../locust/locust-results.js';

const locustFixtures = join(import.meta.dirname, '..', 'locust', 'fixtures');
const K6_SUMMARY = join(import.meta.dirname, 'fixtures', 'k6-summary-export.json');
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function core(): CoreParts {
  const parts = makeCoreParts();
  cleanups.push(() => parts.close());
  return parts;
}

async function importResults(parts: CoreParts, input: Record<string, unknown>, transport: 'memory' | 'http' = 'memory'): Promise<LoadRunRecord> {
  const result = await parts.dispatch('load.import', { actor: 'ana', ...input } as never, { role: 'operator', transport });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('load import', () => {
  it('stores a real Locust CSV set with failures as a finished run, equal to what the CSV files say, and says where it came from', async () => {
    const parts = core();
    const run = await importResults(parts, { path: join(locustFixtures, 'completed', 'mixed_stats.csv') });
    expect(run).toMatchObject({ engine: 'locust', profile: 'imported-locust', scenario: 'mixed', state: 'failed' });
    expect(run.engineDetail).toMatchObject({ source: 'import', command: null });
    expect(run.engineDetail!.files.map((f) => f.split('/').pop())).toEqual(['mixed_stats.csv', 'mixed_stats_history.csv', 'mixed_failures.csv', 'mixed_exceptions.csv']);
    expect(run.engineDetail!.notes.join(' ')).toMatch(/bucketed/);
    // The bundled config's thresholds judge it: rate(errors) < 0.01 fails on 29 of 78.
    expect(run.decidedBy).toMatchObject({ expression: 'rate(errors) < 0.01', passed: false });

    const read = (suffix: string) => {
      const file = join(locustFixtures, 'completed', `mixed_${suffix}.csv`);
      return { file, rows: parseCsv(readFileSync(file, 'utf8')) };
    };
    const fromCsv = readLocustRun({ stats: read('stats'), failures: read('failures'), exceptions: read('exceptions'), history: read('stats_history') }, {
      thresholds: [], stopReason: 'completed', startedAt: 0, endedAt: 0, workers: 1, users: 0,
    });
    const stored = parts.store.loadRuns.endpointStats(run.id);
    expect(stored[0]).toEqual({ endpoint: TOTAL_ENDPOINT, ...fromCsv.summary.total });
    expect(stored.slice(1)).toEqual(fromCsv.summary.endpoints);
    expect(parts.store.loadRuns.ticks(run.id).map(({ thresholds: _t, target: _g, ...t }) => t)).toEqual(fromCsv.ticks.map(({ thresholds: _t, target: _g, ...t }) => t));
    expect(run.startedAt).toBe(Number(read('stats_history').rows[1]!.fields[0]) * 1000);
    expect(run.error).toBe('exceptions in the locustfile: 6× the task itself broke');

    const report = await parts.dispatch('load.report', { runId: run.id, format: 'html' }, { role: 'viewer', transport: 'memory' });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.content).toContain('Locust · imported');
    expect(report.value.content).toContain('Locust&#39;s percentiles are bucketed');
    expect(report.value.content).toContain('mixed_failures.csv');
  });

  it('imports a run stopped early by its prefix, and counts it for a named profile', async () => {
    const parts = core();
    const run = await importResults(parts, { path: join(locustFixtures, 'stopped', 'mixed'), profile: 'check' });
    expect(run).toMatchObject({ engine: 'locust', profile: 'check' });
    expect(run.summary!.total.requests).toBe(Number(parseCsv(readFileSync(join(locustFixtures, 'stopped', 'mixed_stats.csv'), 'utf8')).at(-1)!.fields[2]));
    expect(parts.store.loadRuns.list({ limit: 5, profile: 'check' }).map((r) => r.id)).toEqual([run.id]);
  });

  it('imports a k6 --summary-export: totals, endpoints tagged by name, Warroom’s thresholds and k6’s own noted', async () => {
    const parts = core();
    const run = await importResults(parts, { path: K6_SUMMARY });
    expect(run).toMatchObject({ engine: 'k6', profile: 'imported-k6', state: 'passed' });
    expect(run.summary!.total).toMatchObject({ requests: 2400, rps: 80, errorCount: 10, p50Ms: 41.507, p90Ms: 88.2, p95Ms: 121.33, p99Ms: 301.9, maxMs: 612.04, bytesIn: 402337, bytesOut: 181920 });
    expect(run.summary!.durationMs).toBe(30_000);
    expect(run.summary!.endpoints.map((e) => [e.endpoint, e.requests, e.errorCount])).toEqual([
      ['POST /api/v1/goals/', 1200, 10],
      ['GET /api/v1/goals/{goal_id}', 1200, 0],
    ]);
    expect(run.engineDetail!.notes.join(' ')).toMatch(/k6's own thresholds: http_req_duration p\(95\)<500: passed; http_req_duration p\(99\)<250: failed; http_req_failed rate<0.01: passed/);
  });

  it('refuses a file it cannot read, naming file and line, and stores nothing; refuses web callers', async () => {
    const parts = core();
    const dir = makeTempDir();
    cleanups.push(() => dir.remove());
    const broken = join(dir.path, 'run_stats.csv');
    writeFileSync(broken, readFileSync(join(locustFixtures, 'completed', 'mixed_stats.csv'), 'utf8').replace(',49,0,', ',forty-nine,0,'));
    await expect(importResults(parts, { path: broken })).rejects.toThrow(/invalid_input: .*run_stats.csv:2: Request Count: expected a number, got "forty-nine"/);
    writeFileSync(join(dir.path, 'summary.json'), '{"metrics": {"vus": {"value": 1}}}');
    await expect(importResults(parts, { path: join(dir.path, 'summary.json') })).rejects.toThrow(/summary.json: no http_reqs and http_req_duration metrics/);
    await expect(importResults(parts, { path: join(dir.path, 'nothing') })).rejects.toThrow(/nothing does not exist/);
    await expect(importResults(parts, { path: K6_SUMMARY }, 'http')).rejects.toThrow(/forbidden: .*warroom load import/);
    expect(parts.store.loadRuns.list({ limit: 10 })).toEqual([]);
  });
});
