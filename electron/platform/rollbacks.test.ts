import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformStatus, PlatformTopology } from '../../shared/domain/rehearsal.js';
import { startPlatform } from './platform.js';
import type { StartPlatformOptions } from './platform.js';
import { controlClient, httpRequest, smallTopology, waitFor } from './platform-test-support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** The small topology with two settings: the data layer's pool (healthy 1–100) and a switch. */
function topologyWithConfiguration(): PlatformTopology {
  return {
    ...smallTopology(),
    configuration: {
      'db-pool-size': { service: 'data-layer', value: 20, healthy: { min: 1, max: 100 } },
      'planner-beta': { service: 'planner', value: false },
    },
  };
}

async function start(options: Partial<StartPlatformOptions> = {}) {
  const platform = await startPlatform({ topology: topologyWithConfiguration(), scenarios: {}, anyFreePort: true, restartMs: 20, ...options });
  cleanups.push(() => platform.close());
  const control = controlClient(platform);
  const post = async (path: string, body: unknown) => control.call('POST', path, body);
  return { platform, control, post };
}

const service = (status: PlatformStatus, id: string) => status.services.find((s) => s.id === id)!;
const versions = (status: PlatformStatus) => Object.fromEntries(status.services.map((s) => [s.id, s.version]));
const unready = (status: PlatformStatus) => status.services.filter((s) => !s.ready).map((s) => s.id);

