/**
 * Cancel and timeout of an action stop the whole tree of its script, including a grandchild that
 * left the process group with setsid (found through the marker every descendant inherits).
 * Real child processes: a Node script that starts a grandchild in a session of its own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../../../shared/domain/actions.js';
import { parseConfigText } from '../config/load-config.js';
import { createCoreParts, type CoreParts } from '../core.js';
import { silentLogger } from '../logger.js';
import { isRunning, killIfRunning, makeRunFixture, type RunFixture } from './testing/run-fixtures.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const operator = { role: 'operator' as const, transport: 'memory' as const };

function setUp(): { core: CoreParts; fixture: RunFixture } {
  const fixture = makeRunFixture();
  cleanups.push(() => fixture.remove());
  const core = createCoreParts({
    loaded: { config: parseConfigText(fixture.configText, fixture.configPath), path: fixture.configPath, bundled: false },
    dataDir: ':memory:',
    shell: 'test',
    ownership: 'owner',
    logger: silentLogger,
    probing: false,
    env: { PATH: process.env.PATH },
  });
  cleanups.push(() => core.close());
  return { core, fixture };
}

async function start(core: CoreParts, actionId: string, params: Record<string, string> = {}): Promise<ActionRun> {
  const started = await core.dispatch('actions.start', { actionId, params, actor: 'ana' }, operator);
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
}

describe('the process tree of an action run', () => {
  it('cancel kills the script and a grandchild that called setsid', async () => {
    const { core, fixture } = setUp();
    const run = await start(core, 'deploy', { service: 'api' });
    const pids = await fixture.pidsOf(run.id);
    cleanups.push(() => killIfRunning(pids.child, pids.grandchild));
    expect(isRunning(pids.grandchild)).toBe(true);

    expect(await core.dispatch('actions.cancel', { runId: run.id, actor: 'ana' }, operator)).toMatchObject({ ok: true });
    expect(await core.actions.finished(run.id)).toMatchObject({ state: 'cancelled' });
    expect(isRunning(pids.child)).toBe(false);
    expect(isRunning(pids.grandchild)).toBe(false);
  });

  it('timeout kills the script and a grandchild that called setsid', async () => {
    const { core, fixture } = setUp();
    const run = await start(core, 'slow');
    const pids = await fixture.pidsOf(run.id);
    cleanups.push(() => killIfRunning(pids.child, pids.grandchild));

    expect(await core.actions.finished(run.id)).toMatchObject({ state: 'timed_out' });
    expect(isRunning(pids.child)).toBe(false);
    expect(isRunning(pids.grandchild)).toBe(false);
  });

  it('stores the pid and process group of the script as soon as it runs', async () => {
    const { core, fixture } = setUp();
    const run = await start(core, 'deploy', { service: 'web' });
    const pids = await fixture.pidsOf(run.id);
    cleanups.push(() => killIfRunning(pids.child, pids.grandchild));
    expect(core.store.actionRuns.get(run.id)).toMatchObject({ state: 'running', pid: pids.child });
    expect(core.store.actionRuns.processOf(run.id)).toMatchObject({ pid: pids.child, pgid: pids.child, marker: expect.any(String) });
    fixture.letEnd(run.id);
    expect(await core.actions.finished(run.id)).toMatchObject({ state: 'succeeded', exitCode: 0 });
  });
});
