import { Agent, get as httpGet } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeClock } from '../../shared/testing/fake-clock.js';
import { startPlatform } from './platform.js';
import type { RunningPlatform, StartPlatformOptions } from './platform.js';
import { controlClient, httpRequest, jsonRequest, smallTopology } from './platform-test-support.js';
import { seededRandom } from './random.js';

const platforms: RunningPlatform[] = [];
afterEach(async () => {
  await Promise.all(platforms.splice(0).map((p) => p.close()));
});

async function start(options: Partial<StartPlatformOptions> = {}) {
  const platform = await startPlatform({ topology: smallTopology(), scenarios: {}, anyFreePort: true, random: seededRandom(7), ...options });
  platforms.push(platform);
  return { platform, control: controlClient(platform), port: (id: string) => platform.ports[id]! };
}

function connectError(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: NodeJS.ErrnoException) => error.code,
  );
}

/** Share of 503 answers among `count` GETs of `/`, sent 20 at a time. */
async function errorShare(port: number, count: number): Promise<number> {
  let failed = 0;
  for (let sent = 0; sent < count; sent += 20) {
    const answers = await Promise.all(Array.from({ length: 20 }, () => httpRequest({ port, path: '/' })));
    failed += answers.filter((a) => a.status === 503).length;
  }
  return failed / count;
}

