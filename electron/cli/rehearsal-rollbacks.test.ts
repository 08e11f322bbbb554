/**
 * The rollbacks of the bundled rehearsal config against a real platform process, through the CLI
 * and the scripts as operators run them. The platform runs on free ports; the config is the
 * bundled one pointed at them, so these tests can run beside the e2e suite's fixed ports.
 */
import { execFile, fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { PlatformStatus } from '../../shared/domain/rehearsal.js';
import { createPlatformClient } from '../core/rehearsal/platform-client.js';
import type { PlatformClient } from '../core/rehearsal/platform-client.js';
import { appRoot, defaultResourcesDir } from '../core/paths.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { runCli } from './cli.js';

const temp = makeTempDir();
const dataDir = join(temp.path, 'data');
const stateFile = join(dataDir, 'rehearsal', 'platform.json');
const configFile = join(temp.path, 'warroom.yaml');
const rehearsalDir = join(defaultResourcesDir(), 'rehearsal');
let platformProcess: ChildProcess;
let platform: PlatformClient;
let ports: Record<string, number>;

beforeAll(async () => {
  // Built by the vitest global setup, as the app forks it.
  platformProcess = fork(join(appRoot(), 'dist-node', 'electron', 'platform', 'platform-main.js'), ['--any-port', '--state-file', stateFile], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'json',
  });
  const ready = await new Promise<{ type: string; controlUrl: string; token: string; ports: Record<string, number>; error?: string }>((resolve) => platformProcess.once('message', resolve));
  if (ready.type !== 'ready') throw new Error(`platform failed: ${ready.error}`);
  ports = ready.ports;
  platform = createPlatformClient({ controlUrl: ready.controlUrl, token: ready.token });

  // The bundled config, its services on the platform's ports and its scripts by absolute path.
  const config = parse(readFileSync(join(defaultResourcesDir(), 'rehearsal.yaml'), 'utf8')) as {
    services: Record<string, { baseUrl: string }>;
    actions: Record<string, { argv: string[]; dryRunArgv?: string[] }>;
  };
  for (const [id, service] of Object.entries(config.services)) service.baseUrl = `http://127.0.0.1:${ports[id]}`;
  const absolute = (argv: string[]) => argv.map((arg) => (arg.startsWith('rehearsal/') ? join(defaultResourcesDir(), arg) : arg));
  for (const action of Object.values(config.actions)) {
    action.argv = absolute(action.argv);
    if (action.dryRunArgv) action.dryRunArgv = absolute(action.dryRunArgv);
  }
  writeFileSync(configFile, stringify(config));
}, 30_000);

afterAll(async () => {
  if (platformProcess.exitCode === null) {
    const exited = new Promise((resolve) => platformProcess.once('exit', resolve));
    platformProcess.kill('SIGTERM');
    await exited;
  }
  temp.remove();
});

beforeEach(async () => {
  await platform.reset();
});

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--config', configFile, '--data-dir', dataDir], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { PATH: process.env.PATH },
    cwd: temp.path,
  });
  return { code, stdout, stderr };
}

/** Runs a rehearsal script as a real child process; resolves with its code and output. */
function script(name: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(rehearsalDir, name), ...args, '--state', stateFile], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const notReady = (status: PlatformStatus) => status.services.filter((s) => !s.ready).map((s) => s.id);

