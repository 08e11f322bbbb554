/**
 * `load-suite-passed` (and `load-profiles-passed`) with exceptions: the bundled rehearsal config
 * with a criterion on its API suite, evidence written through the real repos, a fake clock.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardEvaluation } from '../../../shared/domain/board.js';
import { loadConfigFile } from '../config/load-config.js';
import type { CoreParts } from '../core.js';
import { buildLoadRun } from '../load/report/testing/load-run-fixtures.js';
import { fakeClock, type FakeClock } from '../testing/fake-clock.js';
import { makeCoreParts, REHEARSAL_CONFIG } from '../testing/make-core.js';
import { makeTempDir } from '../testing/temp-dir.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

/** The rehearsal config with one more criterion: every test of the API suite met its thresholds. */
function setup(): { core: CoreParts; clock: FakeClock; criterion: () => BoardEvaluation['criteria'][number] } {
  const temp = makeTempDir('warroom-suite-rule-');
  cleanups.push(() => temp.remove());
  const text = readFileSync(REHEARSAL_CONFIG, 'utf8').replace(
    /\n {2}criteria:\n/,
    '\n  criteria:\n    api-suite:\n      title: "All API load tests meeting thresholds"\n      group: technical\n      category: performance\n      rule: { type: load-suite-passed, suite: api }\n' +
      '    smoke-only:\n      title: "The smoke profile meeting thresholds"\n      group: technical\n      category: performance\n      rule: { type: load-profiles-passed, profiles: [smoke] }\n',
  );
  const path = join(temp.path, 'warroom.yaml');
  writeFileSync(path, text);
  // Relative paths of the rehearsal config (scripts) resolve beside the bundled file; none run here.
  const clock = fakeClock();
  const core = makeCoreParts({ loaded: loadConfigFile(path), clock, timers: clock });
  cleanups.push(() => core.close());
  return {
    core,
    clock,
    criterion: () => {
      const found = core.board.get({}).criteria.find((c) => c.id === 'api-suite');
      if (!found) throw new Error('no criterion api-suite');
      return found;
    },
  };
}

function storeLoadRun(core: CoreParts, profile: string, startedAt: number, failed = false): number {
  const { summary } = buildLoadRun({ seconds: 5, startedAt, ...(failed ? { thresholds: [{ expression: 'p(95) < 1' }] } : {}) });
  const run = core.store.loadRuns.create({ profile, scenario: 'api-mix', environment: 'rehearsal', baseUrl: 'http://127.0.0.1:8009', actor: 'ana', model: 'closed', plannedMs: 5000, startedAt });
  core.store.loadRuns.finish(run.id, summary, summary.endedAt);
  return run.id;
}

