/**
 * Warroom is killed (SIGKILL) while an action's script runs; a new core on the same data dir must
 * not pretend the script ended. A separate Node process plays the first Warroom (the core compiled
 * to dist-node/ by the global setup); the script is a real process tree with a setsid grandchild.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditEntrySchema, type ActionRun, type AuditEntry } from '../../../shared/domain/actions.js';
import { parseConfigText } from '../config/load-config.js';
import { createCoreParts, type CoreParts } from '../core.js';
import { silentLogger } from '../logger.js';
import { appRoot } from '../paths.js';
import { INTERRUPTED_REASON } from '../store/repos/action-runs-repo.js';
import { ENDED_UNWATCHED_REASON } from './recovered-runs.js';
import { isRunning, killIfRunning, makeRunFixture, waitUntil, type RunFixture } from './testing/run-fixtures.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const operator = { role: 'operator' as const, transport: 'memory' as const };
const env = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' };

/** Starts a Warroom in its own process, has it start `deploy` on api, and SIGKILLs it mid-run. */
async function warroomKilledMidRun(fixture: RunFixture, dataDir: string): Promise<{ run: ActionRun; pids: { child: number; grandchild: number } }> {
  const dist = (path: string) => JSON.stringify(pathToFileURL(join(appRoot(), 'dist-node', 'electron', 'core', path)).href);
  const script = [
    `const { createCore } = await import(${dist('core.js')});`,
    `const { parseConfigText } = await import(${dist('config/load-config.js')});`,
    `const { silentLogger } = await import(${dist('logger.js')});`,
    `const path = ${JSON.stringify(fixture.configPath)};`,
    `const core = createCore({ loaded: { config: parseConfigText(${JSON.stringify(fixture.configText)}, path), path, bundled: false },`,
    `  dataDir: ${JSON.stringify(dataDir)}, shell: 'test', ownership: 'owner', logger: silentLogger, probing: false, env: ${JSON.stringify(env)} });`,
    `const started = await core.dispatch('actions.start', { actionId: 'deploy', params: { service: 'api' }, actor: 'ana' }, { role: 'operator', transport: 'memory' });`,
    'console.log(JSON.stringify(started));',
    'setInterval(() => {}, 1000);',
  ].join('\n');
  const warroom: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => void warroom.kill('SIGKILL'));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: warroom.stdout! }).once('line', resolve);
    warroom.once('exit', (code) => reject(new Error(`the first Warroom exited with ${code} before starting the run`)));
  });
  const started = JSON.parse(line) as { ok: true; value: ActionRun };
  expect(started).toMatchObject({ ok: true, value: { state: 'running' } });
  const pids = await fixture.pidsOf(started.value.id);
  cleanups.push(() => killIfRunning(pids.child, pids.grandchild));
  const exited = new Promise((resolve) => warroom.once('exit', resolve));
  warroom.kill('SIGKILL'); // no exit handlers, no clean-up: a crash
  await exited;
  expect(isRunning(pids.child) && isRunning(pids.grandchild)).toBe(true);
  return { run: started.value, pids };
}

function restartedCore(fixture: RunFixture, dataDir: string): CoreParts {
  const core = createCoreParts({
    loaded: { config: parseConfigText(fixture.configText, fixture.configPath), path: fixture.configPath, bundled: false },
    dataDir,
    shell: 'test',
    ownership: 'owner',
    logger: silentLogger,
    probing: false,
    env,
  });
  cleanups.push(() => core.close());
  return core;
}

/** The audit entries of one run, oldest first. */
function auditOf(core: CoreParts, runId: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  core.store.audit.export((line) => entries.push(AuditEntrySchema.parse(JSON.parse(line))));
  return entries.filter((entry) => entry.runId === runId);
}

function setUp(): { fixture: RunFixture; dataDir: string } {
  const fixture = makeRunFixture();
  cleanups.push(() => fixture.remove());
  return { fixture, dataDir: join(fixture.dir, 'data') };
}

