import { afterEach, describe, expect, it } from 'vitest';
import { HealthHistorySchema } from '../../../../shared/domain/probes.js';
import type { ProbeResult, Transition } from '../../../../shared/domain/probes.js';
import { openStore } from '../../store/store.js';
import type { Store } from '../../store/store.js';
import { fakeClock } from '../../testing/fake-clock.js';
import { createHealthHistory } from './health-history.js';
import { createRollupJob } from './rollup-job.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const RAW_RETENTION = 6 * H;
/** The environment these cores watched. */
const ENV = 'staging';

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

/**
 * 10 hours of checks every 10 s for api/live, api/ready and db/tcp, except from 4 h to 3 h ago
 * when no core ran; api/ready was down for 10 minutes 9 h ago. Rolled up and pruned as the app
 * would, with a 6 h raw window.
 */
async function populated() {
  const store = openStore({ dataDir: ':memory:', now: () => NOW });
  stores.push(store);
  const results: ProbeResult[] = [];
  for (let at = NOW - 10 * H, i = 0; at < NOW; at += 10 * S, i += 1) {
    if (at >= NOW - 4 * H && at < NOW - 3 * H) continue;
    const readyDown = at >= NOW - 9 * H && at < NOW - 9 * H + 10 * M;
    results.push(
      { probeId: 'api/live', service: 'api', at, outcome: 'up', latencyMs: 10 + (i % 7), detail: 'HTTP 200' },
      readyDown
        ? { probeId: 'api/ready', service: 'api', at, outcome: 'down', latencyMs: 3000, detail: 'timeout' }
        : { probeId: 'api/ready', service: 'api', at, outcome: 'up', latencyMs: 100, detail: 'HTTP 200' },
      { probeId: 'db/tcp', service: 'db', at, outcome: 'up', latencyMs: 1, detail: 'connected' },
    );
  }
  store.probeResults.insertMany(ENV, results);
  const job = createRollupJob({ repo: store.probeResults, clock: fakeClock(NOW), rawRetentionMs: RAW_RETENTION, rollupRetentionMs: 30 * 24 * H });
  job.rollUp(NOW);
  await job.prune(NOW, RAW_RETENTION, 30 * 24 * H);

  const session = { shell: 'web', appVersion: '0.1.0', configPath: 'warroom.yaml' };
  store.coreSessions.start({ environment: ENV, id: 'a', startedAt: NOW - 10 * H, ...session });
  store.coreSessions.stop('a', NOW - 4 * H);
  store.coreSessions.start({ environment: ENV, id: 'b', startedAt: NOW - 3 * H, ...session });
  store.coreSessions.touch('b', NOW - 2 * S);

  const history = createHealthHistory({
    environment: ENV,
    results: store.probeResults,
    transitions: store.healthTransitions,
    sessions: store.coreSessions,
    rawRetentionMs: RAW_RETENTION,
  });
  return { store, history, job };
}

const total = (points: { count: number }[]) => points.reduce((sum, p) => sum + p.count, 0);

