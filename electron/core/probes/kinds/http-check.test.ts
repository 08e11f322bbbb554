import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startSilentPort, type SilentPort } from '../testing/ports.js';
import { checkContext, resolvedProbe, type Resolution, type SpecInputOf, testAgents } from '../testing/probe-fixtures.js';
import { startTargetServer, type TargetServer } from '../testing/target-server.js';
import { runCheck } from './run-check.js';

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

const http = (path: string, spec: Omit<SpecInputOf<'http'>, 'kind'> = {}, resolution: Resolution = {}) =>
  resolvedProbe({ kind: 'http', ...spec }, { target: `${target.url}${path}`, ...resolution });

describe('http probes: status', () => {
  it('is up on a 2xx answer', async () => {
    target.route('/ok', { kind: 'respond', status: 204 });
    expect(await runCheck(http('/ok'), checkContext())).toMatchObject({ outcome: 'up', detail: 'HTTP 204' });
  });

  it('is down on a status outside 2xx and says what was expected', async () => {
    target.route('/broken', { kind: 'respond', status: 503 });
    expect(await runCheck(http('/broken'), checkContext())).toMatchObject({ outcome: 'down', detail: 'HTTP 503 (expected 2xx)' });
  });

  it('accepts exactly the listed statuses when expectStatus is set', async () => {
    target.route('/teapot', { kind: 'respond', status: 418 });
    expect((await runCheck(http('/teapot', { expectStatus: [418] }), checkContext())).outcome).toBe('up');
    expect(await runCheck(http('/teapot', { expectStatus: [200, 204] }), checkContext())).toMatchObject({ outcome: 'down', detail: 'HTTP 418 (expected 200, 204)' });
  });

  it('reports a redirect instead of following it', async () => {
    target.route('/moved', { kind: 'respond', status: 302, headers: { location: '/elsewhere' } });
    const result = await runCheck(http('/moved'), checkContext());
    expect(result).toMatchObject({ outcome: 'down', detail: 'HTTP 302 redirected to /elsewhere (expected 2xx)' });
    expect(target.stats('/elsewhere').hits).toBe(0);
  });

  it('prefers the probe url over the resolved target', async () => {
    target.route('/own', { kind: 'respond', status: 200 });
    const probe = resolvedProbe({ kind: 'http', url: `${target.url}/own` }, { target: `${target.url}/not-this` });
    expect((await runCheck(probe, checkContext())).outcome).toBe('up');
  });

  it('is down with a clear reason when there is no URL at all', async () => {
    expect(await runCheck(resolvedProbe({ kind: 'http' }), checkContext())).toMatchObject({ outcome: 'down', detail: expect.stringMatching(/^no URL to call/) });
  });
});

describe('http probes: request', () => {
  it('sends method, body and headers with ${env:NAME} filled from the environment', async () => {
    const seen: { method?: string; auth?: string; body?: string } = {};
    const { createServer } = await import('node:http');
    const echo = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        Object.assign(seen, { method: request.method, auth: request.headers.authorization, body });
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const port = (echo.address() as { port: number }).port;
    try {
      const probe = resolvedProbe(
        { kind: 'http', method: 'POST', body: '{"ping":1}', headers: { Authorization: 'Bearer ${env:API_TOKEN}' } },
        { target: `http://127.0.0.1:${port}/` },
      );
      const result = await runCheck(probe, checkContext({ env: { API_TOKEN: 's3cret' } }));
      expect(result.outcome).toBe('up');
      expect(seen).toEqual({ method: 'POST', auth: 'Bearer s3cret', body: '{"ping":1}' });
    } finally {
      await new Promise((resolve) => echo.close(resolve));
    }
  });

  it('is down without sending anything when a header secret is not set', async () => {
    target.route('/secret', { kind: 'respond', status: 200 });
    const probe = http('/secret', { headers: { Authorization: 'Bearer ${env:MISSING_TOKEN}' } }, { retries: 2 });
    const result = await runCheck(probe, checkContext({ env: { MISSING_TOKEN: '' } }));
    expect(result).toMatchObject({ outcome: 'down', detail: 'secret MISSING_TOKEN is not set' });
    expect(target.stats('/secret').hits).toBe(0);
  });
});

