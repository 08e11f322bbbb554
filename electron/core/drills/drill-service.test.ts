/**
 * Drills through the core's commands, with real scripts as real child processes: steps in order
 * with their action runs and JUnit reports, a failing step that stops the drill with a verdict and
 * offers the recovery, cancel, refusals (busy target, fault outside rehearsal), and a drill left
 * running by a Warroom that stopped, marked interrupted on restart.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandInput, CommandName, CommandOutput } from '../../../shared/contract/index.js';
import { fakeClock } from '../../../shared/testing/fake-clock.js';
import { parseConfigText } from '../config/load-config.js';
import { createCoreParts } from '../core.js';
import type { CoreOptions, CoreParts } from '../core.js';
import { silentLogger } from '../logger.js';
import { openStore } from '../store/store.js';
import { nextEvent } from '../testing/next-event.js';
import { makeTempDir } from '../testing/temp-dir.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CONFIG = (environment: 'rehearsal' | 'staging') => `version: 1
name: drills test
defaultEnvironment: ${environment}
environments:
  rehearsal: { label: Rehearsal, rehearsal: true }
  staging: { label: Staging }
services:
  api: { name: API, baseUrl: "http://127.0.0.1:9" }
actions:
  check:
    label: Check
    argv: [./scripts/ok.sh, check]
    confirm: none
  deploy:
    label: Deploy
    argv: [./scripts/ok.sh, "deploy {version}"]
    params: { version: { type: choice, choices: ["1.0", "2.0"] } }
    confirm: type-environment
  smoke:
    label: Smoke tests
    kind: validate
    argv: [./scripts/junit.sh, "{outcome}"]
    params: { outcome: { type: choice, choices: [pass, fail] } }
    junit: reports/smoke.xml
    confirm: none
  broken:
    label: Broken
    argv: [./scripts/fail.sh]
    confirm: none
  hang:
    label: Hang
    argv: [./scripts/hang.sh]
    confirm: none
  rollback:
    label: Roll back
    kind: rollback
    argv: [./scripts/ok.sh, rolled back]
    confirm: type-environment
drills:
  release:
    label: Release rehearsal
    steps:
      - { name: Pre-deployment check, action: check }
      - { name: Deploy, action: deploy, params: { version: "2.0" } }
      - { name: Verify in the console, manual: "Open the console and check the goals list" }
      - { name: Smoke tests, action: smoke, params: { outcome: pass } }
  failing-tests:
    label: Failing smoke tests
    steps:
      - { name: Deploy, action: deploy, params: { version: "1.0" } }
      - { name: Smoke tests, action: smoke, params: { outcome: fail } }
      - { name: Never reached, action: check }
    recovery: { name: Complete rollback, action: rollback }
  broken:
    label: Broken step
    confirm: click
    steps:
      - { name: Check, action: check }
      - { name: Broken script, action: broken }
      - { name: Never reached, action: check }
  long:
    label: Long step
    confirm: none
    steps:
      - { name: Hang, action: hang }
      - { name: After, action: check }
  outage:
    label: Outage drill
    confirm: none
    steps:
      - { name: Stop the API, fault: { service: api, kind: stop } }
      - { name: API down, wait: { until: not-ready, services: [api] } }
  wait-ready:
    label: Wait for the API
    confirm: none
    steps:
      - { name: API ready, wait: { until: ready, services: [api], timeout: 5s } }
`;

function setUp(options: { environment?: 'rehearsal' | 'staging'; dir?: string; core?: Partial<CoreOptions> } = {}): { core: CoreParts; dir: string } {
  let dir = options.dir;
  if (!dir) {
    const temp = makeTempDir();
    cleanups.push(() => temp.remove());
    dir = temp.path;
    const scripts = join(dir, 'scripts');
    mkdirSync(scripts);
    const script = (name: string, body: string) => {
      writeFileSync(join(scripts, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(scripts, name), 0o755);
    };
    script('ok.sh', 'echo "$1 done"');
    script('fail.sh', 'echo "migration 0042 failed: relation goals exists" >&2; exit 3');
    script('hang.sh', 'sleep 300 & wait');
    // Writes a JUnit report where Warroom says, the way a test runner would.
    script(
      'junit.sh',
      `failure=""; [ "$1" = fail ] && failure='<failure message="expected 201, got 500"/>'
cat > "$WARROOM_JUNIT_REPORT" <<XML
<testsuites><testsuite name="smoke"><testcase classname="api" name="creates a goal">$failure</testcase><testcase classname="api" name="lists agents"/><testcase classname="api" name="console"><skipped/></testcase></testsuite></testsuites>
XML
echo "smoke $1"`,
    );
    mkdirSync(join(dir, 'reports'));
  }
  const text = CONFIG(options.environment ?? 'rehearsal');
  const path = join(dir, 'warroom.yaml');
  writeFileSync(path, text);
  const core = createCoreParts({
    loaded: { config: parseConfigText(text, path), path, bundled: false },
    dataDir: join(dir, 'data'),
    shell: 'test',
    ownership: 'owner',
    logger: silentLogger,
    probing: false,
    env: { PATH: process.env.PATH },
    ...options.core,
  });
  cleanups.push(() => core.close());
  return { core, dir };
}

const operator = { role: 'operator' as const, transport: 'memory' as const };
async function call<N extends CommandName>(core: CoreParts, name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
  const result = await core.dispatch(name, input, operator);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}
async function refusal(core: CoreParts, name: CommandName, input: unknown) {
  const result = await core.dispatch(name, input, operator);
  if (result.ok) throw new Error(`${name} was not refused`);
  return result.error;
}

/** The step a run waits on, once it waits. */
function waitingStep(core: CoreParts, runId: number, index: number): Promise<unknown> {
  const stored = core.store.drillRuns.get(runId);
  if (stored?.steps[index]?.state === 'waiting') return Promise.resolve();
  return nextEvent(core.bus, 'drills.step', ({ run }) => run.id === runId && run.steps[index]?.state === 'waiting', 10_000);
}

