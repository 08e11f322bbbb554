/**
 * Actions through the core's commands, with real scripts and real child processes: confirmation,
 * refusals (audited), live masked output, cancel of a process tree, approval by a second
 * operator, preconditions, concurrency, and an audit chain that verifies.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../../../shared/domain/actions.js';
import { parseConfigText } from '../config/load-config.js';
import { createCoreParts } from '../core.js';
import type { CoreParts } from '../core.js';
import { silentLogger } from '../logger.js';
import { makeTempDir } from '../testing/temp-dir.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setUp(production = false): { core: CoreParts; dir: string } {
  const dir = makeTempDir();
  cleanups.push(() => dir.remove());
  const scripts = join(dir.path, 'scripts');
  mkdirSync(scripts);
  const script = (name: string, body: string) => {
    writeFileSync(join(scripts, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(scripts, name), 0o755);
  };
  script('rollback.sh', 'echo "rolling back $1 with token $DEPLOY_TOKEN"; printf "\\033[32mdone\\033[0m\\n"');
  script('hang.sh', 'sleep 300 & sleep 300 & echo "children $!"; wait');
  script('fail.sh', 'echo "pre-check failed" >&2; exit 3');
  const text = `version: 1
name: actions test
defaultEnvironment: ${production ? 'production' : 'staging'}
environments:
  staging: { label: Staging }
  production: { label: Production, production: true }
services:
  api: { name: API, baseUrl: "http://127.0.0.1:9" }
probes: { standard: false }
actions:
  rollback:
    label: Roll back
    kind: rollback
    argv: [./scripts/rollback.sh, "{service}"]
    env: { DEPLOY_TOKEN: WARROOM_TEST_TOKEN }
    params: { service: { type: service } }
    confirm: type-service
    requireApproval: true
  hang:
    label: Hang
    argv: [./scripts/hang.sh]
    confirm: none
  guarded:
    label: Guarded
    argv: [./scripts/rollback.sh, api]
    env: { DEPLOY_TOKEN: WARROOM_TEST_TOKEN }
    before: [precheck]
    confirm: none
  precheck:
    label: Pre-check
    argv: [./scripts/fail.sh]
    confirm: none
  note:
    label: Note
    argv: [./scripts/rollback.sh, "{reason}"]
    env: { DEPLOY_TOKEN: WARROOM_TEST_TOKEN }
    params: { reason: { type: text, pattern: "[a-z ]{1,20}" } }
    environments: [staging]
    confirm: click
`;
  const path = join(dir.path, 'warroom.yaml');
  writeFileSync(path, text);
  const core = createCoreParts({
    loaded: { config: parseConfigText(text, path), path, bundled: false },
    dataDir: join(dir.path, 'data'),
    shell: 'test',
    ownership: 'owner',
    logger: silentLogger,
    probing: false,
    env: { PATH: process.env.PATH, WARROOM_TEST_TOKEN: 'tok-3f9a1c' },
  });
  cleanups.push(() => core.close());
  return { core, dir: dir.path };
}

/** Gone, or a zombie nobody reaps (this sandbox's PID 1 does not reap orphans). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const operator = { role: 'operator' as const, transport: 'memory' as const };
async function call(core: CoreParts, name: string, input: unknown) {
  return core.dispatch(name, input, operator);
}

describe('action service', () => {
  it('asks for the typed service name, streams masked output with colours, stores it and audits every step', async () => {
    const { core } = setUp();
    const output: string[] = [];
    core.bus.on('action.output', (chunk) => output.push(chunk.text));

    const unconfirmed = await call(core, 'actions.start', { actionId: 'rollback', params: { service: 'api' }, actor: 'ana' });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'type "api" to confirm' } });

    const started = await call(core, 'actions.start', { actionId: 'rollback', params: { service: 'api' }, actor: 'ana', confirmation: 'api' });
    expect(started).toMatchObject({ ok: true, value: { state: 'running' } });
    const run = await core.actions.finished((started as { value: ActionRun }).value.id);
    expect(run).toMatchObject({ state: 'succeeded', exitCode: 0 });
    expect(output.join('')).toContain('rolling back api with token ••••');
    expect(output.join('')).not.toContain('tok-3f9a1c');
    expect(output.join('')).toContain('\u001b[32mdone\u001b[0m');
    const stored = await call(core, 'actions.output', { runId: run.id });
    expect(stored).toMatchObject({ ok: true, value: { text: expect.stringContaining('with token ••••') } });

    const verification = core.store.audit.verify();
    expect(verification.ok).toBe(true);
    const events: string[] = [];
    core.store.audit.export((line) => events.push((JSON.parse(line) as { event: string }).event));
    expect(events).toEqual(['refused', 'requested', 'started', 'exited']);
  });

  it('refuses and audits a tampered call: unknown action, forbidden environment, value outside its pattern', async () => {
    const { core } = setUp(true);
    expect(await call(core, 'actions.start', { actionId: 'format-disk', actor: 'mallory' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(core, 'actions.start', { actionId: 'note', params: { reason: 'fine' }, actor: 'mallory' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'note may not run in production (allowed: staging)' },
    });
    expect(await call(core, 'actions.start', { actionId: 'rollback', params: { service: '--all' }, actor: 'mallory', confirmation: '--all' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await call(core, 'actions.start', { actionId: 'rollback', params: { service: 'api' }, actor: 'm', argv: ['/bin/sh'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    const refused: string[] = [];
    core.store.audit.export((line) => refused.push((JSON.parse(line) as { event: string }).event));
    expect(refused).toEqual(['refused', 'refused', 'refused']);
  });

  it('needs a second operator in production, and the requester cannot approve', async () => {
    const { core } = setUp(true);
    const requested = await call(core, 'actions.start', { actionId: 'rollback', params: { service: 'api' }, actor: 'ana', confirmation: 'api' });
    expect(requested).toMatchObject({ ok: true, value: { state: 'awaiting_approval' } });
    const runId = (requested as { value: ActionRun }).value.id;
    expect(await call(core, 'actions.approve', { runId, approver: 'Ana' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(core, 'actions.approve', { runId, approver: 'bo' })).toMatchObject({ ok: true, value: { approvedBy: 'bo' } });
    expect(await core.actions.finished(runId)).toMatchObject({ state: 'succeeded', approvedBy: 'bo' });
  });

  it('cancels the whole process tree, and refuses a second concurrent run', async () => {
    const { core } = setUp();
    const pids: number[] = [];
    let childrenStarted!: () => void;
    const childrenRunning = new Promise<void>((resolve) => (childrenStarted = resolve));
    core.bus.on('action.output', (chunk) => {
      pids.push(...[...chunk.text.matchAll(/children (\d+)/g)].map((m) => Number(m[1])));
      if (pids.length > 0) childrenStarted();
    });
    const started = await call(core, 'actions.start', { actionId: 'hang', actor: 'ana' });
    const runId = (started as { value: ActionRun }).value.id;
    expect(await call(core, 'actions.start', { actionId: 'hang', actor: 'bo' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await childrenRunning; // the script has started its children
    await call(core, 'actions.cancel', { runId, actor: 'ana' });
    const ended = await core.actions.finished(runId);
    expect(ended.state).toBe('cancelled');
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) expect(isRunning(pid), `pid ${pid}`).toBe(false);
  });

  it('stops before running when a precondition fails', async () => {
    const { core } = setUp();
    const started = await call(core, 'actions.start', { actionId: 'guarded', actor: 'ana' });
    const ended = await core.actions.finished((started as { value: ActionRun }).value.id);
    expect(ended).toMatchObject({ state: 'failed', reason: expect.stringMatching(/^precondition precheck failed: exit code 3/) });
    expect(ended.outputBytes).toBe(0);
  });

  it('announces action.ended once, after the final record; actions.getRun says ended only then', async () => {
    const { core } = setUp();
    const endings: ActionRun[] = [];
    core.bus.on('action.ended', (run) => endings.push(run));
    const started = await call(core, 'actions.start', { actionId: 'hang', actor: 'ana' });
    const runId = (started as { value: ActionRun }).value.id;
    expect(await call(core, 'actions.getRun', { runId })).toMatchObject({ ok: true, value: { run: { id: runId, state: 'running' }, ended: false } });
    await call(core, 'actions.cancel', { runId, actor: 'ana' });
    const final = await core.actions.finished(runId);
    expect(endings).toEqual([final]);
    expect(await call(core, 'actions.getRun', { runId })).toMatchObject({ ok: true, value: { run: { state: 'cancelled' }, ended: true } });
  });

  it('ends a run cancelled before approval, with action.ended', async () => {
    const { core } = setUp(true);
    const endings: number[] = [];
    core.bus.on('action.ended', (run) => endings.push(run.id));
    const requested = await call(core, 'actions.start', { actionId: 'rollback', params: { service: 'api' }, actor: 'ana', confirmation: 'api' });
    const runId = (requested as { value: ActionRun }).value.id;
    expect(await call(core, 'actions.getRun', { runId })).toMatchObject({ ok: true, value: { ended: false } });
    await call(core, 'actions.cancel', { runId, actor: 'ana' });
    expect(endings).toEqual([runId]);
    expect(await call(core, 'actions.getRun', { runId })).toMatchObject({ ok: true, value: { run: { state: 'cancelled' }, ended: true } });
  });

  it('exports the audit trail in pages of exact JSON lines', async () => {
    const { core } = setUp(true);
    for (const actor of ['a', 'b', 'c']) await call(core, 'actions.start', { actionId: 'format-disk', actor });
    const all: string[] = [];
    core.store.audit.export((line) => all.push(line));
    expect(all).toHaveLength(3);
    const first = await call(core, 'audit.export', { limit: 2 });
    expect(first).toEqual({ ok: true, value: { lines: all.slice(0, 2), nextSeq: 3 } });
    expect(await call(core, 'audit.export', { sinceSeq: 3, limit: 2 })).toEqual({ ok: true, value: { lines: all.slice(2), nextSeq: null } });
  });
});
