import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProbeOutcome, ProbeResult } from '../../../../shared/domain/probes.js';
import { openDatabase } from '../../store/db.js';
import { migrate } from '../../store/migrate.js';
import { migrations } from '../../store/migrations/index.js';
import { createProbeResultsRepo } from '../../store/repos/probe-results-repo.js';
import type { ProbeResultsRepo } from '../../store/repos/probe-results-repo.js';
import { fakeClock } from '../../testing/fake-clock.js';
import { createRollupJob } from './rollup-job.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const ENV = 'staging';

function setup(options: { deleteChunk?: number } = {}) {
  const db = openDatabase(':memory:');
  migrate(db, migrations, () => 0);
  const repo = createProbeResultsRepo(db);
  const clock = fakeClock(T0);
  const job = createRollupJob({ repo, clock, rawRetentionMs: 2 * HOUR, rollupRetentionMs: 24 * HOUR, settleMs: 2 * MINUTE, ...options });
  const count = (table: string) => (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number);
  return { db, repo, clock, job, count };
}

const check = (at: number, latencyMs: number, outcome: ProbeOutcome = 'up', probeId = 'api/live'): ProbeResult => ({
  probeId,
  service: probeId.split('/')[0] ?? '',
  at,
  outcome,
  latencyMs,
  detail: '',
});

/** One check per probe every 10 s over [fromAt, toAt). */
function steady(fromAt: number, toAt: number, probeIds = ['api/live', 'api/ready']): ProbeResult[] {
  const results: ProbeResult[] = [];
  for (let at = fromAt; at < toAt; at += 10_000) for (const id of probeIds) results.push(check(at, 10, 'up', id));
  return results;
}

afterEach(() => vi.useRealTimers());