describe('drills', () => {
  it('runs every step in order, waits for the manual check, and stores one record with its action runs and test report', async () => {
    const { core } = setUp();
    const steps: string[] = [];
    core.bus.on('drills.step', ({ run, index }) => steps.push(`${index}:${run.steps[index]!.state}`));
    const output: string[] = [];
    core.bus.on('action.output', (chunk) => output.push(chunk.text));

    expect(await refusal(core, 'drills.start', { drillId: 'release', actor: 'ana' })).toMatchObject({ code: 'invalid_input', message: 'type "rehearsal" to confirm' });
    const started = await call(core, 'drills.start', { drillId: 'release', actor: 'ana', confirmation: 'rehearsal' });
    expect(started).toMatchObject({ drillId: 'release', state: 'running', actor: 'ana' });

    await waitingStep(core, started.id, 2);
    expect(await refusal(core, 'drills.confirmStep', { runId: started.id, step: 3, actor: 'bo' })).toMatchObject({ code: 'conflict', message: expect.stringContaining('step 3 waits') });
    await call(core, 'drills.confirmStep', { runId: started.id, step: 2, actor: 'bo' });
    const ended = await core.drills.finished(started.id);

    expect(ended).toMatchObject({ state: 'passed', stoppedAt: null, verdict: expect.stringMatching(/^passed: 4 steps in /) });
    expect(ended.steps.map((s) => [s.name, s.state])).toEqual([
      ['Pre-deployment check', 'passed'],
      ['Deploy', 'passed'],
      ['Verify in the console', 'passed'],
      ['Smoke tests', 'passed'],
    ]);
    expect(ended.steps[2]).toMatchObject({ kind: 'manual', prompt: 'Open the console and check the goals list', confirmedBy: 'bo', detail: 'confirmed by bo' });
    for (const step of ended.steps) expect(step.startedAt! <= step.endedAt!).toBe(true);
    // The deploy asks for the environment's name: the drill's own confirmation stood for it.
    const deploy = core.store.actionRuns.get(ended.steps[1]!.actionRunId!);
    expect(deploy).toMatchObject({ actionId: 'deploy', state: 'succeeded', params: { version: '2.0' }, actor: 'ana' });
    expect(output.join('')).toContain('deploy 2.0 done');
    expect(ended.steps[3]!.testReport).toMatchObject({ file: 'reports/smoke.xml', problem: null, tests: 3, passed: 2, failed: 0, skipped: 1 });
    expect(steps.slice(0, 3)).toEqual(['0:running', '0:running', '0:passed']);

    // One record, as stored and as the contract answers it; evidence for the board.
    expect(await call(core, 'drills.getRun', { runId: started.id })).toEqual(ended);
    expect(await call(core, 'drills.listRuns', { drillId: 'release', limit: 5 })).toEqual([ended]);
    expect(core.drills.lastPassedDrill('release', 'rehearsal', ended.startedAt)).toEqual({ runId: ended.id, finishedAt: ended.endedAt, environment: 'rehearsal' });
    expect(core.drills.lastPassedDrill('release', 'rehearsal', ended.endedAt! + 1)).toBeNull();
    expect(core.drills.lastPassedDrill('release', 'staging', 0)).toBeNull();
    expect(core.drills.latestTestReport('smoke', 'rehearsal', 0)).toMatchObject({ environment: 'rehearsal', report: { passed: 2, failed: 0 } });
    const overview = await call(core, 'drills.list', {});
    expect(overview.drills.find((d) => d.id === 'release')).toMatchObject({ allowedHere: true, lastPassed: { runId: ended.id } });
    expect(overview.active).toBeNull();
  });

  it('stops at a failing test report with the failing test named, skips the rest, and runs the recovery once accepted', async () => {
    const { core } = setUp();
    const started = await call(core, 'drills.start', { drillId: 'failing-tests', actor: 'ana', confirmation: 'rehearsal' });
    await waitingStep(core, started.id, 3);
    const offered = core.store.drillRuns.get(started.id)!;
    expect(offered).toMatchObject({ state: 'recovery_offered', stoppedAt: 1, endedAt: null });
    expect(offered.verdict).toMatch(/^failed at step 2 \(Smoke tests\): action smoke \(run \d+\): succeeded; tests: 1 passed, 1 failed, 1 skipped; failing: smoke › api › creates a goal$/);
    expect(offered.steps.map((s) => s.state)).toEqual(['passed', 'failed', 'skipped', 'waiting']);
    expect(offered.steps[1]!.testReport?.failing).toEqual([{ name: 'smoke › api › creates a goal', kind: 'failure', message: 'expected 201, got 500' }]);
    // The target stays held while the recovery is being decided.
    expect(await refusal(core, 'drills.start', { drillId: 'long', actor: 'bo' })).toMatchObject({ code: 'conflict', message: expect.stringContaining(`drill "failing-tests" (run ${started.id}, started by ana) is offering its recovery`) });

    await call(core, 'drills.confirmStep', { runId: started.id, step: 3, actor: 'bo' });
    const ended = await core.drills.finished(started.id);
    expect(ended.state).toBe('failed');
    expect(ended.verdict).toMatch(/; recovery "Complete rollback" passed$/);
    expect(ended.steps[3]).toMatchObject({ recovery: true, state: 'passed', confirmedBy: 'bo' });
    expect(core.store.actionRuns.get(ended.steps[3]!.actionRunId!)).toMatchObject({ actionId: 'rollback', state: 'succeeded' });
    expect(core.drills.lastPassedDrill('failing-tests', 'rehearsal', 0)).toBeNull();
  });

  it('stops at a failing script with its exit code in the verdict', async () => {
    const { core } = setUp();
    const started = await call(core, 'drills.start', { drillId: 'broken', actor: 'ana' });
    const ended = await core.drills.finished(started.id);
    expect(ended).toMatchObject({ state: 'failed', stoppedAt: 1 });
    expect(ended.verdict).toMatch(/^failed at step 2 \(Broken script\): action broken \(run \d+\): failed \(exit code 3\)$/);
    expect(ended.steps.map((s) => s.state)).toEqual(['passed', 'failed', 'skipped']);
    expect(ended.steps[2]!.actionRunId).toBeNull();
    const output = await core.dispatch('actions.output', { runId: ended.steps[1]!.actionRunId! }, operator);
    expect(output).toMatchObject({ ok: true, value: { text: expect.stringContaining('migration 0042 failed') } });
  });

  it('cancels the step that runs (its process tree too) and skips the rest', async () => {
    const { core } = setUp();
    const spawned = nextEvent(core.bus, 'action.changed', (run) => run.actionId === 'hang' && run.pid !== null, 10_000);
    const started = await call(core, 'drills.start', { drillId: 'long', actor: 'ana' });
    await spawned;
    await call(core, 'drills.cancel', { runId: started.id, actor: 'bo' });
    const ended = await core.drills.finished(started.id);
    expect(ended).toMatchObject({ state: 'cancelled', stoppedAt: 0, verdict: 'cancelled by bo during step 1 (Hang)' });
    expect(ended.steps.map((s) => s.state)).toEqual(['cancelled', 'skipped']);
    expect(core.store.actionRuns.get(ended.steps[0]!.actionRunId!)).toMatchObject({ state: 'cancelled' });
    expect(await refusal(core, 'drills.cancel', { runId: started.id, actor: 'bo' })).toMatchObject({ code: 'conflict', message: `drill run ${started.id} is not running (cancelled)` });
  });

  it('refuses a drill while an action or another drill runs in the environment, naming it', async () => {
    const { core } = setUp();
    const action = await call(core, 'actions.start', { actionId: 'hang', actor: 'cy' });
    expect(await refusal(core, 'drills.start', { drillId: 'broken', actor: 'ana' })).toMatchObject({
      code: 'conflict',
      message: `action "hang" (run ${action.id}, started by cy) is running in rehearsal: one drill at a time, and none while an action runs`,
    });
    await call(core, 'actions.cancel', { runId: action.id, actor: 'cy' });
    await core.actions.finished(action.id);

    const spawned = nextEvent(core.bus, 'action.changed', (run) => run.actionId === 'hang' && run.pid !== null, 10_000);
    const first = await call(core, 'drills.start', { drillId: 'long', actor: 'ana' });
    await spawned;
    expect(await refusal(core, 'drills.start', { drillId: 'broken', actor: 'bo' })).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(`drill "long" (run ${first.id}, started by ana) is running in rehearsal, at step 1 (Hang)`),
    });
    expect(core.store.drillRuns.list({ limit: 10 })).toHaveLength(1);
  });

  it('refuses a drill that injects faults outside a rehearsal environment, before any step runs', async () => {
    const { core } = setUp({ environment: 'staging' });
    const list = await call(core, 'drills.list', {});
    expect(list.drills.find((d) => d.id === 'outage')).toMatchObject({ allowedHere: false, refusal: expect.stringContaining('staging is not one') });
    expect(await refusal(core, 'drills.start', { drillId: 'outage', actor: 'ana' })).toMatchObject({
      code: 'forbidden',
      message: 'outage injects a fault ("Stop the API"): only in a rehearsal environment, and staging is not one',
    });
    expect(core.store.drillRuns.list({ limit: 10 })).toEqual([]);
  });

  it('fails a fault step the platform cannot take, with the platform\'s reason', async () => {
    // Rehearsal environment, but no platform runs in this test.
    const { core } = setUp();
    const ended = await core.drills.finished((await call(core, 'drills.start', { drillId: 'outage', actor: 'ana' })).id);
    expect(ended).toMatchObject({ state: 'failed', stoppedAt: 0 });
    expect(ended.steps[0]!.detail).toMatch(/^fault api stop: /);
    expect(ended.steps.map((s) => s.state)).toEqual(['failed', 'skipped']);
  });

  it('waits for health on the core clock and fails at the timeout naming what is not ready', async () => {
    const clock = fakeClock();
    const { core } = setUp({ core: { clock, timers: clock } });
    const looked = () => nextEvent(core.bus, 'drills.step', ({ run }) => (run.steps[0]!.detail ?? '').startsWith('waiting'), 10_000);
    let look = looked();
    const started = await call(core, 'drills.start', { drillId: 'wait-ready', actor: 'ana' });
    const finished = core.drills.finished(started.id);
    // Each look at health is a real probe of a closed port; the pause between two looks is on the core clock.
    while ((await Promise.race([look.then(() => 'looked' as const), finished.then(() => 'ended' as const)])) === 'looked') {
      look = looked();
      await clock.advanceAsync(1000);
    }
    // The drill ended: no further look will come, and the last listener's timeout says nothing.
    look.catch(() => undefined);
    const ended = await finished;
    expect(ended).toMatchObject({ state: 'failed', stoppedAt: 0 });
    expect(ended.verdict).toMatch(/^failed at step 1 \(API ready\): not ready after 5 s: api down/);
  });

  it('marks a drill that a stopped Warroom left running as interrupted at its step, on the owner\'s restart only', async () => {
    const { core, dir } = setUp();
    const started = await call(core, 'drills.start', { drillId: 'release', actor: 'ana', confirmation: 'rehearsal' });
    await waitingStep(core, started.id, 2);
    // Closing mid-drill: the drill ends interrupted at the step it was on, never "running".
    await core.close();
    const closed = openStore({ dataDir: join(dir, 'data'), now: Date.now });
    expect(closed.drillRuns.get(started.id)).toMatchObject({ state: 'interrupted', stoppedAt: 2, verdict: 'interrupted: Warroom stopped during step 3 (Verify in the console)' });
    expect(closed.drillRuns.get(started.id)!.steps.map((s) => s.state)).toEqual(['passed', 'passed', 'interrupted', 'skipped']);

    // A Warroom killed mid-drill leaves the record running, at its step.
    const crashed = closed.drillRuns.create({ drillId: 'long', label: 'Long step', environment: 'rehearsal', actor: 'bo', startedAt: Date.now(), steps: [
      { name: 'Hang', kind: 'action', recovery: false, prompt: null },
      { name: 'After', kind: 'action', recovery: false, prompt: null },
    ] });
    closed.drillRuns.step(crashed.id, 0, { state: 'running', startedAt: Date.now() });
    closed.close();

    const guest = setUp({ dir, core: { ownership: 'guest' } }).core;
    expect(guest.store.drillRuns.get(crashed.id)!.state).toBe('running');
    await guest.close();
    const owner = setUp({ dir }).core;
    expect(owner.store.drillRuns.get(crashed.id)).toMatchObject({ state: 'interrupted', stoppedAt: 0, verdict: 'interrupted: Warroom stopped during step 1 (Hang)' });
    expect(owner.store.drillRuns.get(crashed.id)!.steps.map((s) => s.state)).toEqual(['interrupted', 'skipped']);
    expect(owner.store.drillRuns.active()).toEqual([]);
  });
});
