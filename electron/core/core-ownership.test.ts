/**
 * One data dir, one owner: the core that holds the data dir's lock owns its live state (runs,
 * probing, its session); a guest core beside it (a CLI command that reads or appends) touches
 * none of it. Reproduces failure 1 of issue 15: a read-only command marked the live run
 * interrupted, and the run's real end then crashed the server.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../../shared/domain/actions.js';
import { LoadProfileSchema } from '../../shared/domain/load.js';
import { parseConfigText } from './config/load-config.js';
import { createCoreParts } from './core.js';
import type { CoreOptions, CoreParts } from './core.js';
import { DataDirLockedError } from './instance/data-dir-lock.js';
import { startLoadTarget } from './load/testing/load-target.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';
import { makeTempDir } from './testing/temp-dir.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const operator = { role: 'operator' as const, transport: 'memory' as const };

/** A config whose one action runs until a file appears, so the test decides when it ends. */
function setUp() {
  const dir = makeTempDir();
  cleanups.push(() => dir.remove());
  const release = join(dir.path, 'release');
  mkdirSync(join(dir.path, 'scripts'));
  const script = join(dir.path, 'scripts', 'wait.sh');
  writeFileSync(script, `#!/bin/sh\nwhile [ ! -e "${release}" ]; do sleep 0.02; done\necho released\n`);
  chmodSync(script, 0o755);
  const text = `version: 1
name: ownership test
defaultEnvironment: staging
environments:
  staging: { label: Staging }
  production: { label: Production, production: true }
services:
  api: { name: API, baseUrl: "http://127.0.0.1:9" }
probes: { standard: false }
actions:
  deploy:
    label: Deploy
    argv: [./scripts/wait.sh]
    confirm: none
  gated:
    label: Gated deploy
    argv: [./scripts/wait.sh]
    confirm: none
    requireApproval: true
`;
  const path = join(dir.path, 'warroom.yaml');
  writeFileSync(path, text);
  const dataDir = join(dir.path, 'data');
  const open = (ownership: CoreOptions['ownership'], extra: Partial<CoreOptions> = {}): CoreParts => {
    const core = createCoreParts({
      loaded: { config: parseConfigText(text, path), path, bundled: false },
      dataDir,
      shell: ownership === 'owner' ? 'web' : 'cli',
      ownership,
      logger: silentLogger,
      probing: false,
      env: { PATH: process.env.PATH },
      ...extra,
    });
    cleanups.push(() => core.close());
    return core;
  };
  return { dataDir, release: () => writeFileSync(release, ''), open };
}

async function startDeploy(core: CoreParts): Promise<ActionRun> {
  const started = new Promise<ActionRun>((resolve) => {
    const off = core.bus.on('action.changed', (run) => {
      if (run.startedAt !== null) {
        off();
        resolve(run);
      }
    });
  });
  const result = await core.dispatch('actions.start', { actionId: 'deploy', params: {}, actor: 'ana' }, operator);
  expect(result).toMatchObject({ ok: true });
  return started;
}

function exitedEntries(core: CoreParts, runId: number): unknown[] {
  const lines: string[] = [];
  core.store.audit.export((line) => lines.push(line));
  return lines.map((line) => JSON.parse(line) as { event: string; runId: number | null }).filter((e) => e.event === 'exited' && e.runId === runId);
}