describe('health history', () => {
  it('uses raw checks for fine buckets inside the raw window, with exact percentiles', async () => {
    const { history } = await populated();
    const h = history.healthHistory({ service: 'api', fromAt: NOW - H - 15 * M, toAt: NOW - H, now: NOW });
    HealthHistorySchema.parse(h);
    expect(h.bucketMs).toBe(5 * S);
    expect(h.points).toHaveLength(90); // checks every 10 s: every other 5 s bucket
    expect(h.points.every((p) => p.count === 2 && p.failures === 0 && p.p95Ms === 100 && p.maxMs === 100)).toBe(true);
    expect(h.points[0]).toEqual({ at: NOW - H - 15 * M, count: 2, failures: 0, degraded: 0, p50Ms: expect.any(Number), p95Ms: 100, maxMs: 100 });
    expect(h.points[0]!.p50Ms).toBeLessThan(17);
    expect(h.uptime).toBe(1);
  });

  it('falls back to minute rollups for a short range beyond the raw window', async () => {
    const { history, store } = await populated();
    const fromAt = NOW - 8 * H;
    expect(store.probeResults.samplesOf({ environment: ENV, service: 'api' }, fromAt, fromAt + 15 * M)).toEqual([]);
    const h = history.healthHistory({ service: 'api', fromAt, toAt: fromAt + 15 * M, now: NOW });
    expect(h.bucketMs).toBe(M);
    expect(h.points).toHaveLength(15);
    expect(h.points.every((p) => p.count === 12 && p.p50Ms !== null && p.p95Ms === 100)).toBe(true);
  });

  it('uses minute buckets for a range straddling the raw-window boundary, rollups on both sides', async () => {
    const { history } = await populated();
    const h = history.healthHistory({ service: 'api', fromAt: NOW - 7 * H, toAt: NOW - 5 * H, now: NOW });
    expect(h.bucketMs).toBe(M);
    expect(h.points).toHaveLength(120);
    expect(total(h.points)).toBe(2 * 360 * 2);
  });

  it('covers a day from rollups plus the raw tail not rolled up yet, every check counted once', async () => {
    const { history, store } = await populated();
    expect(store.probeResults.rolledUntil()).toBe(NOW - 2 * M);
    const h = history.healthHistory({ service: 'api', fromAt: NOW - 24 * H, toAt: NOW, now: NOW });
    expect(h.bucketMs).toBe(5 * M);
    expect(total(h.points)).toBe(9 * 360 * 2);
    expect(h.points.at(-1)).toMatchObject({ at: NOW - 5 * M, count: 60 });
    // api/ready's 10 down minutes: 60 failed checks out of 6480
    expect(h.points.reduce((sum, p) => sum + p.failures, 0)).toBe(60);
    expect(h.uptime).toBeCloseTo((6480 - 60) / 6480, 10);
  });

  it('counts degraded checks per point, from raw checks, from rollups and from the raw tail alike', async () => {
    const store = openStore({ dataDir: ':memory:', now: () => NOW });
    stores.push(store);
    // api/live checked every 10 s for 8 h: slow (degraded) for 2 minutes 7 h ago (rolled up and
    // pruned) and for the minute 30 minutes ago (raw), down for the minute 20 minutes ago.
    const results: ProbeResult[] = [];
    for (let at = NOW - 8 * H; at < NOW; at += 10 * S) {
      const degraded = (at >= NOW - 7 * H && at < NOW - 7 * H + 2 * M) || (at >= NOW - 30 * M && at < NOW - 29 * M);
      const down = at >= NOW - 20 * M && at < NOW - 19 * M;
      const outcome = down ? 'down' : degraded ? 'degraded' : 'up';
      results.push({ probeId: 'api/live', service: 'api', at, outcome, latencyMs: degraded ? 900 : 10, detail: outcome });
    }
    store.probeResults.insertMany(ENV, results);
    const job = createRollupJob({ repo: store.probeResults, clock: fakeClock(NOW), rawRetentionMs: RAW_RETENTION, rollupRetentionMs: 30 * 24 * H });
    job.rollUp(NOW - 10 * M); // the last 10 minutes stay a raw tail
    await job.prune(NOW, RAW_RETENTION, 30 * 24 * H);
    const history = createHealthHistory({ environment: ENV, results: store.probeResults, transitions: store.healthTransitions, sessions: store.coreSessions, rawRetentionMs: RAW_RETENTION });
    const degradedOf = (points: { degraded: number }[]) => points.reduce((sum, p) => sum + p.degraded, 0);

    const raw = history.healthHistory({ service: 'api', fromAt: NOW - 31 * M, toAt: NOW - 28 * M, now: NOW });
    expect(raw.bucketMs).toBeLessThan(M);
    expect(degradedOf(raw.points)).toBe(6);
    expect(raw.points.filter((p) => p.degraded > 0).every((p) => p.failures === 0 && p.degraded === p.count)).toBe(true);

    const rolled = history.healthHistory({ service: 'api', fromAt: NOW - 7 * H - 5 * M, toAt: NOW - 7 * H + 5 * M, now: NOW });
    expect(rolled.bucketMs).toBe(M);
    expect(rolled.points.map((p) => p.degraded)).toEqual([0, 0, 0, 0, 0, 6, 6, 0, 0, 0]);

    const day = history.healthHistory({ service: 'api', fromAt: NOW - 24 * H, toAt: NOW, now: NOW });
    expect(degradedOf(day.points)).toBe(18);
    expect(day.points.reduce((sum, p) => sum + p.failures, 0)).toBe(6);
    HealthHistorySchema.parse(day);
  });

  it('merges the probes of a service, or shows one probe when asked', async () => {
    const { history } = await populated();
    const range = { fromAt: NOW - 9 * H - 5 * M, toAt: NOW - 9 * H + 5 * M, now: NOW };
    const all = history.healthHistory({ service: 'api', ...range });
    const live = history.healthHistory({ service: 'api', probeId: 'api/live', ...range });
    const ready = history.healthHistory({ service: 'api', probeId: 'api/ready', ...range });
    expect(total(all.points)).toBe(120);
    expect(total(live.points)).toBe(60);
    expect(live.uptime).toBe(1);
    expect(ready.uptime).toBe(0.5);
    expect(all.uptime).toBe(0.75);
    // Minutes with only failed checks have no latency; merged with api/live they do.
    expect(ready.points.at(-1)).toMatchObject({ failures: 6, p50Ms: null, p95Ms: null, maxMs: null });
    expect(all.points.at(-1)).toMatchObject({ failures: 6, p95Ms: expect.any(Number) });
  });

  it('includes the service’s own and its probes’ transitions in the range', async () => {
    const { history, store } = await populated();
    const t = (over: Partial<Transition>): Transition => ({
      service: 'api',
      probeId: null,
      at: NOW - 9 * H,
      from: 'up',
      to: 'down',
      reason: 'api/ready down',
      causedBy: null,
      ...over,
    });
    store.healthTransitions.record(ENV, t({ probeId: 'api/ready', reason: 'timeout' }));
    store.healthTransitions.record(ENV, t({}));
    store.healthTransitions.record(ENV, t({ at: NOW - 9 * H + 10 * M, from: 'down', to: 'up', reason: 'recovered' }));
    store.healthTransitions.record(ENV, t({ service: 'db', reason: 'connection refused' }));
    store.healthTransitions.record(ENV, t({ at: NOW - 20 * H, reason: 'earlier' }));
    const h = history.healthHistory({ service: 'api', fromAt: NOW - 10 * H, toAt: NOW, now: NOW });
    expect(h.transitions.map((x) => [x.probeId, x.reason])).toEqual([
      ['api/ready', 'timeout'],
      [null, 'api/ready down'],
      [null, 'recovered'],
    ]);
    const live = history.healthHistory({ service: 'api', probeId: 'api/live', fromAt: NOW - 10 * H, toAt: NOW, now: NOW });
    expect(live.transitions.map((x) => x.reason)).toEqual(['api/ready down', 'recovered']);
  });

  it('marks the spans without a running core as not observed, up to now and not beyond', async () => {
    const { history } = await populated();
    const h = history.healthHistory({ service: 'api', fromAt: NOW - 24 * H, toAt: NOW + H, now: NOW });
    expect(h.notObserved).toEqual([
      { fromAt: NOW - 24 * H, toAt: NOW - 10 * H },
      { fromAt: NOW - 4 * H, toAt: NOW - 3 * H },
    ]);
    const gap = history.healthHistory({ service: 'api', fromAt: NOW - 4 * H + 10 * M, toAt: NOW - 3 * H - 10 * M, now: NOW });
    expect(gap).toMatchObject({ points: [], uptime: null, notObserved: [{ fromAt: NOW - 4 * H + 10 * M, toAt: NOW - 3 * H - 10 * M }] });
  });

  it('is the history of one environment: another environment’s checks, transitions and core sessions are not its own', async () => {
    const { store, history: staging } = await populated();
    store.healthTransitions.record(ENV, { service: 'api', probeId: null, at: NOW - 30 * M, from: 'up', to: 'down', reason: 'staging only', causedBy: null });
    const production = createHealthHistory({ environment: 'production', results: store.probeResults, transitions: store.healthTransitions, sessions: store.coreSessions, rawRetentionMs: RAW_RETENTION });
    const range = { service: 'api', fromAt: NOW - 24 * H, toAt: NOW, now: NOW };
    // Staging's cores ran all along but watched staging: for production it was never observed.
    expect(production.healthHistory(range)).toMatchObject({ points: [], transitions: [], uptime: null, notObserved: [{ fromAt: NOW - 24 * H, toAt: NOW }] });
    expect(production.recentLatencies('api', NOW - 15 * M)).toEqual([]);

    store.probeResults.insertMany('production', [{ probeId: 'api/live', service: 'api', at: NOW - M, outcome: 'down', latencyMs: 3000, detail: 'timeout' }]);
    store.coreSessions.start({ environment: 'production', id: 'p', startedAt: NOW - 2 * M, shell: 'web', appVersion: '0.1.0', configPath: 'warroom.yaml' });
    store.coreSessions.touch('p', NOW);
    const prod = production.healthHistory({ ...range, fromAt: NOW - H });
    expect(prod).toMatchObject({ uptime: 0, transitions: [], notObserved: [{ fromAt: NOW - H, toAt: NOW - 2 * M }] });
    expect(prod.points.reduce((sum, p) => sum + p.count, 0)).toBe(1);
    // And staging's history does not take production's check in.
    const stag = staging.healthHistory({ ...range, fromAt: NOW - H });
    expect(stag.uptime).toBe(1);
    expect(stag.transitions.map((t) => t.reason)).toEqual(['staging only']);
  });

  it('gives recent latencies for a sparkline, thinned evenly', async () => {
    const { history } = await populated();
    const all = history.recentLatencies('api', NOW - 15 * M);
    expect(all).toHaveLength(180);
    expect(all[0]).toEqual({ at: NOW - 15 * M, latencyMs: expect.any(Number), outcome: 'up' });
    const thin = history.recentLatencies('api', NOW - 15 * M, { maxPoints: 50 });
    expect(thin).toHaveLength(50);
    expect(thin[0]).toEqual(all[0]);
    expect(thin.at(-1)).toEqual(all.at(-1));
    expect(history.recentLatencies('api', NOW - 15 * M, { probeId: 'api/ready' }).every((p) => p.latencyMs === 100)).toBe(true);
  });
});