describe('an action run when Warroom dies mid-run', () => {
  it('is shown still running after a restart, keeps its target locked, and can be cancelled', async () => {
    const { fixture, dataDir } = setUp();
    const { run, pids } = await warroomKilledMidRun(fixture, dataDir);

    const core = restartedCore(fixture, dataDir);
    const found = core.actions.overview().runs.find((r) => r.id === run.id);
    expect(found).toMatchObject({ state: 'running', pid: pids.child, recoveredAt: expect.any(Number), endedAt: null, exitCode: null });

    const second = await core.dispatch('actions.start', { actionId: 'deploy', params: { service: 'api' }, actor: 'bo' }, operator);
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict', message: 'deploy on api is already running' } });

    expect(await core.dispatch('actions.cancel', { runId: run.id, actor: 'bo' }, operator)).toMatchObject({ ok: true });
    const ended = await core.actions.finished(run.id);
    expect(ended).toMatchObject({ state: 'cancelled', exitCode: null, signal: null, reason: 'cancelled by bo (started before the restart; exit code unknown)' });
    expect(isRunning(pids.child)).toBe(false);
    expect(isRunning(pids.grandchild)).toBe(false);

    const trail = auditOf(core, run.id).map((entry) => [entry.event, entry.detail]);
    expect(trail).toEqual(
      expect.arrayContaining([
        ['recovered', { pid: pids.child, alive: expect.arrayContaining([pids.child, pids.grandchild]) }],
        ['exited', { state: 'cancelled', exitCode: null, reason: ended.reason, recovered: true }],
      ]),
    );
    expect(trail.filter(([event]) => event === 'exited')).toHaveLength(1);
    expect(core.store.audit.verify().ok).toBe(true);
  });

  it('left alone, ends as "exit unknown" once its processes are gone, never with a made-up exit code', async () => {
    const { fixture, dataDir } = setUp();
    const { run, pids } = await warroomKilledMidRun(fixture, dataDir);
    const core = restartedCore(fixture, dataDir);
    expect(core.store.actionRuns.get(run.id)).toMatchObject({ state: 'running', recoveredAt: expect.any(Number) });

    fixture.letEnd(run.id);
    const ended = await core.actions.finished(run.id);
    expect(ended).toMatchObject({ state: 'exit_unknown', exitCode: null, signal: null, reason: ENDED_UNWATCHED_REASON, endedAt: expect.any(Number) });
    expect(isRunning(pids.child) || isRunning(pids.grandchild)).toBe(false);
    const exits = auditOf(core, run.id).filter((entry) => entry.event === 'exited');
    expect(exits.map((entry) => entry.detail)).toEqual([{ state: 'exit_unknown', exitCode: null, reason: ENDED_UNWATCHED_REASON, recovered: true }]);

    // The target is free again.
    const next = await core.dispatch('actions.start', { actionId: 'deploy', params: { service: 'api' }, actor: 'bo' }, operator);
    expect(next).toMatchObject({ ok: true, value: { state: 'running' } });
    const nextRun = (next as { value: ActionRun }).value;
    const nextPids = await fixture.pidsOf(nextRun.id);
    cleanups.push(() => killIfRunning(nextPids.child, nextPids.grandchild));
    fixture.letEnd(nextRun.id);
    expect(await core.actions.finished(nextRun.id)).toMatchObject({ state: 'succeeded', exitCode: 0 });
  });

  it('is interrupted, as before, when its processes died with Warroom', async () => {
    const { fixture, dataDir } = setUp();
    const { run, pids } = await warroomKilledMidRun(fixture, dataDir);
    killIfRunning(pids.child, pids.grandchild);
    await waitUntil(() => !isRunning(pids.child) && !isRunning(pids.grandchild));

    const core = restartedCore(fixture, dataDir);
    expect(core.store.actionRuns.get(run.id)).toMatchObject({ state: 'failed', reason: INTERRUPTED_REASON, recoveredAt: null, exitCode: null });
    const next = await core.dispatch('actions.start', { actionId: 'deploy', params: { service: 'api' }, actor: 'bo' }, operator);
    expect(next).toMatchObject({ ok: true });
    const nextPids = await fixture.pidsOf((next as { value: ActionRun }).value.id);
    cleanups.push(() => killIfRunning(nextPids.child, nextPids.grandchild));
  });
});
