import { describe, expect, it } from 'vitest';
import type { ResolvedProbe } from '../../../shared/domain/probes.js';
import { fakeClock } from '../testing/fake-clock.js';
import { createScheduler } from './scheduler.js';

const probe = (name: string, intervalMs = 50, timeoutMs = 50): ResolvedProbe => ({
  kind: 'tcp', name, port: 1, id: `svc/${name}`, service: 'svc', intervalMs, timeoutMs, retries: 0, confirmations: 1, latencyBudgetMs: 1000,
});

describe('probe scheduler', () => {
  it('runs each probe every interval and never overlaps one probe with itself', async () => {
    const clock = fakeClock();
    const running = new Set<string>();
    const runs: string[] = [];
    let overlaps = 0;
    const scheduler = createScheduler({
      probes: [probe('a', 30), probe('b', 30)],
      concurrency: 10,
      startSpreadMs: 1,
      random: () => 0.5, // every interval exactly 30 ms
      timers: clock,
      run: async (p) => {
        if (running.has(p.id)) overlaps += 1;
        running.add(p.id);
        runs.push(p.id);
        await clock.sleep(40); // longer than the interval
        running.delete(p.id);
      },
    });
    scheduler.start();
    await clock.advanceAsync(300);
    const stopping = scheduler.stop(); // waits for the run in flight
    await clock.advanceAsync(40);
    await stopping;
    expect(overlaps).toBe(0);
    // First run at 0.5 ms, then each run takes 40 ms and the next starts 30 ms after it ends.
    expect(runs.filter((id) => id === 'svc/a')).toHaveLength(5);
  });

  it('keeps to the concurrency bound', async () => {
    const clock = fakeClock();
    let active = 0;
    let peak = 0;
    const scheduler = createScheduler({
      probes: Array.from({ length: 20 }, (_, i) => probe(`p${i}`, 1000)),
      concurrency: 3,
      timers: clock,
      run: async () => {
        active += 1;
        peak = Math.max(peak, active);
        await clock.sleep(10);
        active -= 1;
      },
    });
    const all = scheduler.runAll();
    await clock.advanceAsync(10 * 7);
    await all;
    await scheduler.stop();
    expect(peak).toBe(3);
  });

  it('abandons a check that ignores its timeout so the others go on', async () => {
    const clock = fakeClock();
    const done: string[] = [];
    let hungSignal: AbortSignal | undefined;
    const scheduler = createScheduler({
      probes: [probe('hung', 10_000, 100), probe('fine', 10_000, 100)],
      concurrency: 1,
      timers: clock,
      run: async (p, signal) => {
        if (p.name === 'hung') {
          hungSignal = signal;
          await new Promise(() => undefined); // never settles, ignores the signal
        }
        expect(signal.aborted).toBe(false);
        done.push(p.name);
      },
    });
    const all = scheduler.runAll();
    // The backstop is timeout × (retries + 1) + 1 s = 1.1 s.
    await clock.advanceAsync(1099);
    expect(done).toEqual([]);
    await clock.advanceAsync(1);
    await all;
    expect(done).toEqual(['fine']);
    expect(hungSignal?.aborted).toBe(true);
    await scheduler.stop();
  });

  it('pauses and resumes cleanly', async () => {
    const clock = fakeClock();
    let count = 0;
    const scheduler = createScheduler({ probes: [probe('a', 20)], concurrency: 1, startSpreadMs: 1, random: () => 0.5, timers: clock, run: () => Promise.resolve(void (count += 1)) });
    scheduler.start();
    await clock.advanceAsync(100);
    expect(count).toBe(5); // at 0.5, 20.5, 40.5, 60.5, 80.5 ms
    scheduler.pause();
    expect(clock.pending()).toBe(0);
    await clock.advanceAsync(10_000);
    expect(count).toBe(5);
    scheduler.resume();
    await clock.advanceAsync(10); // resumes within min(1 s, interval) × random = 10 ms
    expect(count).toBe(6);
    await scheduler.stop();
  });

  it('tells of a run that threw (instead of hiding it) and keeps scheduling that probe', async () => {
    const errors: string[] = [];
    let runs = 0;
    const scheduler = createScheduler({
      probes: [probe('a', 1000)],
      concurrency: 1,
      run: async () => {
        runs += 1;
        throw new Error('database or disk is full');
      },
      onError: (p, error) => errors.push(`${p.id}: ${(error as Error).message}`),
    });
    await scheduler.runAll();
    await scheduler.runAll();
    await scheduler.stop();
    expect(runs).toBe(2);
    expect(errors).toEqual(['svc/a: database or disk is full', 'svc/a: database or disk is full']);
  });
});