describe('service faults through real sockets', () => {
  it('answers live, ready, root and metrics on every service while healthy', async () => {
    const { platform, port } = await start();
    for (const id of Object.keys(platform.ports)) {
      const live = await httpRequest({ port: port(id), path: '/health/live' });
      expect(live.status).toBe(200);
      expect(live.json()).toEqual({ status: 'live', service: id, version: '1.0.0' });
      const ready = await httpRequest({ port: port(id), path: '/health/ready' });
      expect(ready.status).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ready' });
      expect((await httpRequest({ port: port(id), path: '/' })).json()).toMatchObject({ service: id, version: '1.0.0' });
    }
  });

  it('stop makes the port refuse connections, keep-alive ones included, and start listens again', async () => {
    const { control, port } = await start();
    const agent = new Agent({ keepAlive: true });
    try {
      const warm = await new Promise<number>((resolve, reject) => {
        const req = httpGetWithAgent(port('planner'), agent, resolve);
        req.on('error', reject);
      });
      expect(warm).toBe(200);

      const stopStarted = performance.now();
      const stopped = await control.fault('planner', { kind: 'stop' });
      // close() alone would wait for the idle keep-alive connection (5 s); stop destroys it.
      expect(performance.now() - stopStarted).toBeLessThan(3_000);
      expect(stopped.status).toBe(200);
      const planner = (await control.status()).services.find((s) => s.id === 'planner')!;
      expect(planner).toMatchObject({ running: false, ready: false, reasons: ['not running'] });
      expect(await connectError(httpRequest({ port: port('planner'), path: '/health/live' }))).toBe('ECONNREFUSED');
      // The gateway depends on the planner: not ready, and says why.
      const gateway = await httpRequest({ port: port('gateway'), path: '/health/ready' });
      expect(gateway.status).toBe(503);
      expect(gateway.json()).toMatchObject({ status: 'not_ready', reasons: ['depends on planner (not ready)'] });

      expect((await control.fault('planner', { kind: 'start' })).status).toBe(200);
      expect((await httpRequest({ port: port('planner'), path: '/health/ready' })).status).toBe(200);
      expect((await control.status()).services.find((s) => s.id === 'planner')).toMatchObject({ running: true, ready: true });
    } finally {
      agent.destroy();
    }
  });

  it('slow adds log-normal latency to every route but /metrics, and slow 0 removes it', async () => {
    const { control, port } = await start();
    const median = async (path = '/health/live') => {
      const times: number[] = [];
      for (let i = 0; i < 5; i += 1) times.push((await httpRequest({ port: port('planner'), path })).elapsedMs);
      return times.sort((a, b) => a - b)[2]!;
    };
    // "Quick" is below 100 ms: a local answer takes a few ms, the fault's median is 200 ms, and the
    // margin between is for a busy machine (the platform runs on the test's own event loop).
    expect(await median()).toBeLessThan(100);
    await control.fault('planner', { kind: 'slow', medianMs: 200, p99Ms: 400 });
    expect(await median()).toBeGreaterThan(120);
    expect(await median('/api/x')).toBeGreaterThan(120);
    // A scrape stays quick: a slow service is latency to Prometheus, not a target down.
    expect(await median('/metrics')).toBeLessThan(100);
    expect((await control.status()).services.find((s) => s.id === 'planner')!.faults.slow).toEqual({ medianMs: 200, p99Ms: 400 });
    await control.fault('planner', { kind: 'slow', medianMs: 0, p99Ms: 0 });
    expect(await median()).toBeLessThan(100);
  });

  it('errors answers 503 with a reason for about that share of API requests, never on health', async () => {
    const { control, port } = await start();
    await control.fault('planner', { kind: 'errors', rate: 0.3 });
    const share = await errorShare(port('planner'), 200);
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);
    let failure;
    for (let i = 0; i < 50 && !failure; i += 1) {
      const answer = await httpRequest({ port: port('planner'), path: '/api/v1/anything' });
      if (answer.status === 503) failure = answer.json();
    }
    expect(failure).toEqual({ error: 'service unavailable', reason: 'injected errors fault (30 %)' });
    const health = await Promise.all(Array.from({ length: 30 }, () => httpRequest({ port: port('planner'), path: '/health/ready' })));
    expect(health.every((a) => a.status === 200)).toBe(true);
    const planner = (await control.status()).services.find((s) => s.id === 'planner')!;
    expect(planner.errors).toBeGreaterThan(0);
    expect(planner.requests).toBeGreaterThan(planner.errors);
  });

  it('flapping alternates /health/ready every half period on the platform clock', async () => {
    const clock = fakeClock();
    const { control, port } = await start({ clock });
    await control.fault('planner', { kind: 'flapping', periodMs: 1_000 });
    const ready = async () => (await httpRequest({ port: port('planner'), path: '/health/ready' })).status;
    expect(await ready()).toBe(503);
    expect((await httpRequest({ port: port('planner'), path: '/health/ready' })).json()).toMatchObject({ reasons: ['flapping'] });
    clock.advance(500);
    expect(await ready()).toBe(200);
    clock.advance(499);
    expect(await ready()).toBe(200);
    clock.advance(1);
    expect(await ready()).toBe(503);
    // Live stays up: a flapping service is up, only its readiness wavers.
    expect((await httpRequest({ port: port('planner'), path: '/health/live' })).status).toBe(200);
    await control.fault('planner', { kind: 'flapping', periodMs: 0 });
    expect(await ready()).toBe(200);
  });

  it('dependency-down makes the data layer and its dependents unready and its API answer 503', async () => {
    const { control, port } = await start();
    await control.fault('data-layer', { kind: 'dependency-down', dependency: 'database' });
    const dataLayer = await httpRequest({ port: port('data-layer'), path: '/health/ready' });
    expect(dataLayer.status).toBe(503);
    expect(dataLayer.json()).toEqual({ status: 'not_ready', reasons: ['database is down'], checks: { database: 'down' } });
    expect((await httpRequest({ port: port('planner'), path: '/health/ready' })).json()).toMatchObject({ reasons: ['depends on data-layer (not ready)'] });
    expect((await httpRequest({ port: port('gateway'), path: '/health/ready' })).json()).toMatchObject({ reasons: ['depends on planner (not ready)'] });

    const direct = await jsonRequest(port('data-layer'), 'POST', '/api/v1/goals/', { title: 'launch' });
    expect(direct.status).toBe(503);
    expect(direct.json()).toEqual({ error: 'database unavailable' });
    expect((await jsonRequest(port('gateway'), 'POST', '/api/v1/goals/', { title: 'launch' })).status).toBe(503);

    await control.fault('data-layer', { kind: 'dependency-up', dependency: 'database' });
    expect((await httpRequest({ port: port('gateway'), path: '/health/ready' })).status).toBe(200);
    expect((await jsonRequest(port('data-layer'), 'POST', '/api/v1/goals/', { title: 'launch' })).status).toBe(201);
  });

  it('refuses a dependency the service does not have with 409', async () => {
    const { control } = await start();
    const answer = await control.fault('planner', { kind: 'dependency-down', dependency: 'database' });
    expect(answer.status).toBe(409);
    expect(answer.json<{ error: string }>().error).toMatch(/"database" is not a dependency of planner/);
  });

  it('switching to a bad release raises the error rate; switching back lowers it', async () => {
    const { control, port } = await start();
    expect(await errorShare(port('planner'), 100)).toBe(0);
    await control.fault('planner', { kind: 'deploy', version: '1.1.0-bad' });
    const share = await errorShare(port('planner'), 200);
    expect(share).toBeGreaterThan(0.38);
    expect(share).toBeLessThan(0.62);
    const failure = (await Promise.all(Array.from({ length: 20 }, () => httpRequest({ port: port('planner'), path: '/' })))).find((a) => a.status === 503)!;
    expect(failure.json()).toEqual({ error: 'service unavailable', reason: 'release 1.1.0-bad: bad build' });
    expect((await control.status()).services.find((s) => s.id === 'planner')).toMatchObject({ version: '1.1.0-bad', history: ['1.0.0'] });
    expect((await control.fault('planner', { kind: 'deploy', version: '9.9.9' })).status).toBe(409);
    await control.fault('planner', { kind: 'deploy', version: '1.0.0' });
    expect(await errorShare(port('planner'), 100)).toBe(0);
  });

  it('clear removes every fault of a service, a stop included', async () => {
    const { control, port } = await start();
    // Slow enough that one request tells a cleared fault (a few ms) from a kept one (under 1 s about
    // once in 10 000 draws), whatever a busy machine adds.
    await control.fault('data-layer', { kind: 'slow', medianMs: 3_000, p99Ms: 6_000 });
    await control.fault('data-layer', { kind: 'errors', rate: 1 });
    await control.fault('data-layer', { kind: 'flapping', periodMs: 10_000 });
    await control.fault('data-layer', { kind: 'dependency-down', dependency: 'database' });
    await control.fault('data-layer', { kind: 'stop' });
    const cleared = await control.fault('data-layer', { kind: 'clear' });
    const status = cleared.json<{ services: { id: string; running: boolean; ready: boolean; faults: unknown }[] }>();
    expect(status.services.find((s) => s.id === 'data-layer')).toMatchObject({
      running: true,
      ready: true,
      faults: { slow: null, errorRate: 0, flappingPeriodMs: 0, dependenciesDown: [] },
    });
    const root = await httpRequest({ port: port('data-layer'), path: '/' });
    expect(root.status).toBe(200);
    expect(root.elapsedMs).toBeLessThan(1_000);
  });

  it('moves the Prometheus counters, histogram and gauges as requests arrive', async () => {
    const { control, port } = await start();
    for (let i = 0; i < 5; i += 1) await httpRequest({ port: port('planner'), path: '/' });
    await httpRequest({ port: port('planner'), path: '/nope' });
    const metrics = await httpRequest({ port: port('planner'), path: '/metrics' });
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    const route = { method: 'GET', route: '/', status: '200', service: 'planner' };
    expect(metricValue(metrics.text, 'http_requests_total', route)).toBe(5);
    expect(metricValue(metrics.text, 'http_requests_total', { ...route, route: 'unmatched', status: '404' })).toBe(1);
    expect(metricValue(metrics.text, 'http_request_duration_seconds_count', route)).toBe(5);
    expect(metricValue(metrics.text, 'http_request_duration_seconds_bucket', { ...route, le: '10' })).toBe(5);
    expect(metricValue(metrics.text, 'service_ready', { service: 'planner' })).toBe(1);
    expect(metricValue(metrics.text, 'service_info', { service: 'planner', version: '1.0.0' })).toBe(1);

    await control.fault('planner', { kind: 'deploy', version: '1.1.0' });
    await control.fault('data-layer', { kind: 'stop' });
    const after = (await httpRequest({ port: port('planner'), path: '/metrics' })).text;
    expect(metricValue(after, 'service_ready', { service: 'planner' })).toBe(0);
    expect(metricValue(after, 'service_info', { service: 'planner', version: '1.1.0' })).toBe(1);
    expect(after).not.toContain('version="1.0.0"');
  });

  it('answers 413 to a body over 1 MB', async () => {
    const { port } = await start();
    const answer = await httpRequest({ port: port('data-layer'), path: '/api/v1/goals/', method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(1024 * 1024 + 1, 32) });
    expect(answer.status).toBe(413);
  });
});

function httpGetWithAgent(port: number, agent: Agent, done: (status: number) => void) {
  return httpGet({ host: '127.0.0.1', port, path: '/health/live', agent }, (res) => {
    res.resume();
    res.on('end', () => done(res.statusCode ?? 0));
  });
}

/** The value of the sample `name` whose labels are exactly `labels` (in any order), or undefined. */
function metricValue(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const m of match[2]!.matchAll(/(\w+)="([^"]*)"/g)) found[m[1]!] = m[2]!;
    if (JSON.stringify(Object.entries(found).sort()) === JSON.stringify(Object.entries(labels).sort())) return Number(match[3]);
  }
  return undefined;
}
