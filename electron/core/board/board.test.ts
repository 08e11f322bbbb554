/**
 * The board on a real core (the bundled rehearsal config and its criteria) with evidence written
 * through the real repos, and time moved by a fake clock.
 */
import { drillEvidenceOf } from '../drills/drill-evidence.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardEvaluation } from '../../../shared/domain/board.js';
import type { HealthStatus } from '../../../shared/domain/probes.js';
import { RpcCallError } from '../../../shared/contract/errors.js';
import type { CoreParts } from '../core.js';
import { createCoreClient } from '../rpc/core-client.js';
import { fakeClock } from '../testing/fake-clock.js';
import type { FakeClock } from '../testing/fake-clock.js';
import { makeCoreParts } from '../testing/make-core.js';
import { buildLoadRun } from '../load/report/testing/load-run-fixtures.js';
import { createBoardService } from './board-service.js';
import type { SecurityGatePort } from './ports.js';
import type { SecurityGate } from '../../../shared/domain/security.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

const cores: CoreParts[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

function setup(): { core: CoreParts; clock: FakeClock; board: () => BoardEvaluation } {
  const clock = fakeClock();
  const core = makeCoreParts({ clock, timers: clock });
  cores.push(core);
  return { core, clock, board: () => core.board.get({}) };
}

const criterion = (board: BoardEvaluation, id: string) => {
  const found = board.criteria.find((c) => c.id === id);
  if (!found) throw new Error(`no criterion ${id}`);
  return found;
};

/** Every service of the config gets a status at `at` and a probe result then. */
function observeAll(core: CoreParts, at: number, status: (service: string) => HealthStatus = () => 'up'): void {
  for (const service of Object.keys(core.config.services)) {
    core.store.healthTransitions.record('rehearsal', { service, probeId: null, at, from: 'unknown', to: status(service), reason: 'probed', causedBy: null });
  }
  probeAgain(core, at);
}

function probeAgain(core: CoreParts, at: number): void {
  core.store.probeResults.insertMany(
    'rehearsal',
    Object.keys(core.config.services).map((service) => ({ probeId: `${service}/ready`, service, at, outcome: 'up' as const, latencyMs: 5, detail: 'HTTP 200' })),
  );
}

/** Every test of the bundled baseline and API suites. */
const SUITE_PROFILES = ['light', 'normal', 'peak', 'endurance', 'smoke', 'api-normal', 'api-peak', 'api-endurance'];

function storeLoadRun(core: CoreParts, profile: string, startedAt: number, failed = false): number {
  const { summary } = buildLoadRun({ seconds: 5, startedAt, ...(failed ? { thresholds: [{ expression: 'p(95) < 1' }] } : {}) });
  const run = core.store.loadRuns.create({ profile, scenario: 'api', environment: 'rehearsal', baseUrl: 'http://127.0.0.1:8009', actor: 'ana', model: 'closed', plannedMs: 5000, startedAt });
  core.store.loadRuns.finish(run.id, summary, summary.endedAt);
  return run.id;
}

function storeActionRun(core: CoreParts, actionId: string, at: number, state: 'succeeded' | 'failed' = 'succeeded'): number {
  const run = core.store.actionRuns.create({ actionId, environment: 'rehearsal', params: {}, dryRun: false, actor: 'ana', requestedAt: at, state: 'running' });
  core.store.actionRuns.start(run.id, at, null);
  core.store.actionRuns.finish(run.id, {
    state,
    endedAt: at + 1000,
    exitCode: state === 'succeeded' ? 0 : 1,
    signal: null,
    reason: state === 'succeeded' ? null : 'exit 1',
    output: null,
    outputBytes: 0,
    truncated: false,
    digest: null,
  });
  return run.id;
}

/** A run of the dry-run rollback drill (one step) that ended at `at`, passed or failed. */
function storeRollbackDrill(core: CoreParts, at: number, state: 'passed' | 'failed' = 'passed'): number {
  const run = core.store.drillRuns.create({ drillId: 'dry-run-rollback', label: 'Dry-run rollback', environment: 'rehearsal', actor: 'ana', startedAt: at - 1000, steps: [{ name: 'Complete rollback', kind: 'action', recovery: false, prompt: null }] });
  core.store.drillRuns.end(run.id, { state, endedAt: at, verdict: state === 'passed' ? 'passed: 1 step' : 'failed at step 1 (Complete rollback)', stoppedAt: state === 'passed' ? null : 0 });
  return run.id;
}

/** A passing check of the rehearsal monitoring at `at`, as the monitoring service stores it: the automatic "Monitoring and alerting configured". */
function storeMonitoringCheck(core: CoreParts, at: number): void {
  core.store.monitoringChecks.add({ environment: 'rehearsal', at, ok: true, prometheusUp: true, targetsUp: 12, targetsTotal: 12, ruleGroups: 1, rules: 5, detail: '' });
}

const MANUAL = ['backup-recovery', 'trained-deploy', 'trained-rollback', 'on-call', 'communication-plan', 'stakeholders-approve', 'support-ready', 'marketing-ready', 'customer-success-briefed'];

describe('the go/no-go board on a fresh data dir', () => {
  it('is NO-GO with reasons: every criterion unknown, the two hard blockers named', () => {
    const { board } = setup();
    const b = board();
    expect(b).toMatchObject({ verdict: 'NO-GO', score: 0, threshold: 90, staleCount: 0, unknownCount: 18 });
    expect(b.blockers.map((x) => x.criterionId).sort()).toEqual(['security-scans', 'services-ready']);
    expect(b.blockers.find((x) => x.criterionId === 'security-scans')?.why).toBe('no security scan recorded');
    expect(criterion(b, 'load-baseline-suite').why).toBe('suite Performance baseline: no run of light, normal, peak, endurance in rehearsal');
    expect(b.categories.map((c) => [c.category, c.weight, c.score])).toEqual([
      ['security', 30, 0],
      ['performance', 30, 0],
      ['operations', 20, 0],
      ['validation', 20, 0],
    ]);
  });
});

describe('rules on stored evidence', () => {
  it('services-ready-now: met when every service is up, not met naming the down one, stale once probing stops', () => {
    const { core, clock, board } = setup();
    observeAll(core, clock.now());
    expect(criterion(board(), 'services-ready').state).toBe('met');

    clock.advance(MIN);
    core.store.healthTransitions.record('rehearsal', { service: 'gateway', probeId: null, at: clock.now(), from: 'up', to: 'down', reason: 'HTTP 503', causedBy: null });
    probeAgain(core, clock.now());
    const down = criterion(board(), 'services-ready');
    expect(down).toMatchObject({ state: 'not-met', why: 'not ready: gateway' });
    expect(down.evidence[0]).toMatchObject({ link: { kind: 'service', id: 'gateway' }, at: clock.now() });
    expect(board().blockers.map((x) => x.criterionId)).toContain('services-ready');

    core.store.healthTransitions.record('rehearsal', { service: 'gateway', probeId: null, at: clock.now() + 1, from: 'down', to: 'up', reason: 'HTTP 200', causedBy: null });
    clock.advance(4 * MIN);
    expect(criterion(board(), 'services-ready').state).toBe('met');
    clock.advance(2 * MIN); // the newest results are now 6 minutes old, max age 5 minutes
    expect(criterion(board(), 'services-ready')).toMatchObject({ state: 'stale', evidenceState: 'stale', why: expect.stringMatching(/^evidence is 6 min old \(max 5 min\)/) });
  });

  it('health-score: the share of observed time up over the window, averaged over the services', () => {
    const { core, clock, board } = setup();
    observeAll(core, clock.now());
    clock.advance(50 * MIN);
    // gateway down for the last 10 of 60 minutes: its share 5/6, the mean over 11 services 98.4 %
    core.store.healthTransitions.record('rehearsal', { service: 'gateway', probeId: null, at: clock.now(), from: 'up', to: 'down', reason: 'HTTP 503', causedBy: null });
    clock.advance(10 * MIN);
    probeAgain(core, clock.now());
    const met = criterion(board(), 'health-score');
    expect(met.state).toBe('met');
    expect(met.evidence[0]?.what).toMatch(/^health 98\.4 \/ 100/);

    // five services down for the next hour: mean share falls below 88
    for (const service of ['planner', 'task-runner', 'agent-registry', 'console', 'notifier']) {
      core.store.healthTransitions.record('rehearsal', { service, probeId: null, at: clock.now(), from: 'up', to: 'down', reason: 'HTTP 503', causedBy: null });
    }
    clock.advance(60 * MIN);
    probeAgain(core, clock.now());
    expect(criterion(board(), 'health-score')).toMatchObject({ state: 'not-met', why: expect.stringMatching(/^health \d+(\.\d)? is below 88$/) });
  });

  it('load-suite-passed (the bundled suites): the newest judged run of each test counts; a failed threshold is named; old runs are stale', () => {
    const { core, clock, board } = setup();
    const runs = ['light', 'normal', 'peak', 'endurance'].map((profile) => storeLoadRun(core, profile, clock.now()));
    clock.advance(MIN);
    const suite = criterion(board(), 'load-baseline-suite');
    expect(suite.state).toBe('met');
    expect(suite.evidence.map((e) => e.link)).toEqual(expect.arrayContaining(runs.map((id) => ({ kind: 'load-run', id: String(id) }))));
    expect(criterion(board(), 'load-api-suite').state).toBe('unknown');

    const light = storeLoadRun(core, 'light', clock.now(), true);
    clock.advance(MIN);
    expect(criterion(board(), 'load-baseline-suite')).toMatchObject({ state: 'not-met', why: expect.stringMatching(new RegExp(`light failed on p\\(95\\) < 1 .*\\(run #${light}\\)`)) });

    clock.advance(7 * DAY);
    expect(criterion(board(), 'load-baseline-suite')).toMatchObject({ state: 'stale', why: expect.stringMatching(/^evidence is 7 d old \(max 7 d\)/) });
  });

  it('drill-passed reads the newest ended run of the dry-run rollback drill (the rollback criterion)', () => {
    const { core, clock, board } = setup();
    storeActionRun(core, 'rollback', clock.now());
    clock.advance(MIN);
    expect(criterion(board(), 'rollback-rehearsed')).toMatchObject({ state: 'unknown' });
    storeRollbackDrill(core, clock.now(), 'failed');
    clock.advance(MIN);
    expect(criterion(board(), 'rollback-rehearsed')).toMatchObject({ state: 'not-met', why: 'the last run of drill dry-run-rollback failed' });
    const passed = storeRollbackDrill(core, clock.now());
    clock.advance(MIN);
    expect(criterion(board(), 'rollback-rehearsed')).toMatchObject({ state: 'met', evidence: [{ link: { kind: 'drill-run', id: String(passed) } }] });
  });

  it('action-succeeded-after-last reads action runs in the environment', () => {
    const { core, clock, board } = setup();
    const validate = storeActionRun(core, 'post-deploy-validate', clock.now());
    clock.advance(MIN);
    expect(criterion(board(), 'smoke-tests').state).toBe('met');
    const deploy = storeActionRun(core, 'deploy', clock.now());
    clock.advance(MIN);
    expect(criterion(board(), 'smoke-tests')).toMatchObject({ state: 'not-met', why: `no post-deploy-validate succeeded since deploy run #${deploy}` });
    const after = storeActionRun(core, 'post-deploy-validate', clock.now());
    clock.advance(MIN);
    const met = criterion(board(), 'smoke-tests');
    expect(met.state).toBe('met');
    expect(met.evidence.map((e) => e.link?.id)).toEqual([String(after), String(deploy)]);
    expect(validate).toBeLessThan(after);
  });

  it('runbooks-reviewed: every step of every runbook ticked; a runbook left half done is named', () => {
    const { core, clock, board } = setup();
    const runbooks = core.config.runbooks ?? {};
    for (const [id, runbook] of Object.entries(runbooks)) {
      runbook.steps.forEach((_, step) => core.store.runbookProgress.record({ runbookId: id, step, done: true, by: 'ana', at: clock.now() }));
    }
    core.store.runbookProgress.record({ runbookId: 'service-down', step: 1, done: false, by: 'bo', at: clock.now() });
    clock.advance(MIN);
    expect(criterion(board(), 'runbooks-reviewed')).toMatchObject({ state: 'not-met', why: 'not reviewed: service-down (4 of 5 steps)' });
    core.store.runbookProgress.record({ runbookId: 'service-down', step: 1, done: true, by: 'bo', at: clock.now() });
    expect(criterion(board(), 'runbooks-reviewed')).toMatchObject({ state: 'met' });
    expect(criterion(board(), 'runbooks-reviewed').evidence.find((e) => e.link?.id === 'service-down')?.by).toBe('bo');
  });
});

describe('score, blockers and the smallest set to GO', () => {
  it('turns GO once every criterion is met but the security gate; the gate alone (a hard blocker) keeps it NO-GO', () => {
    const { core, clock, board } = setup();
    observeAll(core, clock.now());
    for (const profile of SUITE_PROFILES) storeLoadRun(core, profile, clock.now());
    storeRollbackDrill(core, clock.now());
    storeActionRun(core, 'post-deploy-validate', clock.now());
    storeMonitoringCheck(core, clock.now());
    for (const [id, runbook] of Object.entries(core.config.runbooks ?? {})) {
      runbook.steps.forEach((_, step) => core.store.runbookProgress.record({ runbookId: id, step, done: true, by: 'ana', at: clock.now() }));
    }
    for (const id of MANUAL) core.board.signoff({ criterionId: id, by: 'ana' });
    clock.advance(MIN);
    probeAgain(core, clock.now());
    const b = board();
    expect(b.score).toBe(70);
    expect(b.verdict).toBe('NO-GO');
    expect(b.blockers).toEqual([{ criterionId: 'security-scans', title: expect.any(String), why: 'no security scan recorded' }]);
    expect(b.toGo?.map((c) => c.criterionId)).toEqual(['security-scans']);
  });

  it('is GO on the same evidence with an open security gate, and NO-GO again when the gate closes', () => {
    const { core, clock } = setup();
    let gate: SecurityGate | null = null;
    const security: SecurityGatePort = { gateAt: () => gate, onChange: () => () => undefined };
    const board = createBoardService({
      config: core.config,
      environment: 'rehearsal',
      bus: core.bus,
      clock,
      timers: clock,
      problems: { report: () => undefined, clear: () => undefined, attempt: (_s, _w, work) => work(), list: () => [] },
      records: core.store.boardRecords,
      evidence: core.store.boardEvidence,
      audit: core.store.audit,
      security,
      // The rollback criterion reads the drill as the core's board does.
      drills: drillEvidenceOf(core.drills, core.bus),
    });
    observeAll(core, clock.now());
    for (const profile of SUITE_PROFILES) storeLoadRun(core, profile, clock.now());
    storeRollbackDrill(core, clock.now());
    storeActionRun(core, 'post-deploy-validate', clock.now());
    storeMonitoringCheck(core, clock.now());
    for (const id of MANUAL) board.signoff({ criterionId: id, by: 'ana' });
    clock.advance(MIN);
    probeAgain(core, clock.now());
    const scan = { scanId: 'scan-7', tool: 'semgrep', at: clock.now() - MIN };
    gate = { open: true, asOf: clock.now(), openBySeverity: { critical: 0, high: 0, medium: 2, low: 0, info: 0 }, expiredAcceptances: 0, reasons: [], scans: [scan] };
    const go = board.get({});
    // everything but runbooks-reviewed (operations, 1 of 10 weight there: 2 points)
    expect(go).toMatchObject({ verdict: 'GO', score: 98, blockers: [], toGo: [] });
    expect(criterion(go, 'security-scans').evidence).toEqual([{ what: 'semgrep scan', at: scan.at, by: null, link: { kind: 'scan', id: 'scan-7' } }]);
    gate = { ...gate, open: false, openBySeverity: { ...gate.openBySeverity, high: 1 }, reasons: ['1 open High finding'] };
    const closed = board.get({});
    expect(closed).toMatchObject({ verdict: 'NO-GO', score: 68, blockers: [{ criterionId: 'security-scans', why: '1 open High finding' }] });
  });

  it('names the fewest open criteria whose completion reaches the threshold, the largest gains first', () => {
    const { core, clock, board } = setup();
    observeAll(core, clock.now());
    clock.advance(MIN);
    probeAgain(core, clock.now());
    const b = board();
    // open blockers first (security 30), then performance (15 each), then the rest by points
    expect(b.toGo?.slice(0, 4).map((c) => c.criterionId)).toEqual(['security-scans', 'load-baseline-suite', 'load-api-suite', expect.any(String)]);
    const reached = b.score + (b.toGo ?? []).reduce((sum, c) => sum + c.points, 0);
    expect(reached).toBeGreaterThanOrEqual(90);
    // one fewer would not do: the last one chosen is needed
    const last = b.toGo?.at(-1);
    expect(reached - (last?.points ?? 0)).toBeLessThan(90);
  });
});

describe('sign-offs and waivers', () => {
  it('signs off a manual criterion (audited) and refuses automatic and unknown ones', () => {
    const { core, board } = setup();
    const signoff = core.board.signoff({ criterionId: 'stakeholders-approve', by: 'Dana', note: 'approved in the 9:00 meeting', link: 'https://wiki/minutes' });
    expect(signoff).toMatchObject({ by: 'Dana', role: 'stakeholders', note: 'approved in the 9:00 meeting' });
    expect(criterion(board(), 'stakeholders-approve')).toMatchObject({ state: 'met', evidence: [{ by: 'Dana', link: { kind: 'signoff', id: String(signoff.id) } }] });
    expect(core.store.audit.tail(1)[0]).toMatchObject({ actor: 'Dana', event: 'signoff', detail: { criterionId: 'stakeholders-approve', signoffId: signoff.id } });
    expect(() => core.board.signoff({ criterionId: 'load-baseline-suite', by: 'Dana' })).toThrow(/automatic/);
    expect(() => core.board.signoff({ criterionId: 'nope', by: 'Dana' })).toThrow(/no criterion "nope"/);
  });

  it('a waiver counts the criterion until it expires ("GO with waivers"), then it counts again', () => {
    const { core, clock, board } = setup();
    const waiver = core.board.waive({ criterionId: 'load-api-suite', by: 'Lee', reason: 'API suite on Monday', expiresAt: clock.now() + DAY });
    expect(core.store.audit.tail(1)[0]).toMatchObject({ actor: 'Lee', event: 'waived', detail: { waiverId: waiver.id } });
    const waived = board();
    expect(criterion(waived, 'load-api-suite')).toMatchObject({ state: 'waived', evidenceState: 'unknown', waiver: { id: waiver.id } });
    expect(waived.waivers.map((w) => w.id)).toEqual([waiver.id]);
    expect(waived.score).toBe(15);
    expect(waived.nextChangeAt).toBe(clock.now() + DAY);

    clock.advance(DAY);
    const expired = board();
    expect(criterion(expired, 'load-api-suite').state).toBe('unknown');
    expect(expired.waivers).toEqual([]);
    expect(expired.score).toBe(0);
    // the board as of before the expiry is unchanged: evaluation is a function of the moment
    expect(core.board.get({ asOf: clock.now() - 1 }).score).toBe(15);
  });

  it('refuses to waive a hard blocker or a met criterion, and a revoked waiver stops counting', () => {
    const { core, clock, board } = setup();
    expect(() => core.board.waive({ criterionId: 'security-scans', by: 'Lee', reason: 'x', expiresAt: clock.now() + DAY })).toThrow(/hard blocker/);
    core.board.signoff({ criterionId: 'on-call', by: 'ana' });
    expect(() => core.board.waive({ criterionId: 'on-call', by: 'Lee', reason: 'x', expiresAt: clock.now() + DAY })).toThrow(/is met/);
    expect(() => core.board.waive({ criterionId: 'on-call', by: 'Lee', reason: 'x', expiresAt: clock.now() })).toThrow();
    const waiver = core.board.waive({ criterionId: 'monitoring', by: 'Lee', reason: 'dashboards Monday', expiresAt: clock.now() + DAY });
    clock.advance(MIN);
    core.board.revokeWaiver(waiver.id, 'Lee');
    expect(criterion(board(), 'monitoring').state).toBe('unknown');
    expect(() => core.board.revokeWaiver(waiver.id, 'Lee')).toThrow(/already revoked/);
  });

  it('a viewer may read the board but not sign off or waive', async () => {
    const { core, clock } = setup();
    const viewer = createCoreClient(core, { role: 'viewer', transport: 'memory' });
    expect((await viewer.call('board.get', {})).verdict).toBe('NO-GO');
    await expect(viewer.call('board.signoff', { criterionId: 'on-call', by: 'wall' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(viewer.call('board.waive', { criterionId: 'on-call', by: 'wall', reason: 'x', expiresAt: clock.now() + DAY })).rejects.toBeInstanceOf(RpcCallError);
    expect(core.store.boardRecords.latestSignoffs(clock.now()).size).toBe(0);
  });
});

describe('live board', () => {
  it('emits board.changed after a sign-off and when a waiver expires, throttled', async () => {
    const { core, clock } = setup();
    const seen: BoardEvaluation[] = [];
    core.bus.on('board.changed', (payload) => seen.push(payload));
    core.board.waive({ criterionId: 'monitoring', by: 'Lee', reason: 'Monday', expiresAt: clock.now() + 10 * MIN });
    core.board.signoff({ criterionId: 'on-call', by: 'ana' });
    await clock.advanceAsync(300);
    expect(seen).toHaveLength(1);
    expect(criterion(seen[0]!, 'on-call').state).toBe('met');
    expect(criterion(seen[0]!, 'monitoring').state).toBe('waived');
    await clock.advanceAsync(10 * MIN);
    expect(seen).toHaveLength(2);
    expect(criterion(seen[1]!, 'monitoring').state).toBe('unknown');
  });
});