describe('http probes: body and JSON', () => {
  it('checks that the body contains a string', async () => {
    target.route('/text', { kind: 'respond', body: 'status: ok' });
    expect((await runCheck(http('/text', { bodyContains: 'ok' }), checkContext())).outcome).toBe('up');
    expect(await runCheck(http('/text', { bodyContains: 'ready' }), checkContext())).toMatchObject({ outcome: 'down', detail: 'body does not contain "ready"' });
  });

  it('checks a JSON path against a value', async () => {
    target.route('/health', { kind: 'respond', json: { status: 'ok', checks: { database: 'down' }, items: [{ id: 3 }] } });
    const check = (path: string, equals: string | number) => runCheck(http('/health', { json: { path, equals } }), checkContext());
    expect((await check('status', 'ok')).outcome).toBe('up');
    expect((await check('items[0].id', 3)).outcome).toBe('up');
    expect(await check('checks.database', 'up')).toMatchObject({ outcome: 'down', detail: 'checks.database is "down", expected "up"' });
    expect(await check('checks.cache', 'up')).toMatchObject({ outcome: 'down', detail: 'checks.cache is missing, expected "up"' });
  });

  it('is down when the body is not JSON but a JSON check needs it', async () => {
    target.route('/html', { kind: 'respond', body: '<html>' });
    expect(await runCheck(http('/html', { json: { path: 'status', equals: 'ok' } }), checkContext())).toMatchObject({ outcome: 'down', detail: 'body is not JSON' });
  });

  it('reads at most maxBodyBytes of a 10 MB body, then closes the connection', async () => {
    target.route('/huge', { kind: 'large-body', bytes: 10 * 1024 * 1024 });
    const heapBefore = process.memoryUsage().heapUsed;
    const plain = await runCheck(http('/huge', { maxBodyBytes: 64 * 1024 }), checkContext());
    expect(plain).toMatchObject({ outcome: 'up', detail: 'HTTP 200' });
    const contains = await runCheck(http('/huge', { maxBodyBytes: 64 * 1024, bodyContains: 'needle' }), checkContext());
    expect(contains).toMatchObject({ outcome: 'down', detail: 'body does not contain "needle" in the first 65536 bytes (body is larger; raise maxBodyBytes)' });
    const json = await runCheck(http('/huge', { maxBodyBytes: 64 * 1024, json: { path: 'a', equals: 1 } }), checkContext());
    expect(json).toMatchObject({ outcome: 'down', detail: expect.stringMatching(/^body is larger than 65536 bytes, cannot read JSON/) });
    // Proof that the rest was never read: the server could not finish writing it.
    await waitFor(() => target.openConnections() === 0 || testAgents.stats().http.active === 0);
    expect(target.stats('/huge')).toMatchObject({ hits: 3, completed: false });
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(30 * 1024 * 1024);
  });

  it('finds text within the part of a large body that was read', async () => {
    target.route('/huge-x', { kind: 'large-body', bytes: 10 * 1024 * 1024 });
    expect((await runCheck(http('/huge-x', { maxBodyBytes: 1024, bodyContains: 'xxx' }), checkContext())).outcome).toBe('up');
  });
});

describe('http probes: failures and timeouts', () => {
  afterEach(async () => {
    // No test may leave a socket behind in the shared agents: a leak would show here.
    await waitFor(() => testAgents.stats().http.active === 0);
    expect(testAgents.stats().http).toMatchObject({ active: 0, queued: 0 });
  });

  it('times out on a port that accepts and never answers, and keeps no socket', async () => {
    const started = performance.now();
    const probe = resolvedProbe({ kind: 'http' }, { target: `http://127.0.0.1:${silent.port}/`, timeoutMs: 300 });
    const result = await runCheck(probe, checkContext());
    expect(result).toMatchObject({ outcome: 'down', detail: 'timed out after 300 ms (waiting for the response)' });
    // At the probe's 300 ms, not at the 2 s default timeout; the rest is room for a busy machine.
    expect(performance.now() - started).toBeLessThan(1800);
    await waitFor(() => silent.openConnections() === 0);
    expect(silent.openConnections()).toBe(0);
  });

  it('times out on a route that never answers', async () => {
    target.route('/hang', { kind: 'hang' });
    expect(await runCheck(http('/hang', {}, { timeoutMs: 300 }), checkContext())).toMatchObject({
      outcome: 'down',
      detail: 'timed out after 300 ms (waiting for the response)',
    });
  });

  it('times out on a body that never ends', async () => {
    target.route('/endless', { kind: 'endless-body' });
    expect(await runCheck(http('/endless', {}, { timeoutMs: 300 }), checkContext())).toMatchObject({
      outcome: 'down',
      detail: 'timed out after 300 ms (reading the body)',
    });
  });

  it('is down on a connection reset', async () => {
    target.route('/reset', { kind: 'reset' });
    expect(await runCheck(http('/reset'), checkContext())).toMatchObject({ outcome: 'down', detail: 'connection reset' });
  });

  it('is down with "connection refused" on a closed port and on port 1', async () => {
    for (const port of [await freePort(), 1]) {
      const probe = resolvedProbe({ kind: 'http' }, { target: `http://127.0.0.1:${port}/` });
      expect(await runCheck(probe, checkContext())).toMatchObject({ outcome: 'down', detail: 'connection refused' });
    }
  });

  it('retries once on a fresh connection when a pooled one turns out to be closed', async () => {
    target.route('/stale', { kind: 'reset-reused' });
    expect((await runCheck(http('/stale'), checkContext())).outcome).toBe('up');
    expect(await runCheck(http('/stale'), checkContext())).toMatchObject({ outcome: 'up', detail: 'HTTP 200' });
    expect(target.stats('/stale').hits).toBe(3);
  });

  it('reuses keep-alive connections across checks', async () => {
    target.route('/reuse', { kind: 'respond', body: 'ok' });
    const before = target.openConnections();
    for (let i = 0; i < 20; i += 1) expect((await runCheck(http('/reuse'), checkContext())).outcome).toBe('up');
    expect(target.openConnections() - before).toBeLessThanOrEqual(1);
  });
});

/**
 * Polls until `condition` holds or `withinMs` passed; the caller's expect says what was missing.
 * Below vitest's 10 s hook timeout, as afterEach waits with it too.
 */
async function waitFor(condition: () => boolean, withinMs = 5_000): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!condition() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}
