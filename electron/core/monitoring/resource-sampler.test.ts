import { afterEach, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../shared/testing/fake-clock.js';
import { silentLogger } from '../logger.js';
import { createProblemRegistry } from '../problems/problems.js';
import { openStore, type Store } from '../store/store.js';
import { PrometheusError, type InstantSample, type PrometheusClient } from './prometheus-client.js';
import { createResourceSampler } from './resource-sampler.js';

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

/** A Prometheus whose next answers a test scripts: values, a failure, or a wait. */
function scriptedClient(answer: (query: string) => Promise<InstantSample[]>): PrometheusClient & { queries: string[] } {
  const queries: string[] = [];
  return {
    url: 'http://prometheus.test',
    queries,
    query: (q) => (queries.push(q), answer(q)),
    queryRange: () => Promise.reject(new Error('not used')),
    targets: () => Promise.reject(new Error('not used')),
    ruleGroups: () => Promise.reject(new Error('not used')),
  };
}

function setup(client: PrometheusClient | null) {
  const clock = fakeClock();
  const store = openStore({ dataDir: ':memory:', now: clock.now });
  stores.push(store);
  const run = store.loadRuns.create({ profile: 'p', scenario: 's', environment: 'test', baseUrl: 'http://x', actor: 'ana', model: 'open', plannedMs: 10_000, startedAt: clock.now() });
  const problems = createProblemRegistry({ clock, logger: silentLogger, publish: () => undefined });
  const sampler = createResourceSampler({
    client,
    resources: { memory: { title: 'Memory', query: 'mem', unit: 'bytes' }, pool: { title: 'Pool', query: 'pool', unit: 'count' } },
    intervalMs: 2000,
    clock,
    timers: clock,
    repo: store.resourceSamples,
    problems,
  });
  return { clock, store, runId: run.id, sampler };
}

describe('resource sampler', () => {
  it('samples at the start, every interval and at the stop, a value per series', async () => {
    let memory = 100;
    const client = scriptedClient(async (q) =>
      q === 'mem' ? [{ labels: { service: 'api' }, value: (memory += 10) }, { labels: { service: 'auth' }, value: 5 }] : [{ labels: {}, value: 3 }],
    );
    const { clock, store, runId, sampler } = setup(client);
    const t0 = clock.now();
    const sampling = sampler.start(runId);
    await clock.advanceAsync(4000);
    await sampling.stop();
    const [mem, pool] = store.resourceSamples.forRun(runId);
    expect(mem).toMatchObject({ resource: 'memory', title: 'Memory', unit: 'bytes', failures: [] });
    expect(mem!.series.map((s) => s.name)).toEqual(['service=api', 'service=auth']);
    expect(mem!.series[0]!.points).toEqual([
      [t0, 110],
      [t0 + 2000, 120],
      [t0 + 4000, 130],
      [t0 + 4000, 140],
    ]);
    expect(pool!.series).toEqual([{ name: '', points: [[t0, 3], [t0 + 2000, 3], [t0 + 4000, 3], [t0 + 4000, 3]] }]);
    // Nothing after the stop.
    await clock.advanceAsync(10_000);
    expect(store.resourceSamples.forRun(runId)[1]!.series[0]!.points).toHaveLength(4);
  });

  it('stores a failed sample with its reason and goes on; no data is a failure too', async () => {
    let down = true;
    const client = scriptedClient(async (q) => {
      if (down) throw new PrometheusError('Prometheus unreachable: connection refused', 'unreachable');
      return q === 'mem' ? [{ labels: {}, value: 1 }] : [];
    });
    const { clock, store, runId, sampler } = setup(client);
    const t0 = clock.now();
    const sampling = sampler.start(runId);
    await clock.advanceAsync(0);
    down = false;
    await clock.advanceAsync(2000);
    await sampling.stop();
    const [mem, pool] = store.resourceSamples.forRun(runId);
    expect(mem!.failures).toEqual([{ at: t0, detail: 'Prometheus unreachable: connection refused' }]);
    expect(mem!.series[0]!.points).toHaveLength(2);
    expect(pool!.failures.map((f) => f.detail)).toEqual(['Prometheus unreachable: connection refused', 'no data', 'no data']);
  });

  it('skips a turn while the previous sample still waits, instead of piling queries up', async () => {
    const waiting: (() => void)[] = [];
    const client = scriptedClient(() => new Promise((resolve) => waiting.push(() => resolve([{ labels: {}, value: 1 }]))));
    const { clock, sampler, runId } = setup(client);
    const sampling = sampler.start(runId);
    await clock.advanceAsync(6000);
    expect(client.queries).toHaveLength(2);
    waiting.splice(0).forEach((release) => release());
    const stopped = sampling.stop();
    await clock.advanceAsync(0);
    waiting.splice(0).forEach((release) => release());
    await stopped;
    expect(client.queries).toHaveLength(4);
  });

  it('does nothing without a Prometheus for the environment', async () => {
    const { store, runId, sampler } = setup(null);
    await sampler.start(runId).stop();
    expect(store.resourceSamples.forRun(runId)).toEqual([]);
  });
});