describe('rollup job', () => {
  it('rolls a known minute up into exact percentiles, counts and sums', () => {
    const { repo, job } = setup();
    // 20 answered checks 10..200 ms in shuffled order (2 of them degraded), 2 down checks at 5 s.
    const latencies = [70, 200, 10, 130, 40, 190, 100, 160, 20, 80, 150, 60, 30, 120, 180, 90, 50, 170, 110, 140];
    repo.insertMany(ENV, [
      ...latencies.map((ms, i) => check(T0 + i * 2000, ms, ms >= 190 ? 'degraded' : 'up')),
      check(T0 + 41_000, 5000, 'down'),
      check(T0 + 59_999, 5000, 'down'),
      check(T0 + MINUTE, 999), // the next minute
    ]);
    expect(job.rollUp(T0 + 3 * MINUTE)).toBe(1);
    expect(repo.rollupsOf({ environment: ENV, service: 'api' }, T0, T0 + 10 * MINUTE)).toEqual([
      {
        environment: ENV,
        probeId: 'api/live',
        service: 'api',
        minuteAt: T0,
        count: 22,
        failures: 2,
        degraded: 2,
        p50Ms: 100, // nearest rank: the 10th of 20
        p95Ms: 190, // the 19th of 20
        maxMs: 200,
        sumMs: 2100,
      },
    ]);
    expect(repo.rolledUntil()).toBe(T0 + MINUTE);
  });

  it('is idempotent and incremental: each minute once, only once it is complete and settled', () => {
    const { repo, job, count } = setup();
    repo.insertMany(ENV, steady(T0, T0 + 10 * MINUTE));
    expect(job.rollUp(T0 + 5 * MINUTE + 30_000)).toBe(2 * 3); // minutes 0..2; 3 and 4 are still settling
    expect(job.rollUp(T0 + 5 * MINUTE + 30_000)).toBe(0);
    expect(count('probe_rollups')).toBe(6);
    expect(job.rollUp(T0 + 12 * MINUTE)).toBe(2 * 7); // minutes 3..9
    expect(repo.rolledUntil()).toBe(T0 + 10 * MINUTE);
    expect(count('probe_rollups')).toBe(20);
    const rows = repo.rollupsOf({ environment: ENV, service: 'api' }, T0, T0 + HOUR);
    expect(rows.every((r) => r.count === 6 && r.failures === 0 && r.p95Ms === 10)).toBe(true);
  });

  it('jumps over days without checks and rolls up what comes after', () => {
    const { repo, job } = setup();
    repo.insertMany(ENV, [...steady(T0, T0 + MINUTE), ...steady(T0 + 72 * HOUR, T0 + 72 * HOUR + MINUTE)]);
    expect(job.rollUp(T0 + 72 * HOUR + 5 * MINUTE)).toBe(4);
    expect(repo.rolledUntil()).toBe(T0 + 72 * HOUR + 3 * MINUTE);
    expect(repo.rollupsOf({ environment: ENV, service: 'api', probeId: 'api/ready' }, T0, T0 + 100 * HOUR).map((r) => r.minuteAt)).toEqual([
      T0,
      T0 + 72 * HOUR,
    ]);
  });

  it('never prunes raw checks of minutes not rolled up yet', async () => {
    const { repo, job, count } = setup();
    repo.insertMany(ENV, steady(T0, T0 + 4 * HOUR));
    const total = count('probe_results');
    const now = T0 + 4 * HOUR;
    expect(await job.prune(now, 2 * HOUR, 24 * HOUR)).toEqual({ raw: 0, rollups: 0 });
    expect(count('probe_results')).toBe(total);

    // Rolled up only through the first hour: only that hour may go, although two are past the window.
    job.rollUp(T0 + HOUR + 2 * MINUTE);
    expect(await job.prune(now, 2 * HOUR, 24 * HOUR)).toEqual({ raw: 2 * 360, rollups: 0 });
    expect(repo.firstAtOrAfter(0)).toBe(T0 + HOUR);

    job.rollUp(now);
    expect((await job.prune(now, 2 * HOUR, 24 * HOUR)).raw).toBe(2 * 360);
    expect(repo.firstAtOrAfter(0)).toBe(T0 + 2 * HOUR);
  });

  it('prunes in bounded chunks and drops rollups past their own retention', async () => {
    const { repo, count } = setup();
    const calls: number[] = [];
    const counting: ProbeResultsRepo = {
      ...repo,
      deleteSamplesBefore(beforeAt, limit) {
        const deleted = repo.deleteSamplesBefore(beforeAt, limit);
        calls.push(deleted);
        return deleted;
      },
    };
    const job = createRollupJob({ repo: counting, clock: fakeClock(), rawRetentionMs: HOUR, rollupRetentionMs: 2 * HOUR, deleteChunk: 100 });
    repo.insertMany(ENV, steady(T0, T0 + 3 * HOUR));
    const now = T0 + 3 * HOUR;
    job.rollUp(now);
    expect(count('probe_rollups')).toBe(2 * 178);
    const report = await job.prune(now, HOUR, 2 * HOUR);
    expect(report.raw).toBe(2 * 2 * 360);
    expect(calls).toEqual([...Array<number>(14).fill(100), 40]);
    expect(report.rollups).toBe(2 * 60);
    expect(repo.rollupsOf({ environment: ENV, service: 'api' }, 0, now)[0]?.minuteAt).toBe(T0 + HOUR);
  });

  it('rolls each environment’s checks up apart, keeps those of no known environment, and prunes them all alike', async () => {
    const { db, repo, job, count } = setup();
    repo.insertMany('staging', [check(T0, 10), check(T0 + 1000, 30)]);
    repo.insertMany('production', [check(T0 + 2000, 500, 'down')]);
    // A check stored before environments were recorded.
    db.prepare("INSERT INTO probe_results (probe_id, service, at, outcome, latency_ms, detail) VALUES ('api/live', 'api', ?, 0, 70, '')").run(T0 + 3000);
    expect(job.rollUp(T0 + 3 * MINUTE)).toBe(3);
    const minute = (environment: string) => repo.rollupsOf({ environment, service: 'api' }, T0, T0 + MINUTE);
    expect(minute('staging')).toEqual([expect.objectContaining({ environment: 'staging', count: 2, failures: 0, maxMs: 30 })]);
    expect(minute('production')).toEqual([expect.objectContaining({ environment: 'production', count: 1, failures: 1, maxMs: null })]);
    // Kept under the unknown environment (''), which no reader asks for.
    expect(db.prepare("SELECT count, max_ms AS maxMs FROM probe_rollups WHERE environment = ''").all()).toEqual([{ count: 1, maxMs: 70 }]);

    expect(await job.prune(T0 + 30 * HOUR, 2 * HOUR, 24 * HOUR)).toEqual({ raw: 4, rollups: 3 });
    expect(count('probe_rollups')).toBe(0);
  });

  it('runs every minute once started, and stop() waits for a run in progress', async () => {
    vi.useFakeTimers();
    const { repo, clock, job } = setup();
    repo.insertMany(ENV, steady(T0, T0 + 10 * MINUTE));
    clock.set(T0 + 10 * MINUTE);
    job.start();
    expect(repo.rolledUntil()).toBeNull();
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(repo.rolledUntil()).toBe(T0 + 8 * MINUTE);
    clock.advance(MINUTE);
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(repo.rolledUntil()).toBe(T0 + 9 * MINUTE);
    await job.stop();
    clock.advance(MINUTE);
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(repo.rolledUntil()).toBe(T0 + 9 * MINUTE);
  });

  it('reports a failed run and keeps running', async () => {
    vi.useFakeTimers();
    const { repo, clock } = setup();
    const errors: unknown[] = [];
    let fail = true;
    const flaky: ProbeResultsRepo = {
      ...repo,
      saveRollups(rollups, until) {
        if (fail) throw new Error('disk I/O error');
        repo.saveRollups(rollups, until);
      },
    };
    repo.insertMany(ENV, steady(T0, T0 + 10 * MINUTE));
    clock.set(T0 + 10 * MINUTE);
    const job = createRollupJob({ repo: flaky, clock, rawRetentionMs: HOUR, rollupRetentionMs: HOUR, onError: (e) => errors.push(e) });
    job.start();
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(errors).toEqual([new Error('disk I/O error')]);
    fail = false;
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(repo.rolledUntil()).toBe(T0 + 8 * MINUTE);
    await job.stop();
  });
});
