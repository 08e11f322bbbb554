import { describe, expect, it } from 'vitest';
import type { ResolvedProbe } from '../../../shared/domain/probes.js';
import { createScheduler } from './scheduler.js';

const probe = (name: string, intervalMs = 50, timeoutMs = 50): ResolvedProbe => ({
  kind: 'tcp', name, port: 1, id: `svc/${name}`, service: 'svc', intervalMs, timeoutMs, retries: 0, confirmations: 1, latencyBudgetMs: 1000,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('probe scheduler', () => {
  it('runs each probe every interval and never overlaps one probe with itself', async () => {
    const running = new Set<string>();
    const runs: string[] = [];
    let overlaps = 0;
    const scheduler = createScheduler({
      probes: [probe('a', 30), probe('b', 30)],
      concurrency: 10,
      startSpreadMs: 1,
      run: async (p) => {
        if (running.has(p.id)) overlaps += 1;
        running.add(p.id);
        runs.push(p.id);
        await sleep(40); // longer than the interval
        running.delete(p.id);
      },
    });
    scheduler.start();
    await sleep(300);
    await scheduler.stop();
    expect(overlaps).toBe(0);
    expect(runs.filter((id) => id === 'svc/a').length).toBeGreaterThanOrEqual(3);
  });

  it('keeps to the concurrency bound', async () => {
    let active = 0;
    let peak = 0;
    const scheduler = createScheduler({
      probes: Array.from({ length: 20 }, (_, i) => probe(`p${i}`, 1000)),
      concurrency: 3,
      run: async () => {
        active += 1;
        peak = Math.max(peak, active);
        await sleep(10);
        active -= 1;
      },
    });
    await scheduler.runAll();
    await scheduler.stop();
    expect(peak).toBe(3);
  });

  it('abandons a check that ignores its timeout so the others go on', async () => {
    const done: string[] = [];
    const scheduler = createScheduler({
      probes: [probe('hung', 10_000, 100), probe('fine', 10_000, 100)],
      concurrency: 1,
      run: async (p, signal) => {
        if (p.name === 'hung') await new Promise(() => undefined); // never settles, ignores the signal
        expect(signal.aborted).toBe(false);
        done.push(p.name);
      },
    });
    const started = Date.now();
    await scheduler.runAll();
    expect(done).toEqual(['fine']);
    expect(Date.now() - started).toBeLessThan(3000);
    await scheduler.stop();
  });

  it('pauses and resumes cleanly', async () => {
    let count = 0;
    const scheduler = createScheduler({ probes: [probe('a', 20)], concurrency: 1, startSpreadMs: 1, run: () => Promise.resolve(void (count += 1)) });
    scheduler.start();
    await sleep(100);
    scheduler.pause();
    await sleep(30);
    const atPause = count;
    await sleep(100);
    expect(count).toBe(atPause);
    scheduler.resume();
    await sleep(1200);
    expect(count).toBeGreaterThan(atPause);
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
