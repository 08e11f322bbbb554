import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSilentPort, type SilentPort } from '../testing/ports.js';
import { checkContext, resolvedProbe } from '../testing/probe-fixtures.js';
import { startTargetServer, type TargetServer } from '../testing/target-server.js';
import { CHECK_KINDS, runCheck } from './run-check.js';

let target: TargetServer;
let silent: SilentPort;

beforeAll(async () => {
  target = await startTargetServer();
  silent = await startSilentPort();
});
afterAll(async () => {
  await target.close();
  await silent.close();
});

describe('runCheck', () => {
  it('knows every probe kind of the config schema', () => {
    expect([...CHECK_KINDS].sort()).toEqual(['command', 'dns', 'http', 'postgres', 'promql', 'redis', 'tcp']);
  });

  it('retries a failing check and passes when a later attempt succeeds', async () => {
    target.route('/flaky', { kind: 'fail-then', failures: 1, then: { kind: 'respond', body: 'ok' } });
    const probe = resolvedProbe({ kind: 'http' }, { target: `${target.url}/flaky`, retries: 2 });
    expect(await runCheck(probe, checkContext())).toMatchObject({ outcome: 'up', detail: 'HTTP 200 (attempt 2 of 3)' });
    expect(target.stats('/flaky').hits).toBe(2);
  });

  it('is down after the last retry, naming the last failure', async () => {
    target.route('/always-503', { kind: 'fail-then', failures: 10, then: { kind: 'respond' } });
    const probe = resolvedProbe({ kind: 'http' }, { target: `${target.url}/always-503`, retries: 2 });
    expect(await runCheck(probe, checkContext())).toMatchObject({ outcome: 'down', detail: 'HTTP 503 (expected 2xx) (3 attempts)' });
    expect(target.stats('/always-503').hits).toBe(3);
  });

  it('gives every attempt the full timeout', async () => {
    const probe = resolvedProbe({ kind: 'http' }, { target: `http://127.0.0.1:${silent.port}/`, retries: 1, timeoutMs: 200 });
    const started = performance.now();
    expect(await runCheck(probe, checkContext())).toMatchObject({ outcome: 'down', detail: 'timed out after 200 ms (waiting for the response) (2 attempts)' });
    const tookMs = performance.now() - started;
    expect(tookMs).toBeGreaterThanOrEqual(390);
    // Two attempts of 200 ms, not of the 2 s default timeout (4 s); the rest is room for a busy machine.
    expect(tookMs).toBeLessThan(3000);
  });

  it('is degraded when a passing check is slower than the latency budget', async () => {
    target.route('/slow', { kind: 'respond', delayMs: 150 });
    const probe = resolvedProbe({ kind: 'http' }, { target: `${target.url}/slow`, latencyBudgetMs: 50 });
    const result = await runCheck(probe, checkContext());
    expect(result.outcome).toBe('degraded');
    expect(result.detail).toMatch(/^HTTP 200; slow: \d+ ms > 50 ms budget$/);
    expect(result.latencyMs).toBeGreaterThanOrEqual(150);
  });

  it('stops at once when the caller aborts, and does not retry', async () => {
    const controller = new AbortController();
    const probe = resolvedProbe({ kind: 'http' }, { target: `http://127.0.0.1:${silent.port}/`, retries: 3, timeoutMs: 5000 });
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    expect(await runCheck(probe, checkContext({ signal: controller.signal }))).toMatchObject({ outcome: 'down', detail: 'cancelled' });
    // At the abort (100 ms), not at the first attempt's 5 s timeout.
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('turns nonsense into a down result instead of throwing', async () => {
    const probe = { ...resolvedProbe({ kind: 'tcp', port: 80 }), kind: 'carrier-pigeon' } as never;
    expect(await runCheck(probe, checkContext())).toMatchObject({ outcome: 'down', detail: 'unknown probe kind "carrier-pigeon"' });
    const badUrl = resolvedProbe({ kind: 'http' }, { target: 'not a url' });
    expect(await runCheck(badUrl, checkContext())).toMatchObject({ outcome: 'down', detail: 'invalid URL "not a url"' });
  });
});