describe('the rehearsal rollbacks, with real processes', () => {
  it("the plan's drill: the gateway stopped, `action run rollback` brings the platform back and every service is ready", async () => {
    const stopped = await cli('rehearse', 'fault', 'gateway', 'stop');
    expect(stopped.code).toBe(0);
    expect(notReady(await platform.status())).toEqual(['gateway', 'console']);

    const rollback = await cli('action', 'run', 'rollback', '--yes', '--confirm', 'rehearsal');
    expect(rollback.stderr).not.toContain('nothing to roll back');
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain('[rollback] gateway: not running → start on 2.4.1');
    expect(rollback.stdout).toContain('[rollback] done: 11 service(s) ready');
    const status = await platform.status();
    expect(notReady(status)).toEqual([]);
    expect(status.services.find((s) => s.id === 'gateway')).toMatchObject({ running: true, version: '2.4.1' });
  }, 90_000);

  it('goes back to what the last passing validation recorded, after a bad deploy and a crash', async () => {
    await platform.deploy({ version: '2.5.0', stepDelayMs: 0 });
    await waitUntil(async () => (await platform.status()).deploy === null);
    const validated = await script('post-deploy-validate.mjs', '--record-known-good', '--samples', '5');
    expect(validated.stdout).toContain('[validate] recorded as the known-good state: 2.5.0, schema 41, configuration revision 1');
    expect(validated.code).toBe(0);

    await platform.deploy({ version: '2.5.0-rc3', services: ['planner', 'data-layer'], stepDelayMs: 0 });
    await waitUntil(async () => (await platform.status()).deploy === null);
    await platform.fault({ service: 'task-runner', fault: { kind: 'stop' } });

    const rolledBack = await script('rollback.mjs', '--complete', '--wait-s', '20');
    expect(rolledBack.stdout).toContain('[rollback] planner: 2.5.0-rc3 → 2.5.0');
    expect(rolledBack.stdout).toContain('[rollback] task-runner: not running → start on 2.5.0');
    expect(rolledBack.code).toBe(0);
    const status = await platform.status();
    expect(notReady(status)).toEqual([]);
    expect(new Set(status.services.map((s) => s.version))).toEqual(new Set(['2.5.0']));
  }, 60_000);

  it('fails naming the services a complete rollback cannot make ready (database down), within its wait', async () => {
    await platform.fault({ service: 'task-runner', fault: { kind: 'stop' } });
    await platform.fault({ service: 'data-layer', fault: { kind: 'dependency-down', dependency: 'database' } });
    const result = await script('rollback.mjs', '--complete', '--wait-s', '1');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: rolled back, but not ready after 1 s: data-layer \(database is down\), planner \(depends on data-layer \(not ready\)\)/);
    for (const id of ['task-runner', 'agent-registry', 'gateway', 'console', 'reporting']) expect(result.stderr).toContain(`${id} (`);
    // The crashed service was still started: only what a rollback cannot fix stays down.
    expect((await platform.status()).services.find((s) => s.id === 'task-runner')!.running).toBe(true);
  }, 30_000);

  it('fails naming a service whose port is taken', async () => {
    await platform.fault({ service: 'notifier', fault: { kind: 'stop' } });
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(ports.notifier, '127.0.0.1', resolve));
    try {
      const result = await script('rollback.mjs', '--complete', '--wait-s', '5');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^error: POST /rollback: complete rollback could not restore notifier cannot listen on port ${ports.notifier} again`));
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 30_000);

  it('database rollback: the dry run lists the down steps and changes nothing; the real run moves the schema', async () => {
    expect((await cli('action', 'run', 'db-migrate', '--confirm', 'rehearsal')).code).toBe(0);
    expect((await platform.status()).databaseSchema).toBe(44);

    const dry = await cli('action', 'run', 'db-rollback', '-p', 'version=41', '--dry-run', '--confirm', 'rehearsal');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("[db-rollback] would run: 44 → 43: disallow 'suspended' in agents.status");
    expect(dry.stdout).toContain('[db-rollback] would run: 42 → 41: drop column goals.priority (its values are lost)');
    expect(dry.stdout).toContain('dry run: schema would go 44 → 41; nothing changed');
    expect((await platform.status()).databaseSchema).toBe(44);

    const real = await cli('action', 'run', 'db-rollback', '-p', 'version=43', '--confirm', 'rehearsal');
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('[db-rollback] schema now 43');
    expect((await platform.status()).databaseSchema).toBe(43);
    expect((await cli('action', 'run', 'db-rollback', '-p', 'version=4x', '--confirm', 'rehearsal')).code).toBe(2);
  }, 60_000);

  it('configuration rollback restores the previous revision and the service it broke is ready again', async () => {
    await platform.startScenario({ name: 'bad-config', speed: 600 });
    await waitUntil(async () => (await platform.status()).configuration.revision === 2);
    const broken = await platform.status();
    expect(broken.configuration.values['db-pool-size']).toBe(0);
    expect(broken.services.find((s) => s.id === 'data-layer')!.reasons).toEqual(['configuration db-pool-size=0 is outside its healthy range (1–200)']);

    const dry = await cli('action', 'run', 'config-rollback', '--dry-run', '--confirm', 'rehearsal');
    expect(dry.stdout).toContain('[config-rollback] would set db-pool-size: 0 → 20');
    expect((await platform.status()).configuration.revision).toBe(2);

    const rollback = await cli('action', 'run', 'config-rollback', '--confirm', 'rehearsal');
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain('[config-rollback] configuration now revision 3 (the values of revision 1)');
    const status = await platform.status();
    expect(status.configuration).toMatchObject({ revision: 3, values: { 'db-pool-size': 20 } });
    expect(notReady(status)).toEqual([]);
  }, 60_000);
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
