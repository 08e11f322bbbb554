import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHistogram, newMergeHistogram } from './histograms.js';
import { startLoadTarget, type LoadTarget } from './testing/load-target.js';
import { endpointOf, runLoad } from './testing/run-load.js';

let target: LoadTarget;
beforeAll(async () => {
  target = await startLoadTarget();
});
afterAll(async () => {
  await target.close();
});

const fast = { requests: [{ path: '/fast' }] };

describe('closed model', () => {
  it('keeps each user one request at a time: 10 users × 2 s against a 50 ms target ≈ 400 requests', async () => {
    target.hits.clear();
    const { summary, ticks } = await runLoad(target.url, { requests: [{ path: '/fast?delay=50' }] }, { model: 'closed', users: 10, duration: '2s' });
    expect(summary.outcome).toBe('passed');
    expect(summary.total.requests).toBeGreaterThan(200);
    expect(summary.total.requests).toBeLessThanOrEqual(410);
    // Little's law for a closed loop: users × time = requests × mean latency (what a slow machine cannot bend).
    const busyShare = (summary.total.requests * summary.total.meanMs) / (10 * summary.durationMs);
    expect(busyShare).toBeGreaterThan(0.85);
    expect(busyShare).toBeLessThan(1.05);
    // Everything the target answered was counted once, and the ticks add up to the summary.
    expect(summary.total.requests).toBe(target.hits.get('GET /fast'));
    expect(ticks.reduce((sum, tick) => sum + tick.total.requests, 0)).toBe(summary.total.requests);
    expect(summary.total.p50Ms).toBeGreaterThanOrEqual(50);
    expect(ticks[0]!.activeUsers).toBe(10);
    expect(summary.total.statusCodes).toEqual({ '200': summary.total.requests });
  });

  it('follows ramp stages and waits the think time between requests', async () => {
    const { summary, ticks } = await runLoad(
      target.url,
      { thinkTime: '100ms', requests: [{ path: '/fast' }] },
      { model: 'closed', stages: [{ duration: '1s', users: 4 }, { duration: '1s', users: 4 }, { duration: '1s', users: 0 }] },
    );
    // Users ramp 0→4, hold, then leave; each sends about ten requests a second.
    // The target is reported for the tick's second boundary, whenever the workers took their snapshot.
    expect(ticks[0]!.target).toBe(4);
    expect(ticks.at(-1)!.target).toBe(0);
    expect(ticks[1]!.activeUsers).toBeGreaterThanOrEqual(3);
    expect(ticks[1]!.total.requests).toBeGreaterThan(15);
    expect(ticks[1]!.total.requests).toBeLessThanOrEqual(44);
    expect(summary.total.requests).toBeLessThan(100);
  });
});

describe('open model', () => {
  it('sends at the arrival rate whatever the target does: 100/s × 2 s = 200 requests', async () => {
    const { summary } = await runLoad(target.url, { requests: [{ path: '/fast?delay=20' }] }, { model: 'open', rate: 100, duration: '2s' });
    // Every arrival of the profile is sent (or, on a starved machine, counted as dropped).
    expect(summary.total.requests + summary.total.dropped).toBe(200);
    expect(summary.total.requests).toBeGreaterThanOrEqual(195);
    expect(summary.total.rps).toBeGreaterThan(97);
    // At most the rate: the run's measured duration can end a millisecond short of 2 s, so allow the
    // 0.5 % a 10 ms timer slack gives (seen: 100.05 on a loaded machine), not a burst above the rate.
    expect(summary.total.rps).toBeLessThanOrEqual(100.5);
  });

  it('measures from the intended send time when the in-flight cap holds arrivals back, and counts them as late', async () => {
    const { summary } = await runLoad(
      target.url,
      { requests: [{ path: '/fast?delay=50' }] },
      { model: 'open', rate: 100, duration: '1500ms', maxInFlight: 2, gracefulStop: '0s' },
    );
    // Two slots × 50 ms = 40/s served while 100/s arrive: the queue shows up in the latency.
    expect(summary.total.startedLate).toBeGreaterThan(20);
    expect(summary.total.p90Ms).toBeGreaterThan(300);
    expect(summary.total.requests + summary.total.dropped).toBeGreaterThan(140);
    expect(summary.total.requests).toBeLessThan(90);
  });

  it('runs whole iterations per arrival, captures flowing within the iteration', async () => {
    target.hits.clear();
    const { summary } = await runLoad(
      target.url,
      {
        order: 'sequence',
        requests: [
          { method: 'POST', path: '/goals', body: { title: 'x' }, capture: { goal_id: 'data.goal.id' } },
          { path: '/goals/{{var goal_id}}', expect: { status: [200] } },
        ],
      },
      { model: 'open', rate: 20, arrival: 'iterations', duration: '1s' },
    );
    expect(endpointOf(summary, 'POST /goals').requests).toBe(20);
    expect(endpointOf(summary, 'GET /goals/{goal_id}')).toMatchObject({ requests: 20, errorCount: 0, skipped: 0 });
  });
});

