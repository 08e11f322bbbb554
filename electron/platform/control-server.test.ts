import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PlatformStatusSchema } from '../../shared/domain/rehearsal.js';
import type { PlatformStatus } from '../../shared/domain/rehearsal.js';
import { startPlatform } from './platform.js';
import type { StartPlatformOptions } from './platform.js';
import { bundledPlatformFiles, controlClient, httpRequest, smallTopology, waitFor } from './platform-test-support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function start(options: Partial<StartPlatformOptions> = {}) {
  const platform = await startPlatform({ topology: smallTopology(), scenarios: {}, anyFreePort: true, ...options });
  cleanups.push(() => platform.close());
  return { platform, control: controlClient(platform) };
}

const service = (status: PlatformStatus, id: string) => status.services.find((s) => s.id === id)!;

describe('control API access', () => {
  it('needs the bearer token, a loopback Host and no foreign Origin', async () => {
    const { platform, control } = await start();
    const port = control.port;
    const missing = await httpRequest({ port, path: '/status' });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect((await httpRequest({ port, path: '/status', headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const auth = { authorization: `Bearer ${platform.token}` };
    const rebinding = await httpRequest({ port, path: '/status', headers: { ...auth, host: 'evil.example:8013' } });
    expect(rebinding.status).toBe(403);
    const csrf = await httpRequest({ port, path: '/reset', method: 'POST', headers: { ...auth, origin: 'http://evil.example' } });
    expect(csrf.status).toBe(403);
    expect(csrf.json()).toEqual({ error: 'cross-origin request from http://evil.example refused' });

    const ok = await httpRequest({ port, path: '/status', headers: { ...auth, host: `localhost:${port}` } });
    expect(ok.status).toBe(200);
    expect(PlatformStatusSchema.parse(ok.json())).toMatchObject({ controlUrl: platform.controlUrl, baseline: '1.0.0', databaseSchema: 41 });
  });

  it('answers 400, 404, 405, 409 and 415 with {error}', async () => {
    const { control, platform } = await start();
    const invalid = await control.call('POST', '/faults', { service: 'planner', fault: { kind: 'errors', rate: 2 } });
    expect(invalid.status).toBe(400);
    expect(invalid.json<{ issues: { path: string }[] }>().issues[0]!.path).toBe('fault.rate');
    const malformed = await httpRequest({ port: control.port, path: '/faults', method: 'POST', headers: { authorization: `Bearer ${platform.token}`, 'content-type': 'application/json' }, body: '{' });
    expect(malformed.status).toBe(400);
    const notJson = await httpRequest({ port: control.port, path: '/faults', method: 'POST', headers: { authorization: `Bearer ${platform.token}`, 'content-type': 'text/plain' }, body: '{}' });
    expect(notJson.status).toBe(415);

    expect((await control.fault('nobody', { kind: 'stop' })).status).toBe(404);
    expect((await control.call('POST', '/scenario', { name: 'nothing' })).status).toBe(404);
    expect((await control.call('GET', '/nowhere')).status).toBe(404);
    expect((await control.call('GET', '/faults')).status).toBe(405);
    expect((await control.call('POST', '/deploy', { version: '7.0.0' })).status).toBe(409);
    expect((await control.call('POST', '/deploy', { version: '1.1.0', services: ['nobody'] })).status).toBe(404);
    const nothing = await control.call('POST', '/rollback', {});
    expect(nothing.status).toBe(409);
    expect(nothing.json()).toEqual({ error: 'nothing to roll back: no service has run another version' });
  });
});

describe('deploys, rollbacks and migrations', () => {
  it('rolls a version out service by service, each briefly not ready, and rolls it back', async () => {
    const { control } = await start();
    const started = await control.call('POST', '/deploy', { version: '1.1.0', services: ['data-layer', 'planner'], stepDelayMs: 50 });
    expect(started.status).toBe(202);
    expect(started.json<PlatformStatus>().deploy).toEqual({ version: '1.1.0', done: [], pending: ['data-layer', 'planner'] });
    expect((await control.call('POST', '/deploy', { version: '1.1.0' })).status).toBe(409);

    let sawRestart = false;
    const progress: number[] = [];
    await waitFor(async () => {
      const status = await control.status();
      sawRestart ||= service(status, 'data-layer').reasons.includes('restarting (deploying 1.1.0)');
      if (status.deploy) progress.push(status.deploy.done.length);
      return status.deploy === null;
    }, 10_000, 'the deploy to finish');
    expect(sawRestart).toBe(true);
    // Seen half-way: the data layer done, the planner pending.
    expect(progress).toContain(1);
    let status = await control.status();
    expect(service(status, 'data-layer')).toMatchObject({ version: '1.1.0', history: ['1.0.0'], ready: true });
    expect(service(status, 'gateway')).toMatchObject({ version: '1.0.0', history: [] });
    expect(status.log.map((e) => e.message)).toContain('deploy step: 1.0.0 → 1.1.0');

    const rolledBack = await control.call('POST', '/rollback', {});
    expect(rolledBack.status).toBe(200);
    status = rolledBack.json<PlatformStatus>();
    expect(service(status, 'data-layer')).toMatchObject({ version: '1.0.0', history: [], ready: true });
    expect(service(status, 'planner')).toMatchObject({ version: '1.0.0', history: [] });
    expect(status.log.filter((e) => e.message.startsWith('rolled back')).map((e) => e.service).sort()).toEqual(['data-layer', 'planner']);
    expect((await control.call('POST', '/rollback', { services: ['planner'] })).status).toBe(409);
  });

  it('lists pending migrations on a dry run, applies them on a real one, refuses while the database is down', async () => {
    const { control } = await start();
    const dry = await control.call('POST', '/migrate', { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, from: 41, to: 44, applied: false });
    expect(dry.json<{ steps: string[] }>().steps).toHaveLength(3);
    expect((await control.status()).databaseSchema).toBe(41);

    await control.fault('data-layer', { kind: 'dependency-down', dependency: 'database' });
    expect((await control.call('POST', '/migrate', { dryRun: false })).status).toBe(409);
    await control.fault('data-layer', { kind: 'dependency-up', dependency: 'database' });

    const real = await control.call('POST', '/migrate', { dryRun: false });
    expect(real.json()).toMatchObject({ dryRun: false, from: 41, to: 44, applied: true });
    expect((await control.status()).databaseSchema).toBe(44);
    expect((await control.call('POST', '/migrate', { dryRun: false })).json()).toEqual({ dryRun: false, from: 44, to: 44, steps: [], applied: false });
  });

  it('reset clears faults and versions and answers the baseline status', async () => {
    const { control } = await start();
    await control.fault('planner', { kind: 'stop' });
    await control.fault('data-layer', { kind: 'deploy', version: '1.1.0-bad' });
    await control.call('POST', '/migrate', { dryRun: false });
    const reset = await control.call('POST', '/reset');
    const status = reset.json<PlatformStatus>();
    expect(status.services.every((s) => s.running && s.ready && s.version === '1.0.0' && s.history.length === 0)).toBe(true);
    expect(status.databaseSchema).toBe(41);
  });
});

describe('scenarios', () => {
  it('plays bad-deploy at speed 600 to the end, every step done', async () => {
    const { topology, scenarios } = bundledPlatformFiles();
    const { control } = await start({ topology, scenarios });
    const started = await control.call('POST', '/scenario', { name: 'bad-deploy', speed: 600 });
    expect(started.status).toBe(200);
    expect(started.json<PlatformStatus>().scenario).toMatchObject({ name: 'bad-deploy', state: 'running', speed: 600 });
    expect((await control.call('POST', '/scenario', { name: 'bad-deploy' })).status).toBe(409);
    await waitFor(async () => (await control.status()).scenario?.state === 'finished', 10_000, 'the scenario to finish');
    await waitFor(async () => (await control.status()).deploy === null, 10_000, 'its deploy to finish');
    const status = await control.status();
    expect(status.scenario!.steps.map((s) => [s.atMs, s.state])).toEqual([[0, 'done'], [120_000, 'done'], [240_000, 'done']]);
    for (const id of ['data-layer', 'gateway', 'planner']) expect(service(status, id)).toMatchObject({ version: '2.5.0-rc3', history: ['2.4.1'] });
    expect(service(status, 'cache').version).toBe('2.4.1');
    expect(status.log.some((e) => e.message === 'scenario step: Deploy 2.5.0-rc3 to data layer, gateway and planner')).toBe(true);
  });

  it('marks a failing step failed, and stop leaves the rest pending', async () => {
    const { control } = await start({
      scenarios: {
        broken: {
          title: 'Broken',
          description: 'a step that cannot work',
          steps: [
            { at: '0s', say: 'roll back nothing', rollback: { services: ['planner'] } },
            { at: '1h', say: 'never reached', fault: { service: 'planner', fault: { kind: 'stop' } } },
          ],
        },
      },
    });
    await control.call('POST', '/scenario', { name: 'broken' });
    await waitFor(async () => (await control.status()).scenario?.steps[0]!.state !== 'pending', 10_000, 'the first step');
    const run = (await control.status()).scenario!;
    expect(run.steps[0]).toMatchObject({ state: 'failed', error: 'nothing to roll back for planner: no previous version' });
    const stopped = (await control.call('DELETE', '/scenario')).json<PlatformStatus>();
    expect(stopped.scenario).toMatchObject({ state: 'stopped' });
    expect(stopped.scenario!.steps[1]!.state).toBe('pending');
    expect(service(stopped, 'planner').running).toBe(true);
  });
});

describe('platform lifecycle', () => {
  it('refuses a port already in use, names it, and leaves nothing listening', async () => {
    const holder = await listen(0);
    const taken = (holder.address() as { port: number }).port;
    const free = await freePort();
    cleanups.push(() => new Promise((resolve) => holder.close(() => resolve())));
    await expect(
      startPlatform({ topology: smallTopology(), scenarios: {}, anyFreePort: true, portOverrides: { 'data-layer': free, gateway: taken } }),
    ).rejects.toThrow(`port ${taken} (gateway) is already in use: stop whatever holds it, or start the platform with --any-port`);
    // The data layer was bound before the gateway failed; it must be closed again.
    await expect(httpRequest({ port: free, path: '/health/live' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('POST /shutdown answers 202, then closes every port', async () => {
    const { platform, control } = await start();
    const answer = await control.call('POST', '/shutdown');
    expect(answer.status).toBe(202);
    await platform.closed;
    await expect(httpRequest({ port: platform.ports.gateway!, path: '/health/live' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(httpRequest({ port: control.port, path: '/status' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = await listen(0);
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