describe('one data dir, one owner', () => {
  it('a guest core that verifies the audit trail leaves the owner’s running action alone; the run then ends normally', async () => {
    const { open, release } = setUp();
    const owner = open('owner');
    const run = await startDeploy(owner);

    const guest = open('guest');
    expect(guest.store.audit.verify()).toMatchObject({ ok: true });
    const listed = await guest.dispatch('actions.list', {}, operator);
    expect(listed).toMatchObject({ ok: true, value: { runs: [{ id: run.id, state: 'running' }] } });
    await guest.close();

    expect(owner.store.actionRuns.get(run.id)).toMatchObject({ state: 'running', reason: null });
    release();
    const ended = await owner.actions.finished(run.id);
    expect(ended).toMatchObject({ state: 'succeeded', exitCode: 0 });
    expect(exitedEntries(owner, run.id)).toEqual([expect.objectContaining({ detail: expect.objectContaining({ state: 'succeeded' }) })]);
    expect(owner.store.audit.verify()).toMatchObject({ ok: true });
  });

  it('a guest core writes no session row and does not beat', async () => {
    const { open } = setUp();
    const owner = open('owner');
    const guest = open('guest', { heartbeatIntervalMs: 10 });
    const beats: unknown[] = [];
    guest.bus.on('core.heartbeat', (beat) => beats.push(beat));
    await guest.close();
    expect(beats).toEqual([]);
    expect(owner.store.coreSessions.overlapping('staging', 0, Number.MAX_SAFE_INTEGER)).toEqual([expect.objectContaining({ id: owner.info.sessionId, environment: 'staging', shell: 'web' })]);
  });

  it('the owner recovers what a dead owner left running; a second owner on the same data dir is refused', async () => {
    const { open, dataDir } = setUp();
    const first = open('owner');
    await expect(Promise.resolve().then(() => open('owner'))).rejects.toThrow(DataDirLockedError);
    await expect(Promise.resolve().then(() => open('owner'))).rejects.toThrow(`pid ${process.pid}`);
    await first.close();

    // A run left "running" by an owner that died (written straight into the database).
    const db = new Database(join(dataDir, 'warroom.db'));
    db.prepare(`INSERT INTO action_runs (action_id, environment, params, dry_run, actor, state, requested_at, started_at) VALUES ('deploy', 'staging', '{}', 0, 'ana', 'running', 1, 1)`).run();
    db.close();
    const guest = open('guest');
    expect(guest.store.actionRuns.list({ limit: 1 })).toEqual([expect.objectContaining({ state: 'running' })]);
    await guest.close();
    const next = open('owner');
    expect(next.store.actionRuns.list({ limit: 1 })).toEqual([expect.objectContaining({ state: 'failed', reason: expect.stringContaining('interrupted') })]);
  });

  it('an action run that someone else ended meanwhile is logged, not thrown out of the process', async () => {
    const { open, release, dataDir } = setUp();
    const errors: string[] = [];
    const logger: Logger = { ...silentLogger, error: (message) => errors.push(message) };
    const owner = open('owner', { logger });
    const run = await startDeploy(owner);
    // What an older Warroom's CLI did: mark every running run interrupted from another connection.
    const db = new Database(join(dataDir, 'warroom.db'));
    db.prepare(`UPDATE action_runs SET state = 'failed', reason = 'interrupted elsewhere', ended_at = 2 WHERE id = ?`).run(run.id);
    db.close();
    release();
    const ended = await owner.actions.finished(run.id);
    expect(ended).toMatchObject({ state: 'failed', reason: 'interrupted elsewhere' });
    expect(errors.join('\n')).toContain(`action run ${run.id}`);
  });

  it('the same holds for a run started by a second operator’s approval', async () => {
    const { open, release, dataDir } = setUp();
    const errors: string[] = [];
    const owner = open('owner', { logger: { ...silentLogger, error: (message) => errors.push(message) }, environment: 'production' });
    const requested = await owner.dispatch('actions.start', { actionId: 'gated', params: {}, actor: 'ana', confirmation: 'production' }, operator);
    expect(requested).toMatchObject({ ok: true, value: { state: 'awaiting_approval' } });
    const runId = requested.ok ? requested.value.id : -1;
    const started = new Promise<void>((resolve) => owner.bus.on('action.changed', (run) => run.id === runId && run.startedAt !== null && resolve()));
    expect(await owner.dispatch('actions.approve', { runId, approver: 'ben' }, operator)).toMatchObject({ ok: true });
    await started;
    const db = new Database(join(dataDir, 'warroom.db'));
    db.prepare(`UPDATE action_runs SET state = 'failed', reason = 'interrupted elsewhere', ended_at = 2 WHERE id = ?`).run(runId);
    db.close();
    release();
    expect(await owner.actions.finished(runId)).toMatchObject({ state: 'failed', reason: 'interrupted elsewhere' });
    expect(errors.join('\n')).toContain(`action run ${runId}`);
  });

  it('a load run that someone else marked interrupted ends without a crash: logged, and the stored record returned', async () => {
    const { open, dataDir } = setUp();
    const target = await startLoadTarget();
    cleanups.push(() => target.close());
    const errors: string[] = [];
    const logger: Logger = { ...silentLogger, error: (message) => errors.push(message) };
    const owner = open('owner', { logger });
    const firstTick = new Promise<void>((resolve) => owner.bus.on('load.tick', () => resolve()));
    const run = owner.load.startQuick({
      url: `${target.url}/fast`,
      profile: LoadProfileSchema.parse({ model: 'open', rate: 5, duration: 60_000 }),
      thresholds: [],
      actor: 'ana',
    });
    await firstTick;
    // What an older Warroom's CLI did: mark the live run interrupted from another connection.
    const db = new Database(join(dataDir, 'warroom.db'));
    db.prepare(`UPDATE load_runs SET state = 'interrupted', ended_at = 2 WHERE id = ?`).run(run.id);
    db.close();
    owner.load.stop(run.id, 'ana');
    const ended = await owner.load.finished(run.id);
    expect(ended).toMatchObject({ id: run.id, state: 'interrupted' });
    expect(errors.join('\n')).toContain(`load run ${run.id}`);
  });
});
