/**
 * The live seconds of a real Locust run (Debian python3-locust 2.12.1) against a target of our own
 * on 127.0.0.1: from its first second of load, a tick's requests/s is what that second completed,
 * although Locust's own "Requests/s" column still reads 0 then; distributed, every second too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocustProfileSchema } from '../../../../shared/domain/load.js';
import type { LoadSummary, LoadTick } from '../../../../shared/domain/load.js';
import { defaultResourcesDir } from '../../paths.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { startLoadTarget } from '../testing/load-target.js';
import { parseCsv } from './csv.js';
import { startLocustRun } from './locust-engine.js';
import type { LocustRunHandle } from './locust-engine.js';
import { readStats } from './locust-results.js';

const LOCUSTFILE = `from locust import HttpUser, constant, task


class Reader(HttpUser):
    wait_time = constant(0.05)

    @task(3)
    def fast(self):
        self.client.get("/fast", name="GET /fast")

    @task(1)
    def echo(self):
        self.client.get("/echo", name="GET /echo")
`;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface LocustRun {
  handle: LocustRunHandle;
  ticks: LoadTick[];
  summary: LoadSummary;
  hits: number;
}

/** Runs the locustfile above for 5 s against a fresh target, with the profile's other options. */
async function runLocust(profile: { users: number; workers?: number }): Promise<LocustRun> {
  const target = await startLoadTarget();
  cleanups.push(() => target.close());
  const dir = makeTempDir();
  cleanups.push(() => dir.remove());
  const locustfile = join(dir.path, 'locustfile.py');
  writeFileSync(locustfile, LOCUSTFILE);
  const handle = await startLocustRun({
    profile: LocustProfileSchema.parse({ engine: 'locust', locustfile, duration: '5s', ...profile }),
    locustfile,
    host: target.url,
    thresholds: [],
    outputDir: join(dir.path, 'csv'),
    env: process.env,
    pluginFile: join(defaultResourcesDir(), 'locust', 'warroom_companion.py'),
  });
  const ticks: LoadTick[] = [];
  handle.attach((tick) => ticks.push(tick));
  const summary = await handle.done;
  return { handle, ticks, summary, hits: (target.hits.get('GET /fast') ?? 0) + (target.hits.get('GET /echo') ?? 0) };
}

/** The whole run as Locust wrote it in *_stats.csv. */
function statsCsvTotal(handle: LocustRunHandle) {
  const file = `${handle.csvPrefix}_stats.csv`;
  return readStats(file, parseCsv(readFileSync(file, 'utf8')), new Map()).total.stats;
}

/** Locust's own "Requests/s" of the Aggregated rows of *_stats_history.csv. */
function locustRequestsPerSecond(handle: LocustRunHandle): number[] {
  const history = parseCsv(readFileSync(`${handle.csvPrefix}_stats_history.csv`, 'utf8'));
  const [name, rps] = ['Name', 'Requests/s'].map((column) => history[0]!.fields.indexOf(column));
  return history
    .slice(1)
    .filter((row) => row.fields[name!] === 'Aggregated')
    .map((row) => Number(row.fields[rps!]));
}

describe('Locust ticks (real Locust on loopback)', () => {
  it('shows each second’s requests/s from the first second of load, and the seconds add up to Locust’s total', async () => {
    const { handle, ticks, summary, hits } = await runLocust({ users: 4 });

    const loaded = ticks.filter((tick) => tick.total.requests > 0);
    expect(loaded.length).toBeGreaterThanOrEqual(4);
    // Every second that completed requests shows a rate: that second's count (a row covers 1 s).
    for (const tick of loaded) {
      expect(tick.total.rps).toBeGreaterThan(0);
      expect(tick.total.rps).toBe(tick.total.requests);
      for (const endpoint of tick.endpoints) expect(endpoint.rps).toBe(endpoint.requests);
    }
    // Locust's own column, a trailing average that ends 3 s back, read 0 for the first of them.
    const locustRps = locustRequestsPerSecond(handle);
    expect(locustRps).toHaveLength(ticks.length);
    expect(locustRps[ticks.indexOf(loaded[0]!)]).toBe(0);

    const total = statsCsvTotal(handle);
    expect(summary.total).toEqual(total);
    expect(ticks.reduce((sum, tick) => sum + tick.total.rps, 0)).toBe(total.requests);
    expect(hits).toBe(total.requests);
  }, 60_000);

  it('distributed, shows load in every second, not only when the workers’ reports arrive', async () => {
    const { ticks, summary, handle } = await runLocust({ users: 4, workers: 2 });

    const loaded = ticks.flatMap((tick, index) => (tick.total.requests > 0 ? [index] : []));
    const [first, last] = [loaded[0]!, loaded.at(-1)!];
    expect(last - first).toBeGreaterThanOrEqual(3);
    // Workers report every second (the companion); at Locust's 3 s, two seconds of three were empty.
    const empty = ticks.slice(first, last + 1).filter((tick) => tick.total.requests === 0);
    expect(empty.length).toBeLessThanOrEqual(1);
    expect(ticks.reduce((sum, tick) => sum + tick.total.rps, 0)).toBe(statsCsvTotal(handle).requests);
    expect(summary.workers).toBe(2);
  }, 60_000);
});