describe('complete rollback', () => {
  it('starts a stopped service on its known-good version (the initial state) and leaves every service ready', async () => {
    const { control, post, platform } = await start();
    expect((await control.status()).knownGood).toMatchObject({ source: 'initial', versions: { 'data-layer': '1.0.0', planner: '1.0.0', gateway: '1.0.0' } });
    await control.fault('gateway', { kind: 'stop' });
    await expect(httpRequest({ port: platform.ports.gateway!, path: '/health/live' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const answer = await post('/rollback', { complete: true });
    expect(answer.status).toBe(200);
    const status = answer.json<PlatformStatus>();
    expect(unready(status)).toEqual([]);
    expect(service(status, 'gateway')).toMatchObject({ running: true, version: '1.0.0' });
    expect((await httpRequest({ port: platform.ports.gateway!, path: '/health/ready' })).status).toBe(200);
    expect(status.log.at(-1)).toMatchObject({ service: 'gateway', message: 'complete rollback: started on 1.0.0' });
  });

  it('goes back to the state recorded as known-good, not to the baseline: new versions revert, stopped services start on it', async () => {
    const { control, post } = await start();
    await post('/deploy', { version: '1.1.0', stepDelayMs: 0 });
    await waitFor(async () => (await control.status()).deploy === null, 10_000, 'the deploy of 1.1.0');
    const recorded = await post('/known-good', { note: 'validated 1.1.0' });
    expect(recorded.status).toBe(200);
    expect(recorded.json<PlatformStatus>().knownGood).toMatchObject({ source: 'recorded', note: 'validated 1.1.0', versions: { planner: '1.1.0', gateway: '1.1.0' } });

    await post('/deploy', { version: '1.1.0-bad', services: ['planner'], stepDelayMs: 0 });
    await waitFor(async () => (await control.status()).deploy === null, 10_000, 'the bad deploy');
    await control.fault('gateway', { kind: 'stop' });
    await control.fault('data-layer', { kind: 'deploy', version: '1.0.0' });

    const status = (await post('/rollback', { complete: true })).json<PlatformStatus>();
    expect(versions(status)).toEqual({ 'data-layer': '1.1.0', planner: '1.1.0', gateway: '1.1.0' });
    expect(unready(status)).toEqual([]);
    // Going back to the version a service ran just before takes it off the history, as a rollback does.
    expect(service(status, 'planner').history).toEqual(['1.0.0']);
  });

  it('cancels a deploy in progress and restores what it had already changed', async () => {
    const { control, post } = await start();
    await post('/deploy', { version: '1.1.0-bad', stepDelayMs: 60_000 });
    await waitFor(async () => (await control.status()).deploy?.done.length === 1, 10_000, 'the first deploy step');
    const status = (await post('/rollback', { complete: true })).json<PlatformStatus>();
    expect(status.deploy).toBeNull();
    expect(versions(status)).toEqual({ 'data-layer': '1.0.0', planner: '1.0.0', gateway: '1.0.0' });
    expect(status.log.some((e) => e.message === 'deploy of 1.1.0-bad cancelled by a complete rollback')).toBe(true);
  });

  it('fails naming a service it cannot bring back (its port is taken), and restores the others', async () => {
    const { control, post, platform } = await start();
    const gatewayPort = platform.ports.gateway!;
    await control.fault('gateway', { kind: 'stop' });
    await control.fault('planner', { kind: 'stop' });
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(gatewayPort, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => squatter.close(() => resolve())));

    const answer = await post('/rollback', { complete: true });
    expect(answer.status).toBe(409);
    expect(answer.json<{ error: string }>().error).toMatch(new RegExp(`^complete rollback could not restore gateway cannot listen on port ${gatewayPort} again: .*EADDRINUSE`));
    const status = await control.status();
    expect(service(status, 'planner')).toMatchObject({ running: true, ready: true });
    expect(service(status, 'gateway')).toMatchObject({ running: false, ready: false });
  });

  it('does not touch a service that already runs its known-good version; what a rollback cannot fix stays unready', async () => {
    const { control, post } = await start();
    await control.fault('data-layer', { kind: 'dependency-down', dependency: 'database' });
    const status = (await post('/rollback', { complete: true })).json<PlatformStatus>();
    expect(status.log.at(-1)!.message).toBe('complete rollback: every service already runs its known-good version');
    expect(unready(status)).toEqual(['data-layer', 'planner', 'gateway']);
    expect(service(status, 'data-layer').reasons).toEqual(['database is down']);
  });

  it('records known-good only when every service is ready and no deploy runs, naming what is not', async () => {
    const { control, post } = await start();
    await control.fault('planner', { kind: 'stop' });
    const refused = await post('/known-good', {});
    expect(refused.status).toBe(409);
    expect(refused.json<{ error: string }>().error).toBe('not a known-good state: planner (not running), gateway (depends on planner (not ready)) not ready');
    expect((await control.status()).knownGood.source).toBe('initial');
    expect((await post('/rollback', { complete: true, services: ['planner'] })).status).toBe(400);
  });
});

describe('database rollback', () => {
  it('lists the down steps on a dry run without changing the schema, then runs them down to the version', async () => {
    const { control, post } = await start();
    expect((await post('/migrate', { dryRun: false })).json()).toMatchObject({ from: 41, to: 44, applied: true });

    const dry = await post('/database/rollback', { toVersion: 41, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.json()).toEqual({
      dryRun: true,
      from: 44,
      to: 41,
      applied: false,
      steps: [
        "44 → 43: disallow 'suspended' in agents.status (suspended agents become idle)",
        '43 → 42: drop index tasks_goal_id_idx',
        '42 → 41: drop column goals.priority (its values are lost)',
      ],
    });
    expect((await control.status()).databaseSchema).toBe(44);

    const done = await post('/database/rollback', { toVersion: 42 });
    expect(done.json()).toMatchObject({ dryRun: false, from: 44, to: 42, applied: true, steps: [expect.stringMatching(/^44 → 43/), expect.stringMatching(/^43 → 42/)] });
    expect((await control.status()).databaseSchema).toBe(42);
  });

  it('refuses a newer or unknown target, and a real run while the database is down (a dry run still lists)', async () => {
    const { control, post } = await start();
    expect((await post('/database/rollback', { toVersion: 43 })).json()).toEqual({ error: 'the schema is at 41; 43 is newer: roll forward with db-migrate instead' });
    expect((await post('/database/rollback', { toVersion: 40 })).status).toBe(409);
    expect((await post('/database/rollback', { toVersion: 'forty' })).json<{ issues: { path: string }[] }>().issues[0]!.path).toBe('toVersion');
    await post('/migrate', { dryRun: false });
    await control.fault('data-layer', { kind: 'dependency-down', dependency: 'database' });
    expect((await post('/database/rollback', { toVersion: 41, dryRun: true })).status).toBe(200);
    const refused = await post('/database/rollback', { toVersion: 41 });
    expect(refused.json()).toEqual({ error: 'the database is down (seen by data-layer): cannot roll back the schema' });
    expect((await control.status()).databaseSchema).toBe(44);
  });
});

describe('configuration rollback', () => {
  it('restores the previous revision as a new one, and the misconfigured service is ready again', async () => {
    const { control, post } = await start();
    const changed = await post('/config', { settings: { 'db-pool-size': 0 }, note: 'pool typo' });
    expect(changed.status).toBe(200);
    let status = changed.json<PlatformStatus>();
    expect(status.configuration).toMatchObject({ revision: 2, values: { 'db-pool-size': 0, 'planner-beta': false } });
    expect(service(status, 'data-layer').reasons).toEqual(['configuration db-pool-size=0 is outside its healthy range (1–100)']);
    expect(unready(status)).toEqual(['data-layer', 'planner', 'gateway']);

    const dry = await post('/config/rollback', { dryRun: true });
    expect(dry.json()).toEqual({ dryRun: true, from: 2, to: 1, applied: false, revision: 2, changes: [{ key: 'db-pool-size', from: 0, to: 20 }] });
    expect((await control.status()).configuration.revision).toBe(2);

    expect((await post('/config/rollback', {})).json()).toMatchObject({ applied: true, from: 2, to: 1, revision: 3 });
    status = await control.status();
    expect(status.configuration).toMatchObject({ revision: 3, values: { 'db-pool-size': 20, 'planner-beta': false } });
    expect(status.configuration.revisions.map((r) => [r.revision, r.note])).toEqual([
      [3, 'rollback of revision 2 to revision 1'],
      [2, 'pool typo'],
      [1, 'initial configuration (platform.yaml)'],
    ]);
    expect(unready(status)).toEqual([]);
  });

  it('refuses unknown settings, values of the wrong type, and a rollback from the first revision', async () => {
    const { post } = await start();
    expect((await post('/config/rollback', {})).json()).toEqual({ error: 'nothing to roll back: the configuration is at revision 1, the first one' });
    expect((await post('/config', { settings: { 'pool-size': 3 } })).json()).toEqual({ error: 'unknown setting "pool-size" (known: db-pool-size, planner-beta)' });
    expect((await post('/config', { settings: { 'planner-beta': 'yes' } })).json()).toEqual({ error: 'planner-beta expects a boolean, got "yes"' });
    await post('/config', { settings: { 'planner-beta': true } });
    expect((await post('/config/rollback', { toRevision: 2 })).json()).toEqual({ error: 'revision 2 is not older than the current revision 2' });
  });
});