describe('scenarios', () => {
  it('captures a value from a POST and uses it in the GET of the same user', async () => {
    target.hits.clear();
    const { summary } = await runLoad(
      target.url,
      {
        order: 'sequence',
        requests: [
          { method: 'POST', path: '/goals', body: { title: 'goal {{randomInt 1 1000}}' }, capture: { goal_id: 'data.goal.id' }, expect: { status: [201] } },
          { path: '/goals/{{var goal_id}}', expect: { status: [200], bodyContains: '"title":"goal ' } },
        ],
      },
      { model: 'closed', users: 4, duration: '1s' },
    );
    const get = endpointOf(summary, 'GET /goals/{goal_id}');
    expect(endpointOf(summary, 'POST /goals').errorCount).toBe(0);
    expect(get.requests).toBeGreaterThan(10);
    expect(get.errorCount).toBe(0);
    expect(get.skipped).toBe(0);
    expect(get.statusCodes).toEqual({ '200': get.requests });
    expect(target.hits.get('GET /goals/:id')).toBe(get.requests);
  });

  it('skips and counts a request whose capture is missing, never sending it with a hole', async () => {
    target.hits.clear();
    const { summary, logs } = await runLoad(
      target.url,
      {
        order: 'sequence',
        requests: [
          { method: 'POST', path: '/status/500', capture: { goal_id: 'id' } },
          { path: '/goals/{{var goal_id}}' },
        ],
      },
      { model: 'closed', users: 2, duration: '1s' },
    );
    const get = endpointOf(summary, 'GET /goals/{goal_id}');
    expect(get.requests).toBe(0);
    expect(get.skipped).toBeGreaterThan(5);
    expect(summary.total.skipped).toBe(get.skipped);
    expect(endpointOf(summary, 'POST /status/500').errors.status_5xx).toBeGreaterThan(5);
    expect(target.hits.get('GET /goals/:id')).toBeUndefined();
    expect(logs.some((line) => line.includes('GET /goals/{goal_id}: skipped'))).toBe(true);
  });

  it('keeps statistics per endpoint', async () => {
    const { summary } = await runLoad(
      target.url,
      { requests: [{ name: 'quick', path: '/fast', weight: 3 }, { name: 'slow', path: '/fast?delay=40', weight: 1 }, { name: 'missing', path: '/status/404', weight: 1 }] },
      { model: 'closed', users: 6, duration: '1500ms' },
      { thresholds: [{ expression: 'p(50) < 20', endpoint: 'quick' }, { expression: 'p(50) < 20', endpoint: 'slow' }] },
    );
    const [quick, slow, missing] = ['quick', 'slow', 'missing'].map((label) => endpointOf(summary, label));
    expect(slow!.p50Ms).toBeGreaterThanOrEqual(40);
    expect(quick!.p50Ms).toBeLessThan(slow!.p50Ms);
    expect(quick!.errorCount).toBe(0);
    expect(missing!.errors.status_4xx).toBe(missing!.requests);
    expect(summary.total.requests).toBe(quick!.requests + slow!.requests + missing!.requests);
    expect(summary.total.errorRate).toBeCloseTo(missing!.requests / summary.total.requests, 9);
    expect(summary.thresholds.map((verdict) => [verdict.endpoint, verdict.passed])).toEqual([
      ['quick', true],
      ['slow', false],
    ]);
    expect(summary.outcome).toBe('failed');
    expect(summary.decidedBy?.endpoint).toBe('slow');
  });
});

