/**
 * Locust as an engine, for real: Debian's locust (2.12.1) runs the plan's locustfile against the
 * rehearsal platform's data layer on free ports, locally and as one master with two workers on
 * loopback, and what Warroom stores equals what Locust wrote to its CSV files. Bad starts (a
 * locustfile that does not compile, no locust on PATH, a worker that never connects) are clear
 * errors with nothing stored.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadRunRecord } from '../../../../shared/domain/load-runs.js';
import { parseConfigText } from '../../config/load-config.js';
import { createCoreParts } from '../../core.js';
import type { CoreParts } from '../../core.js';
import { silentLogger } from '../../logger.js';
import { defaultResourcesDir } from '../../paths.js';
import { smallTopology } from '../../../platform/platform-test-support.js';
import { startPlatform } from '../../../platform/platform.js';
import type { RunningPlatform } from '../../../platform/platform.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { TOTAL_ENDPOINT } from '../../store/repos/load-runs-repo.js';
import { parseCsv } from './csv.js';
import { HistoryReader, readLocustRun, TickBuilder } from './locust-results.js';
import { freePort } from './locust-engine.js';

const PLAN_LOCUSTFILE = join(defaultResourcesDir(), 'examples', 'locustfile.py');
const SYNTAX_ERROR = join(import.meta.dirname, 'fixtures', 'syntax_error_locustfile.py');
const operator = { role: 'operator' as const, transport: 'memory' as const };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(profiles: string, env: NodeJS.ProcessEnv = process.env): Promise<{ core: CoreParts; dir: string; platform: RunningPlatform }> {
  const platform = await startPlatform({ topology: smallTopology(), scenarios: {}, anyFreePort: true, controlPort: 0 });
  cleanups.push(() => platform.close());
  const dir = makeTempDir();
  cleanups.push(() => dir.remove());
  const text = `version: 1
name: locust test
defaultEnvironment: test
environments:
  test: { label: Test }
services:
  data-layer: { name: Data layer, baseUrl: "http://127.0.0.1:${platform.ports['data-layer']}" }
load:
  scenarios: {}
  thresholds: [ "rate(errors) == 0" ]
  profiles:
${profiles}
`;
  writeFileSync(join(dir.path, 'warroom.yaml'), text);
  const loaded = { config: parseConfigText(text, 'warroom.yaml'), path: join(dir.path, 'warroom.yaml'), bundled: false };
  const core = createCoreParts({ loaded, dataDir: dir.path, shell: 'test', ownership: 'owner', logger: silentLogger, probing: false, env, strictContract: true });
  cleanups.push(() => core.close());
  return { core, dir: dir.path, platform };
}

async function call<T>(core: CoreParts, name: string, input: unknown): Promise<T> {
  const result = await core.dispatch(name as 'load.start', input as never, operator);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

/** What Locust wrote, read straight from its files, and what Warroom stored of the run. */
function storedAgainstCsv(core: CoreParts, run: LoadRunRecord) {
  const files = run.engineDetail!.files;
  const read = (suffix: string) => {
    const file = files.find((f) => f.endsWith(`_${suffix}.csv`))!;
    return { file, rows: parseCsv(readFileSync(file, 'utf8')) };
  };
  const fromCsv = readLocustRun(
    { stats: read('stats'), failures: read('failures'), exceptions: read('exceptions') },
    { thresholds: [], stopReason: 'completed', startedAt: 0, endedAt: 0, workers: 1, users: 0 },
  ).summary;
  const builder = new TickBuilder([], 0);
  const historyTicks = new HistoryReader('history').push(read('stats_history').rows).map((second) => builder.tick(second));
  const stored = core.store.loadRuns.endpointStats(run.id);
  const storedTicks = core.store.loadRuns.ticks(run.id);
  return { fromCsv, stored, storedTicks, historyTicks };
}

function expectStoredEqualsCsv(core: CoreParts, run: LoadRunRecord): void {
  const { fromCsv, stored, storedTicks, historyTicks } = storedAgainstCsv(core, run);
  expect(stored[0]).toEqual({ endpoint: TOTAL_ENDPOINT, ...fromCsv.total });
  expect(stored.slice(1)).toEqual(fromCsv.endpoints);
  expect(run.summary!.total).toEqual(fromCsv.total);
  // Every second Locust wrote is a stored tick, figure for figure (the live verdicts aside).
  expect(storedTicks.map(({ thresholds: _t, target: _g, ...tick }) => tick)).toEqual(historyTicks.map(({ thresholds: _t, target: _g, ...tick }) => tick));
  expect(storedTicks.reduce((sum, tick) => sum + tick.total.requests, 0)).toBe(fromCsv.total.requests);
}

async function runToEnd(core: CoreParts, profile: string): Promise<LoadRunRecord> {
  const started = await call<LoadRunRecord>(core, 'load.start', { profile, actor: 'ana' });
  expect(started).toMatchObject({ state: 'running', engine: 'locust' });
  return core.load.finished(started.id);
}

