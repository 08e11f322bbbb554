import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadProfileSchema, LoadScenarioSchema } from '../../../shared/domain/load.js';
import { LoadPlanError, planLoadRun } from './plan.js';
import { startLoadTarget, type LoadTarget } from './testing/load-target.js';
import { runLoad } from './testing/run-load.js';

let target: LoadTarget;
beforeAll(async () => {
  target = await startLoadTarget();
});
afterAll(async () => {
  await target.close();
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const brief = { model: 'closed', users: 2, duration: '1s', gracefulStop: '0s' } as const;

describe('targets that misbehave', () => {
  it('counts refused connections', async () => {
    const { summary, logs } = await runLoad(`http://127.0.0.1:${await unusedPort()}`, { requests: [{ path: '/' }] }, brief);
    expect(summary.total.requests).toBeGreaterThan(0);
    expect(summary.total.errors.connection_refused).toBe(summary.total.requests);
    expect(logs.some((line) => line.includes('connection_refused'))).toBe(true);
  });

  it('counts requests that get no answer as timeouts', async () => {
    const { summary } = await runLoad(target.url, { timeout: '200ms', requests: [{ path: '/hang' }] }, { ...brief, duration: '1200ms' });
    // Two users, each giving up every ~200 ms.
    expect(summary.total.errors.timeout).toBeGreaterThanOrEqual(6);
    expect(summary.total.errors.timeout).toBe(summary.total.requests);
    expect(summary.total.p50Ms).toBeGreaterThanOrEqual(200);
  });

  it('counts reset connections', async () => {
    const { summary } = await runLoad(target.url, { requests: [{ path: '/reset' }] }, brief);
    expect(summary.total.requests).toBeGreaterThan(0);
    expect(summary.total.errors.connection_reset).toBe(summary.total.requests);
  });

  it('reads a 10 MB answer to the end without keeping it', async () => {
    const { summary } = await runLoad(target.url, { requests: [{ path: '/big' }] }, brief);
    expect(summary.total.requests).toBeGreaterThan(0);
    expect(summary.total.errorCount).toBe(0);
    expect(summary.total.bytesIn).toBeGreaterThanOrEqual(summary.total.requests * 10 * 1024 * 1024);
  });

  it('fails an expectation on a 10 MB answer it was asked to read, instead of holding it', async () => {
    const { summary } = await runLoad(target.url, { requests: [{ path: '/big', expect: { bodyContains: 'y' } }] }, brief);
    expect(summary.total.errors.expectation_failed).toBe(summary.total.requests);
  });

  it('times out a body that never ends', async () => {
    const { summary } = await runLoad(target.url, { timeout: '300ms', requests: [{ path: '/never-ends' }] }, { ...brief, duration: '1200ms' });
    expect(summary.total.errors.timeout).toBeGreaterThanOrEqual(4);
    expect(summary.total.errors.timeout).toBe(summary.total.requests);
  });
});

describe('refusals before the start', () => {
  const plan = (scenario: unknown, profile: unknown, workers = 2) => () =>
    planLoadRun({ baseUrl: target.url, workers, scenario: LoadScenarioSchema.parse(scenario), profile: LoadProfileSchema.parse(profile) });

  it('names the request and the template of a broken template', () => {
    const attempt = plan({ requests: [{ method: 'POST', path: '/goals', body: { n: '{{randInt 1 5}}' } }] }, brief);
    expect(attempt).toThrow(LoadPlanError);
    expect(attempt).toThrow('requests[0].body: request "POST /goals": body.n: unknown helper "randInt"');
    expect(attempt).toThrow('in "{{randInt 1 5}}"');
  });

  it('names a variable no request captures', () => {
    expect(plan({ requests: [{ path: '/goals/{{var goal_id}}' }] }, brief)).toThrow('uses {{var goal_id}} but no request of the scenario captures goal_id');
  });

  it('refuses 100,000 users on two workers, naming the limit', () => {
    expect(plan({ requests: [{ path: '/' }] }, { model: 'closed', users: 100_000, duration: '1m' })).toThrow(
      'the profile asks for 100000 users; this machine runs at most 10000 (2 workers × 5000 users per worker, load.limits.maxUsersPerWorker)',
    );
  });

  it('refuses a threshold that does not parse and one on an unknown endpoint, together', () => {
    try {
      plan({ requests: [{ path: '/fast' }] }, { ...brief, thresholds: ['p(95 < 500', { expression: 'p(95) < 500', endpoint: 'GET /nope' }] })();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LoadPlanError);
      expect((error as LoadPlanError).issues).toEqual([
        { path: 'profile.thresholds[0]', message: "p(95 < 500: expected ')' at column 6" },
        { path: 'profile.thresholds[1].endpoint', message: 'no endpoint "GET /nope" in the scenario (endpoints: GET /fast)' },
      ]);
    }
  });
});

describe('responsiveness', () => {
  it('keeps ticking every second and the caller’s thread free while the workers are saturated', async () => {
    let worstLagMs = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      worstLagMs = Math.max(worstLagMs, now - last - 20);
      last = now;
    }, 20);
    const { tickTimes, summary } = await runLoad(target.url, { requests: [{ path: '/fast' }] }, { model: 'closed', users: 64, duration: '3500ms' });
    clearInterval(probe);
    expect(summary.total.requests).toBeGreaterThan(1000);
    expect(tickTimes.length).toBeGreaterThanOrEqual(3);
    const gaps = tickTimes.slice(1).map((at, index) => at - tickTimes[index]!);
    for (const gap of gaps.slice(0, 2)) {
      expect(gap).toBeGreaterThan(500);
      expect(gap).toBeLessThan(1500);
    }
    expect(worstLagMs).toBeLessThan(300);
  });
});