describe('thresholds', () => {
  it('passes a run that meets them', async () => {
    const { summary } = await runLoad(target.url, fast, { model: 'closed', users: 2, duration: '1s', thresholds: ['p(95) < 1000', 'rate(errors) < 0.01'] });
    expect(summary.outcome).toBe('passed');
    expect(summary.decidedBy).toBeNull();
    expect(summary.thresholds.every((verdict) => verdict.passed)).toBe(true);
  });

  it('fails a run that misses one, naming it', async () => {
    const { summary } = await runLoad(
      target.url,
      { requests: [{ path: '/fast?delay=30' }] },
      { model: 'closed', users: 2, duration: '1s', thresholds: ['rate(errors) < 0.01', 'p(50) < 5'] },
    );
    expect(summary.outcome).toBe('failed');
    expect(summary.stopReason).toBe('completed');
    expect(summary.decidedBy).toMatchObject({ expression: 'p(50) < 5', passed: false });
    expect(summary.decidedBy!.actual).toBeGreaterThanOrEqual(30);
  });

  it('aborts early on an abortOnFail threshold, live', async () => {
    const started = performance.now();
    const { summary, ticks } = await runLoad(
      target.url,
      { requests: [{ path: '/status/503' }] },
      { model: 'closed', users: 2, duration: '20s', thresholds: [{ expression: 'rate(errors) < 0.01', abortOnFail: true }] },
    );
    // At the first tick (about 1 s plus starting the workers), far from the 20 s it was given.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(summary.outcome).toBe('failed');
    expect(summary.stopReason).toBe('threshold');
    expect(summary.decidedBy).toMatchObject({ expression: 'rate(errors) < 0.01', actual: 1, passed: false, abortOnFail: true });
    expect(ticks[0]!.thresholds[0]).toMatchObject({ passed: false });
  });
});

describe('stop', () => {
  it('ends the run as aborted and keeps every second measured so far', async () => {
    let stopSoon: (() => void) | undefined;
    const { summary, ticks } = await runLoad(target.url, { requests: [{ path: '/fast?delay=5' }] }, { model: 'closed', users: 4, duration: '30s' }, {
      whileRunning: (handle) => (stopSoon = () => setTimeout(() => handle.stop(), 600)),
      onTick: () => {
        stopSoon?.();
        stopSoon = undefined;
      },
    });
    expect(summary.outcome).toBe('aborted');
    expect(summary.stopReason).toBe('stopped');
    // Stopped at the first tick + 600 ms (about 1.6 s), not at the end of its 30 s; room for a busy machine.
    expect(summary.durationMs).toBeLessThan(5000);
    // The full first second and the partial one before the stop.
    expect(ticks.length).toBe(2);
    expect(ticks.reduce((sum, tick) => sum + tick.total.requests, 0)).toBe(summary.total.requests);
    expect(summary.total.requests).toBeGreaterThan(50);
  });

  it('stopped before it began sending (a core closed right after the start), it lasted 0 ms, not less', async () => {
    const { summary } = await runLoad(target.url, fast, { model: 'closed', users: 1, duration: '5s' }, { whileRunning: (handle) => handle.stop('interrupted') });
    expect(summary.outcome).toBe('interrupted');
    expect(summary.durationMs).toBe(0);
    expect(summary.total.requests).toBe(0);
  });

  it('marks the run interrupted when asked', async () => {
    let stop: (() => void) | undefined;
    const { summary } = await runLoad(target.url, fast, { model: 'open', rate: 50, duration: '30s' }, {
      whileRunning: (handle) => (stop = () => handle.stop('interrupted')),
      onTick: () => stop?.(),
    });
    expect(summary.outcome).toBe('interrupted');
    expect(summary.stopReason).toBe('interrupted');
    expect(summary.total.requests).toBeGreaterThanOrEqual(45);
  });
});

describe('histograms', () => {
  it('merges the workers’ histograms into exactly the histogram of all samples', async () => {
    const samples = new Map<string, number[]>();
    const { summary } = await runLoad(
      target.url,
      { requests: [{ name: 'a', path: '/fast' }, { name: 'b', path: '/fast?delay=3' }] },
      { model: 'closed', users: 8, duration: '1500ms' },
      { workers: 2, recordSamples: true, onSamples: (endpoint, batch) => samples.set(endpoint, [...(samples.get(endpoint) ?? []), ...batch]) },
    );
    expect(summary.workers).toBe(2);
    const everything = newMergeHistogram();
    for (const endpoint of ['a', 'b']) {
      const single = newMergeHistogram();
      for (const us of samples.get(endpoint)!) {
        single.recordValue(us);
        everything.recordValue(us);
      }
      const merged = decodeHistogram(endpointOf(summary, endpoint).histogram!);
      expect(merged.totalCount).toBe(endpointOf(summary, endpoint).requests);
      for (const p of [50, 90, 95, 99, 99.9, 100]) expect(merged.getValueAtPercentile(p)).toBe(single.getValueAtPercentile(p));
    }
    expect(everything.totalCount).toBe(summary.total.requests);
    const maxUs = [...samples.get('a')!, ...samples.get('b')!].reduce((max, us) => Math.max(max, us), 0);
    expect(summary.total.maxMs).toBe(maxUs / 1000);
    for (const [p, field] of [[50, 'p50Ms'], [90, 'p90Ms'], [95, 'p95Ms'], [99, 'p99Ms'], [99.9, 'p999Ms']] as const) {
      expect(summary.total[field]).toBe(Math.min(everything.getValueAtPercentile(p), maxUs) / 1000);
    }
  });
});