describe('Locust engine (Debian python3-locust 2.12.1)', () => {
  it('runs the plan’s locustfile against the data layer with zero failures, and stores exactly what Locust wrote', async () => {
    const { core } = await setUp(`    plan: { engine: locust, locustfile: ${PLAN_LOCUSTFILE}, service: data-layer, users: 4, spawnRate: 4, duration: 4s, thresholds: [ "p(95) < 2000" ] }`);
    const ticks: number[] = [];
    core.bus.on('load.tick', ({ tick }) => ticks.push(tick.second));
    const run = await runToEnd(core, 'plan');
    expect(run.state).toBe('passed');
    expect(run.summary!.total.requests).toBeGreaterThan(10);
    expect(run.summary!.total.errorCount).toBe(0);
    expect(run.summary!.endpoints.map((e) => e.endpoint).sort()).toEqual([
      'GET /api/v1/agents/{agent_id}',
      'GET /api/v1/goals/{goal_id}',
      'PATCH /api/v1/agents/{agent_id}',
      'POST /api/v1/goals/',
      'POST /api/v1/tasks/',
    ]);
    expect(run.engineDetail).toMatchObject({ source: 'run', workers: 0, workerCommand: null });
    expect(run.engineDetail!.command).toMatch(/--headless .*--csv .*--csv-full-history/);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expectStoredEqualsCsv(core, run);
  }, 90_000);

  it('runs one master and two local workers on loopback, prints the command for remote workers, and stores what Locust wrote', async () => {
    const { core } = await setUp(`    wide: { engine: locust, locustfile: ${PLAN_LOCUSTFILE}, service: data-layer, users: 6, spawnRate: 6, duration: 4s, workers: 2, workerWait: 30s }`);
    const run = await runToEnd(core, 'wide');
    expect(run.state).toBe('passed');
    expect(run.summary!.workers).toBe(2);
    expect(run.summary!.total.requests).toBeGreaterThan(10);
    expect(run.engineDetail!.command).toMatch(/--master --expect-workers 2 --expect-workers-max-wait 30 --master-bind-host 127\.0\.0\.1 --master-bind-port \d+/);
    expect(run.engineDetail!.workerCommand).toMatch(/^locust -f locustfile\.py,warroom_companion.py --worker --master-host \S+ --master-port \d+$/);
    expect(Math.max(...core.store.loadRuns.ticks(run.id).map((t) => t.activeUsers))).toBe(6);
    expectStoredEqualsCsv(core, run);
  }, 90_000);

  it('stops a run cleanly on request: aborted, with Locust’s final CSV stored', async () => {
    const { core } = await setUp(`    long: { engine: locust, locustfile: ${PLAN_LOCUSTFILE}, service: data-layer, users: 3, duration: 2m }`);
    const started = await call<LoadRunRecord>(core, 'load.start', { profile: 'long', actor: 'ana' });
    await new Promise<void>((resolve) => core.bus.on('load.tick', ({ tick }) => tick.total.requests > 0 && resolve()));
    await call(core, 'load.stop', { runId: started.id, actor: 'ana' });
    const run = await core.load.finished(started.id);
    expect(run.state).toBe('aborted');
    expect(run.summary!.stopReason).toBe('stopped');
    expect(run.summary!.total.requests).toBeGreaterThan(0);
    expectStoredEqualsCsv(core, run);
  }, 90_000);

  it('refuses a worker that never connects after the bounded wait, a locustfile that does not compile and a missing locust, storing nothing', async () => {
    const port = await freePort();
    const { core } = await setUp(
      [
        `    remote: { engine: locust, locustfile: ${PLAN_LOCUSTFILE}, service: data-layer, users: 2, duration: 5s, workers: 1, startLocalWorkers: false, masterPort: ${port}, workerWait: 2s }`,
        `    broken: { engine: locust, locustfile: ${SYNTAX_ERROR}, service: data-layer, users: 1, duration: 5s }`,
      ].join('\n'),
    );
    await expect(call(core, 'load.start', { profile: 'remote', actor: 'ana' })).rejects.toThrow(/load profile remote: locust did not start the run .*the workers did not connect in time \(0 of 1 connected\)/);
    await expect(call(core, 'load.start', { profile: 'broken', actor: 'ana' })).rejects.toThrow(/load profile broken: locust did not start the run .*syntax_error_locustfile\.py", line 6.*SyntaxError: expected ':'/);
    expect(core.store.loadRuns.list({ limit: 10 })).toEqual([]);

    const { core: noLocust } = await setUp(`    plan: { engine: locust, locustfile: ${PLAN_LOCUSTFILE}, service: data-layer, users: 1, duration: 5s }`, { PATH: '/nonexistent' });
    await expect(call(noLocust, 'load.start', { profile: 'plan', actor: 'ana' })).rejects.toThrow(/the locust program was not found on PATH \(\/nonexistent\): install Locust/);
    expect(noLocust.store.loadRuns.list({ limit: 10 })).toEqual([]);
  }, 90_000);
});
