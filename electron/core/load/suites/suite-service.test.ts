/**
 * Load suites on a real core (real SQLite, the real load engine in worker threads) against a
 * local target: order, stop on failure or continue, cancel, interrupted by a stopped Warroom and
 * resumed, baselines compared, exceptions that pass a failed run and stop counting at expiry.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandClient, WireEvent } from '../../../../shared/contract/index.js';
import { RpcCallError } from '../../../../shared/contract/index.js';
import { LoadSuitesOverviewSchema } from '../../../../shared/domain/load-suites.js';
import type { LoadException } from '../../../../shared/domain/load-suites.js';
import { loadConfigFile } from '../../config/load-config.js';
import { createCoreParts, type CoreParts } from '../../core.js';
import { silentLogger } from '../../logger.js';
import { createCoreClient } from '../../rpc/core-client.js';
import { fakeClock, type FakeClock } from '../../testing/fake-clock.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { startLoadTarget, type LoadTarget } from '../testing/load-target.js';

const HOUR = 3_600_000;

let target: LoadTarget;
beforeAll(async () => {
  target = await startLoadTarget();
});
afterAll(() => target?.close());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

const config = (url: string) => `version: 1
name: suites test
defaultEnvironment: production
environments:
  production: { label: Production, production: true }
services:
  api: { name: API, baseUrl: "${url}" }
probes: { standard: false }
load:
  scenarios:
    mix:
      service: api
      thinkTime: { min: 50ms, max: 50ms }
      requests:
        - { name: GET /fast, path: /fast }
    broken:
      service: api
      thinkTime: { min: 50ms, max: 50ms }
      requests:
        - { name: GET /status/500, path: /status/500 }
  thresholds:
    - p(95) < 500
    - rate(errors) < 0.01
  profiles:
    light: { model: closed, users: 2, duration: 1s, scenario: mix }
    normal: { model: closed, users: 3, duration: 1s, scenario: mix }
    failing: { model: closed, users: 2, duration: 1s, scenario: broken }
    long: { model: closed, users: 2, duration: 10m, scenario: mix }
  suites:
    baseline: { title: Baseline suite, profiles: [light, normal] }
    strict: { profiles: [failing, light], onFailure: stop }
    lenient: { profiles: [failing, light], onFailure: continue }
    endless: { profiles: [light, long, normal] }
`;

interface Harness {
  core: CoreParts;
  client: CommandClient;
  clock: FakeClock;
  events: WireEvent[];
  dataDir: string;
  configPath: string;
}

function start(existing?: { dataDir: string; configPath: string; clock: FakeClock }): Harness {
  let dataDir = existing?.dataDir;
  let configPath = existing?.configPath;
  if (!dataDir || !configPath) {
    const temp = makeTempDir('warroom-suites-');
    cleanups.push(() => temp.remove());
    configPath = join(temp.path, 'warroom.yaml');
    writeFileSync(configPath, config(target.url));
    dataDir = join(temp.path, 'data');
  }
  const clock = existing?.clock ?? fakeClock();
  const core = createCoreParts({ loaded: loadConfigFile(configPath), dataDir, shell: 'test', ownership: 'owner', logger: silentLogger, probing: false, clock, timers: clock });
  const events: WireEvent[] = [];
  const off = core.bus.subscribe((event) => events.push(event));
  cleanups.push(() => core.close(), off);
  return { core, client: createCoreClient(core, { role: 'operator', transport: 'memory' }), clock, events, dataDir, configPath };
}

async function refusal(call: Promise<unknown>): Promise<RpcCallError> {
  const error: unknown = await call.then(() => null, (e: unknown) => e);
  if (!(error instanceof RpcCallError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

async function runSuite(h: Harness, suite: string) {
  const started = await h.client.call('load.startSuite', { suite, actor: 'ana' });
  return h.core.loadSuites.finished(started.id);
}

// Real load runs (a second each, worker threads started per run) on a loaded machine.
describe('load suites', { timeout: 90_000 }, () => {
  it('runs the profiles in order, one suite run with its member runs, and a report linking each test', async () => {
    const h = start();
    const started = await h.client.call('load.startSuite', { suite: 'baseline', actor: 'ana' });
    expect(started).toMatchObject({ suite: 'baseline', title: 'Baseline suite', state: 'running', plannedMs: 2000, members: [{ profile: 'light' }, { profile: 'normal' }] });
    await refusal(h.client.call('load.startSuite', { suite: 'baseline', actor: 'bo' })).then((e) => expect(e.code).toBe('conflict'));
    const ended = await h.core.loadSuites.finished(started.id);
    expect(ended).toMatchObject({ state: 'completed', stoppedOn: null, verdict: { verdict: 'passed', exceptions: 0, line: 'passed' } });
    expect(ended.members.map((m) => [m.profile, m.run?.state, m.verdict?.line])).toEqual([['light', 'passed', 'passed'], ['normal', 'passed', 'passed']]);
    const [first, second] = ended.members.map((m) => m.run!);
    expect(second!.startedAt).toBeGreaterThanOrEqual(first!.endedAt!);
    expect((await h.client.call('load.getRun', { runId: second!.id })).run.profile).toBe('normal');

    // The overview announced on the way: the last one has the ended suite and both verdicts.
    expect(h.events.filter((e) => e.name === 'core.problems')).toEqual([]);
    const last = h.events.filter((e) => e.name === 'load.suitesChanged').at(-1)!;
    const overview = LoadSuitesOverviewSchema.parse(last.payload);
    expect(overview.active).toBeNull();
    expect(overview.runs[0]).toMatchObject({ id: started.id, state: 'completed' });
    expect(overview.verdicts[String(first!.id)]).toMatchObject({ verdict: 'passed' });

    // One self-contained file: the suite's table links down to each test's whole report in it.
    const { files } = await h.client.call('load.suiteReport', { suiteRunId: started.id });
    expect(files).toHaveLength(1);
    const [report] = files;
    expect(report!.filename).toMatch(/^warroom-suite-baseline-\d+-\d{8}-\d{4}\.html$/);
    expect(report!.content).toContain('Baseline suite');
    for (const member of overview.runs[0]!.members) {
      const run = member.run!;
      expect(report!.content).toContain(`<a href="#run-${run.id}">${member.profile}</a>`);
      const section = report!.content.slice(report!.content.indexOf(`<article class="suite-test" id="run-${run.id}">`));
      expect(section).toMatch(new RegExp(`^<article class="suite-test" id="run-${run.id}">[\\s\\S]*<h2>${member.profile} <span class="muted">#${run.id}</span></h2>[\\s\\S]*<h2>Endpoints</h2>`));
    }
    expect(report!.content.match(/<html/g)).toHaveLength(1);
    expect(report!.content).not.toMatch(/<script/i);
  });

  it('stops at the first test that does not pass, or goes on when the suite says continue', async () => {
    const h = start();
    const strict = await runSuite(h, 'strict');
    expect(strict).toMatchObject({ state: 'stopped', stoppedOn: 'failing', verdict: { verdict: 'failed' } });
    expect(strict.members.map((m) => m.run?.state ?? null)).toEqual(['failed', null]);
    expect(strict.verdict.line).toMatch(/^failed: failing failed: rate\(errors\) < 0\.01/);

    const lenient = await runSuite(h, 'lenient');
    expect(lenient).toMatchObject({ state: 'completed', verdict: { verdict: 'failed' } });
    expect(lenient.members.map((m) => m.run?.state)).toEqual(['failed', 'passed']);
  });

  it('passes with a documented exception until the exception expires; both are audited', async () => {
    const h = start();
    const suite = await runSuite(h, 'lenient');
    const failedRun = suite.members[0]!.run!;
    const run = (await h.client.call('load.getRun', { runId: failedRun.id })).run;
    const failedThresholds = run.summary!.thresholds.filter((t) => !t.passed);
    expect(failedThresholds.map((t) => t.expression)).toContain('rate(errors) < 0.01');

    const bad = await refusal(h.client.call('load.addException', { runId: failedRun.id, expression: 'p(99) < 1', reason: 'x', owner: 'bo', expiresAt: h.clock.now() + HOUR, actor: 'ana' }));
    expect(bad).toMatchObject({ code: 'invalid_input' });
    expect(bad.message).toMatch(/has no threshold "p\(99\) < 1"/);
    const past = await refusal(h.client.call('load.addException', { runId: failedRun.id, expression: 'rate(errors) < 0.01', reason: 'x', owner: 'bo', expiresAt: h.clock.now(), actor: 'ana' }));
    expect(past.message).toMatch(/expiresAt must be in the future/);
    const passedRun = suite.members[1]!.run!;
    expect((await refusal(h.client.call('load.addException', { runId: passedRun.id, expression: 'p(95) < 500', reason: 'x', owner: 'bo', expiresAt: h.clock.now() + HOUR, actor: 'ana' }))).code).toBe('conflict');

    for (const t of failedThresholds) {
      await h.client.call('load.addException', { runId: failedRun.id, expression: t.expression, reason: 'the 500s are the stub, not the API', owner: 'bo', expiresAt: h.clock.now() + HOUR, actor: 'ana' });
    }
    const excused = await h.client.call('load.getSuiteRun', { suiteRunId: suite.id });
    const n = failedThresholds.length;
    expect(excused.verdict).toEqual({ verdict: 'passed', exceptions: n, line: `passed with ${n} exception${n === 1 ? '' : 's'}` });
    expect(excused.members[0]!.verdict).toMatchObject({ verdict: 'passed', exceptions: n });
    const audit = await h.client.call('audit.tail', { limit: 10 });
    expect(audit.filter((e) => e.event === 'load_exception')).toHaveLength(n);

    h.clock.advance(HOUR);
    const expired = await h.client.call('load.getSuiteRun', { suiteRunId: suite.id });
    expect(expired.verdict.verdict).toBe('failed');
    expect(expired.members[0]!.verdict).toMatchObject({ verdict: 'failed', exceptions: 0 });
  });

  it('withdraws an exception before its expiry: the run fails again at once, the withdrawal is audited and kept', async () => {
    const h = start();
    const suite = await runSuite(h, 'lenient');
    const failedRun = suite.members[0]!.run!;
    const failed = (await h.client.call('load.getRun', { runId: failedRun.id })).run.summary!.thresholds.filter((t) => !t.passed);
    const made: LoadException[] = [];
    for (const t of failed) {
      made.push(await h.client.call('load.addException', { runId: failedRun.id, expression: t.expression, reason: 'the stub', owner: 'bo', expiresAt: h.clock.now() + HOUR, actor: 'ana' }));
    }
    expect((await h.client.call('load.getSuiteRun', { suiteRunId: suite.id })).verdict.verdict).toBe('passed');

    h.clock.advance(60_000);
    const withdrawn = await h.client.call('load.withdrawException', { exceptionId: made[0]!.id, actor: 'lee' });
    expect(withdrawn).toMatchObject({ id: made[0]!.id, withdrawnAt: h.clock.now(), withdrawnBy: 'lee' });
    const after = await h.client.call('load.getSuiteRun', { suiteRunId: suite.id });
    expect(after.members[0]!.verdict).toMatchObject({ verdict: 'failed', exceptions: 0 });
    const overview = await h.client.call('load.suites', {});
    expect(overview.exceptions.find((e) => e.id === made[0]!.id)).toMatchObject({ withdrawnBy: 'lee' });
    expect(overview.verdicts[String(failedRun.id)]!.verdict).toBe('failed');
    const audit = await h.client.call('audit.tail', { limit: 10 });
    expect(audit.filter((e) => e.event === 'load_exception_withdrawn')).toMatchObject([{ actor: 'lee', runId: failedRun.id, detail: { exceptionId: made[0]!.id, owner: 'bo' } }]);

    expect((await refusal(h.client.call('load.withdrawException', { exceptionId: made[0]!.id, actor: 'lee' }))).message).toMatch(/already withdrawn by lee/);
    const again = await h.client.call('load.addException', { runId: failedRun.id, expression: failed[0]!.expression, reason: 'the stub, for a minute', owner: 'bo', expiresAt: h.clock.now() + 60_000, actor: 'ana' });
    h.clock.advance(60_000);
    expect((await refusal(h.client.call('load.withdrawException', { exceptionId: again.id, actor: 'lee' }))).message).toMatch(/already expired/);
  });

  it('compares later runs of a profile with its baseline, and refuses a baseline that did not pass', async () => {
    const h = start();
    const first = await runSuite(h, 'baseline');
    const lightRun = first.members[0]!.run!.id;
    expect(await h.client.call('load.baselineComparison', { runId: lightRun })).toEqual({ baseline: null, comparison: null, regressions: [] });
    const baseline = await h.client.call('load.markBaseline', { runId: lightRun, actor: 'ana' });
    expect(baseline).toMatchObject({ profile: 'light', environment: 'production', runId: lightRun, actor: 'ana' });
    expect((await h.client.call('audit.tail', { limit: 5 }))[0]).toMatchObject({ event: 'load_baseline', runId: lightRun, actor: 'ana' });

    const second = await runSuite(h, 'baseline');
    const answer = await h.client.call('load.baselineComparison', { runId: second.members[0]!.run!.id });
    expect(answer.baseline).toMatchObject({ runId: lightRun });
    expect(answer.comparison!.base.id).toBe(lightRun);
    expect(answer.comparison!.endpoints.map((row) => row.endpoint)).toEqual(['GET /fast']);
    expect(answer.comparison!.total).toMatchObject({ p50ChangePct: expect.any(Number), p99ChangePct: expect.any(Number), rpsChangePct: expect.any(Number) });
    expect((await h.client.call('load.suites', {})).baselines).toEqual([baseline]);

    const failing = (await runSuite(h, 'strict')).members[0]!.run!.id;
    expect((await refusal(h.client.call('load.markBaseline', { runId: failing, actor: 'ana' }))).message).toMatch(/only a passed run can be a baseline/);
  });

  it('cancels the running suite: its test is stopped, no further test starts', async () => {
    const h = start();
    const started = await h.client.call('load.startSuite', { suite: 'endless', actor: 'ana' });
    // Wait for the second test (long) to be going.
    await new Promise<void>((resolve) => {
      const off = h.core.bus.on('load.tick', () => {
        const active = h.core.load.overview().active;
        if (active?.run.profile === 'long') {
          off();
          resolve();
        }
      });
    });
    const cancelled = await h.client.call('load.cancelSuite', { suiteRunId: started.id, actor: 'bo' });
    expect(cancelled.id).toBe(started.id);
    const ended = await h.core.loadSuites.finished(started.id);
    expect(ended).toMatchObject({ state: 'cancelled', stoppedOn: 'long', verdict: { verdict: 'incomplete' } });
    expect(ended.members.map((m) => m.run?.state ?? null)).toEqual(['passed', 'aborted', null]);
    expect(ended.verdict.line).toBe('incomplete: cancelled on long (1 of 3 tests passed)');
  });

  it('marks a suite left running by a stopped Warroom interrupted on its test, and resumes from that test', async () => {
    const first = start();
    const started = await first.client.call('load.startSuite', { suite: 'endless', actor: 'ana' });
    await new Promise<void>((resolve) => {
      const off = first.core.bus.on('load.tick', () => {
        if (first.core.load.overview().active?.run.profile === 'long') {
          off();
          resolve();
        }
      });
    });
    // A crash leaves the rows as they were: the suite running, its test running. Closing the core
    // cleanly would end them; here the store is written as a killed app leaves it.
    const { dataDir, configPath, clock } = first;
    await first.core.close();
    const { openStore } = await import('../../store/store.js');
    const store = openStore({ dataDir, now: () => clock.now() });
    expect(store.loadSuites.get(started.id)).toMatchObject({ state: 'interrupted', stoppedOn: 'long' });
    // Make it look as a crash leaves it: running, like its test.
    store.close();
    const raw = (await import('../../store/db.js')).openDatabase(join(dataDir, 'warroom.db'));
    const longRun = (raw.prepare("SELECT run_id FROM load_suite_members WHERE suite_run_id = ? AND position = 1").get(started.id) as { run_id: number }).run_id;
    raw.prepare("UPDATE load_suite_runs SET state = 'running', ended_at = NULL, stopped_on = NULL WHERE id = ?").run(started.id);
    raw.prepare("UPDATE load_runs SET state = 'running', ended_at = NULL, summary = NULL, decided_by = NULL, error = NULL WHERE id = ?").run(longRun);
    raw.close();

    const second = start({ dataDir, configPath, clock });
    const interrupted = await second.client.call('load.getSuiteRun', { suiteRunId: started.id });
    expect(interrupted).toMatchObject({ state: 'interrupted', stoppedOn: 'long', verdict: { verdict: 'incomplete', line: 'incomplete: interrupted on long (1 of 3 tests passed)' } });
    expect(interrupted.members[1]!.run).toMatchObject({ id: longRun, state: 'interrupted' });

    await refusal(second.client.call('load.resumeSuite', { suiteRunId: 999, actor: 'ana' })).then((e) => expect(e.code).toBe('not_found'));
    const resumed = await second.client.call('load.resumeSuite', { suiteRunId: started.id, actor: 'bo' });
    expect(resumed.state).toBe('running');
    await new Promise<void>((resolve) => {
      const off = second.core.bus.on('load.tick', () => {
        if (second.core.load.overview().active?.run.profile === 'long') {
          off();
          resolve();
        }
      });
    });
    const now = await second.client.call('load.getSuiteRun', { suiteRunId: started.id });
    // The first test is not run again; the one it was on starts afresh, the old run kept beside it.
    expect(now.members[0]!.earlierRunIds).toEqual([]);
    expect(now.members[1]!.earlierRunIds).toEqual([longRun]);
    expect(now.members[1]!.run!.id).not.toBe(longRun);
    await second.client.call('load.cancelSuite', { suiteRunId: started.id, actor: 'bo' });
    await second.core.loadSuites.finished(started.id);
    await refusal(second.client.call('load.resumeSuite', { suiteRunId: started.id, actor: 'bo' })).then((e) => expect(e.message).toMatch(/is cancelled: only an interrupted suite/));
  });
});