describe('load-suite-passed', () => {
  it('reads the newest judged run of each test of the suite, counts exceptions as such, and is never a stale green', () => {
    const { core, clock, criterion } = setup();
    expect(criterion()).toMatchObject({ state: 'unknown', why: 'suite API load tests: no run of smoke, api-normal, api-peak, api-endurance in rehearsal' });

    for (const profile of ['smoke', 'api-normal', 'api-peak']) storeLoadRun(core, profile, clock.now());
    const failing = storeLoadRun(core, 'api-endurance', clock.now(), true);
    clock.advance(MIN);
    expect(criterion()).toMatchObject({ state: 'not-met', why: expect.stringMatching(/^suite API load tests: failed: api-endurance failed on p\(95\) < 1 /) });

    // The failed threshold accepted for a day: met, and the board says on what.
    core.loadSuites.addException({ runId: failing, expression: 'p(95) < 1', reason: 'the stub platform is slow on purpose', owner: 'Lee', expiresAt: clock.now() + DAY, actor: 'ana' });
    const met = criterion();
    expect(met.state).toBe('met');
    expect(met.evidence[0]).toMatchObject({ what: 'suite API load tests: passed with 1 exception', at: null });
    expect(met.evidence.map((e) => e.what)).toContain(`load api-endurance: passed with 1 exception (run #${failing})`);

    // The exception expires: failed again, nothing lost.
    clock.advance(DAY);
    expect(criterion().state).toBe('not-met');
    core.loadSuites.addException({ runId: failing, expression: 'p(95) < 1', reason: 'accepted again for the week', owner: 'Lee', expiresAt: clock.now() + 30 * DAY, actor: 'ana' });
    expect(criterion().state).toBe('met');

    // Runs older than the criterion's max age (7 days) never count as green.
    clock.advance(7 * DAY);
    expect(criterion()).toMatchObject({ state: 'stale', why: expect.stringMatching(/^evidence is 8 d old \(max 7 d\)/) });

    // A fresh passing run of each: met, no exception named.
    for (const profile of ['smoke', 'api-normal', 'api-peak', 'api-endurance']) storeLoadRun(core, profile, clock.now());
    clock.advance(MIN);
    const fresh = criterion();
    expect(fresh.state).toBe('met');
    expect(fresh.evidence.map((e) => e.what).filter((w) => w.includes('exception'))).toEqual([]);
  });

  it('as of a past moment sees only the exceptions standing then', () => {
    const { core, clock } = setup();
    for (const profile of ['smoke', 'api-normal', 'api-peak']) storeLoadRun(core, profile, clock.now());
    const failing = storeLoadRun(core, 'api-endurance', clock.now(), true);
    clock.advance(MIN);
    const before = clock.now();
    clock.advance(MIN);
    core.loadSuites.addException({ runId: failing, expression: 'p(95) < 1', reason: 'known', owner: 'Lee', expiresAt: clock.now() + DAY, actor: 'ana' });
    const at = (asOf: number) => core.board.get({ asOf }).criteria.find((c) => c.id === 'api-suite')!.state;
    expect(at(before)).toBe('not-met');
    expect(at(clock.now())).toBe('met');
  });

  it('a withdrawn exception stops counting at its withdrawal (as of before it, it still counted); the next expiry is when the board looks again', () => {
    const { core, clock } = setup();
    for (const profile of ['smoke', 'api-normal', 'api-peak']) storeLoadRun(core, profile, clock.now());
    const failing = storeLoadRun(core, 'api-endurance', clock.now(), true);
    clock.advance(MIN);
    const exception = core.loadSuites.addException({ runId: failing, expression: 'p(95) < 1', reason: 'known', owner: 'Lee', expiresAt: clock.now() + DAY, actor: 'ana' });
    const board = core.board.get({});
    expect(board.criteria.find((c) => c.id === 'api-suite')!.state).toBe('met');
    expect(board.nextChangeAt).toBe(exception.expiresAt);
    clock.advance(MIN);
    const standing = clock.now();
    clock.advance(MIN);
    core.loadSuites.withdrawException(exception.id, 'Kim');
    const at = (asOf: number) => core.board.get({ asOf }).criteria.find((c) => c.id === 'api-suite')!.state;
    expect(at(clock.now())).toBe('not-met');
    expect(at(standing)).toBe('met');
    expect(core.board.get({}).nextChangeAt).not.toBe(exception.expiresAt);
  });

  it('load-profiles-passed reads the newest judged run of each profile named, exceptions counted alike', () => {
    const { core, clock } = setup();
    const state = () => core.board.get({}).criteria.find((c) => c.id === 'smoke-only')!;
    expect(state()).toMatchObject({ state: 'unknown', why: 'no run of smoke in rehearsal' });
    const smoke = storeLoadRun(core, 'smoke', clock.now());
    clock.advance(MIN);
    expect(state()).toMatchObject({ state: 'met', evidence: [{ link: { kind: 'load-run', id: String(smoke) }, by: 'ana' }] });
    const failing = storeLoadRun(core, 'smoke', clock.now(), true);
    clock.advance(MIN);
    expect(state()).toMatchObject({ state: 'not-met', why: expect.stringMatching(new RegExp(`^failed: smoke failed on p\\(95\\) < 1 .*\\(run #${failing}\\)$`)) });
    core.loadSuites.addException({ runId: failing, expression: 'p(95) < 1', reason: 'known', owner: 'Lee', expiresAt: clock.now() + DAY, actor: 'ana' });
    expect(state().state).toBe('met');
    expect(state().evidence.map((e) => e.what)).toContain(`load smoke: passed with 1 exception (run #${failing})`);
  });
});
