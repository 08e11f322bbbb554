/**
 * The plan and the risk register on a real core (the bundled rehearsal config and its board):
 * imports through the contract, ticks kept across re-imports, state history and audit, a linked
 * tick as a manual criterion's evidence, open high risks on the board.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandClient } from '../../../shared/contract/index.js';
import { RpcCallError } from '../../../shared/contract/errors.js';
import { loadConfigFile } from '../config/load-config.js';
import type { CoreParts } from '../core.js';
import { defaultResourcesDir } from '../paths.js';
import { createCoreClient } from '../rpc/core-client.js';
import { fakeClock } from '../testing/fake-clock.js';
import type { FakeClock } from '../testing/fake-clock.js';
import { REHEARSAL_CONFIG, makeCoreParts } from '../testing/make-core.js';

const EXAMPLE = readFileSync(join(defaultResourcesDir(), 'examples', 'launch-week-plan.md'), 'utf8');
const MIN = 60_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanups.splice(0).reverse()) await done();
});

function setup(core?: CoreParts, clock: FakeClock = fakeClock(Date.UTC(2026, 11, 7, 8, 0))): { core: CoreParts; clock: FakeClock; client: CommandClient } {
  const c = core ?? makeCoreParts({ clock, timers: clock });
  cleanups.push(() => c.close());
  return { core: c, clock, client: createCoreClient(c, { role: 'operator', transport: 'memory' }) };
}

/** A load run stored as the load service stores one (its id). */
function storedLoadRun(core: CoreParts, startedAt: number, environment = 'rehearsal'): number {
  return core.store.loadRuns.create({ profile: 'smoke', scenario: 'api-mix', environment, baseUrl: 'http://127.0.0.1:8009', actor: 'priya', model: 'closed', plannedMs: 5000, startedAt }).id;
}

async function keyOf(client: CommandClient, text: string): Promise<string> {
  const found = (await client.call('plan.get', {})).tasks.find((t) => t.text === text);
  if (!found) throw new Error(`no task "${text}"`);
  return found.key;
}

describe('plan import', () => {
  it('imports the example: tasks, ticks from the file, risks; audited', async () => {
    const { core, client } = setup();
    const result = await client.call('plan.import', { markdown: EXAMPLE, fileName: 'launch-week-plan.md', by: 'dana' });
    expect(result).toMatchObject({ tasks: 57, removed: [], changed: [], kept: 0 });
    expect(result.added).toHaveLength(57);
    expect(result.risks.added).toHaveLength(5);

    const status = await client.call('plan.status', {});
    expect(status.total).toEqual({ done: 3, blocked: 0, total: 57 });
    expect(status.days.map((d) => [d.day, d.progress.done, d.progress.total])).toEqual([
      ['2026-12-07', 2, 9],
      ['2026-12-08', 0, 7],
      ['2026-12-09', 0, 6],
      ['2026-12-10', 0, 6],
      ['2026-12-11', 0, 7],
    ]);
    expect(status.deliverables.map((d) => [d.group, d.progress.done, d.progress.total])).toEqual([
      ['Security', 1, 5],
      ['Performance', 0, 4],
      ['Operations', 0, 5],
      ['Validation', 0, 4],
      ['Documentation', 0, 4],
    ]);
    const plan = await client.call('plan.get', {});
    expect(plan.today).toBe('2026-12-07');
    expect(plan.tasks.find((t) => t.text === 'Deploy 2.5.0 to production')?.commands).toEqual([
      { line: 'node rehearsal/deploy.mjs --version 2.5.0', action: { id: 'deploy', params: { version: '2.5.0' }, dryRun: false } },
    ]);
    expect(core.store.audit.tail(5).map((e) => e.event)).toEqual(['risk_changed', 'plan_import']);
  });

  it('keeps ticks made in the app across a re-import by heading path + text, and reports added, removed, changed', async () => {
    const { core, client, clock } = setup();
    await client.call('plan.import', { markdown: EXAMPLE, fileName: 'launch-week-plan.md', by: 'dana' });
    const smoke = await keyOf(client, 'Smoke load test on staging');
    clock.advance(5 * MIN);
    const run = storedLoadRun(core, clock.now());
    await client.call('plan.markTask', { key: smoke, state: 'done', by: 'priya', evidence: { kind: 'load-run', id: String(run) } });

    // Smoke moves below Light (same heading), an owner changes, a task goes, one is new.
    const edited = EXAMPLE.replace('- [ ] Smoke load test on staging @priya\n- [ ] Light load test (50 users, 10 min) @priya\n', '- [ ] Light load test (50 users, 10 min) @priya\n- [ ] Smoke load test on staging @priya\n')
      .replace('- [ ] Database index review for the planner queries @omar', '- [ ] Database index review for the planner queries @lee')
      .replace('- [ ] Cache hit rate above 90 % under load @omar\n', '')
      .replace('- [ ] Go/no-go rehearsal meeting @dana\n', '- [ ] Go/no-go rehearsal meeting @dana\n- [ ] Print the escalation list @kim\n');
    expect(edited).not.toBe(EXAMPLE);
    clock.advance(MIN);
    const again = await client.call('plan.import', { markdown: edited, fileName: 'launch-week-plan.md', by: 'dana' });
    expect(again).toMatchObject({
      added: ['Print the escalation list'],
      removed: ['Cache hit rate above 90 % under load'],
      changed: ['Database index review for the planner queries'],
      kept: 1,
      risks: { added: [], changed: [] },
    });
    const task = (await client.call('plan.get', {})).tasks.find((t) => t.key === smoke);
    expect(task).toMatchObject({ state: 'done', stateBy: 'priya', evidence: { kind: 'load-run', id: String(run) } });

    const same = await client.call('plan.import', { markdown: edited, fileName: 'launch-week-plan.md', by: 'dana' });
    expect(same).toMatchObject({ added: [], removed: [], changed: [], kept: 1 });
  });

  it('refuses a plan linking an unknown criterion, naming the line, and keeps what was stored', async () => {
    const { client } = setup();
    await client.call('plan.import', { markdown: EXAMPLE, fileName: 'launch-week-plan.md', by: 'dana' });
    const before = await client.call('plan.get', {});
    const bad = EXAMPLE.replace('criterion: on-call', 'criterion: on-cal');
    const error = await client.call('plan.import', { markdown: bad, fileName: 'plan.md', by: 'dana' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcCallError);
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^plan\.md:\d+: criterion "on-cal" is not on the board/) });
    const automatic = EXAMPLE.replace('criterion: on-call', 'criterion: security-scans');
    await expect(client.call('plan.import', { markdown: automatic, fileName: 'plan.md', by: 'dana' })).rejects.toThrow(/"security-scans" is automatic/);
    await expect(client.call('plan.import', { markdown: '# Notes\n\njust text', fileName: 'notes.md', by: 'dana' })).rejects.toThrow(/notes\.md: no tasks found/);
    expect(await client.call('plan.get', {})).toEqual(before);
  });
});

describe('task state', () => {
  it('records who and when for each change, needs a reason to block, and lists blockers and a day\'s tasks', async () => {
    const { core, client, clock } = setup();
    await client.call('plan.import', { markdown: EXAMPLE, fileName: 'launch-week-plan.md', by: 'dana' });
    const rotate = await keyOf(client, 'Rotate the API keys found in the old config');
    await expect(client.call('plan.markTask', { key: rotate, state: 'blocked', by: 'lee' })).rejects.toThrow(/needs a reason/);
    clock.advance(MIN);
    await client.call('plan.markTask', { key: rotate, state: 'blocked', by: 'lee', reason: 'vault is read-only until 11:00' });
    clock.advance(MIN);
    const status = await client.call('plan.status', {});
    expect(status.blockers).toEqual([{ key: rotate, text: 'Rotate the API keys found in the old config', path: expect.any(Array), reason: 'vault is read-only until 11:00', owners: ['lee'] }]);
    expect(core.plan.blockers().map((t) => t.key)).toEqual([rotate]);
    expect(core.plan.planTasksForDay('2026-12-07').map((t) => t.text)).toContain('Rotate the API keys found in the old config');
    expect(core.plan.planTasksForDay('2026-12-08')).toHaveLength(7);

    await client.call('plan.markTask', { key: rotate, state: 'done', by: 'lee' });
    const history = await client.call('plan.taskHistory', { key: rotate });
    expect(history.map((h) => [h.state, h.by, h.reason, h.source])).toEqual([
      ['blocked', 'lee', 'vault is read-only until 11:00', 'operator'],
      ['done', 'lee', null, 'operator'],
    ]);
    expect(history[1]!.at - history[0]!.at).toBe(MIN);
    const audited = core.store.audit.tail(2).map((e) => [e.event, e.detail['to']]);
    expect(audited).toEqual([['plan_task', 'done'], ['plan_task', 'blocked']]);
  });
});

describe('task evidence', () => {
  it('offers the stored runs, scans and sign-offs newest first and refuses a link to nothing', async () => {
    const { core, client, clock } = setup();
    await client.call('plan.import', { markdown: EXAMPLE, fileName: 'launch-week-plan.md', by: 'dana' });
    expect(await client.call('plan.listEvidence', {})).toEqual([]);
    const first = storedLoadRun(core, clock.now());
    clock.advance(MIN);
    const second = storedLoadRun(core, clock.now());
    const other = storedLoadRun(core, clock.now(), 'production');
    const signoff = await client.call('board.signoff', { criterionId: 'on-call', by: 'dana', note: 'rota published' });
    const choices = await client.call('plan.listEvidence', {});
    expect(choices.map((c) => [c.kind, c.id, c.label])).toEqual([
      ['load-run', String(second), `load run #${second} · smoke · running`],
      ['load-run', String(first), `load run #${first} · smoke · running`],
      ['signoff', String(signoff.id), `sign-off #${signoff.id} · on-call (operations)`],
    ]);

    const smoke = await keyOf(client, 'Smoke load test on staging');
    for (const evidence of [{ kind: 'load-run', id: '999' }, { kind: 'scan', id: '1' }, { kind: 'load-run', id: `${first}.0` }] as const) {
      await expect(client.call('plan.markTask', { key: smoke, state: 'done', by: 'priya', evidence })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining(`no ${evidence.kind} "${evidence.id}" is stored`) });
    }
    // A run of another environment is not this launch's evidence.
    await expect(client.call('plan.markTask', { key: smoke, state: 'done', by: 'priya', evidence: { kind: 'load-run', id: String(other) } })).rejects.toThrow(/is stored in rehearsal/);
    expect((await client.call('plan.get', {})).tasks.find((t) => t.key === smoke)?.state).toBe('open');

    await client.call('plan.markTask', { key: smoke, state: 'done', by: 'priya', evidence: { kind: 'signoff', id: String(signoff.id) } });
    expect(await client.call('plan.taskHistory', { key: smoke })).toMatchObject([{ state: 'done', by: 'priya', evidence: { kind: 'signoff', id: String(signoff.id) } }]);
  });
});

describe('the board reads the plan', () => {
  it('reads a link made in the app from the moment it was made: the board before it is unchanged', async () => {
    const { core, client, clock } = setup();
    await client.call('plan.import', { markdown: EXAMPLE, fileName: 'launch-week-plan.md', by: 'dana' });
    const watch = await keyOf(client, 'Watch error rate and latency for four hours');
    const state = (asOf?: number) => core.board.get(asOf === undefined ? {} : { asOf }).criteria.find((c) => c.id === 'trained-deploy')?.state;
    clock.advance(MIN);
    await client.call('plan.markTask', { key: watch, state: 'done', by: 'omar' });
    const tickedAt = clock.now();
    clock.advance(MIN);
    await client.call('plan.linkTask', { key: watch, criterionId: 'trained-deploy', by: 'dana' });
    const linkedAt = clock.now();
    clock.advance(MIN);
    expect(state()).toBe('met');
    // Ticked before the link: the board as it was between the two did not count it, and still does not.
    expect(state(linkedAt - 1)).toBe('unknown');
    expect(state(tickedAt)).toBe('unknown');
    await client.call('plan.linkTask', { key: watch, criterionId: null, by: 'dana' });
    expect(state()).toBe('unknown');
    expect(state(linkedAt)).toBe('met');
  });

  it('shows what a linked tick pointed at beside the tick, as of the time it was ticked', async () => {
    const { core, client, clock } = setup();
    await client.call('plan.import', { markdown: EXAMPLE, fileName: 'launch-week-plan.md', by: 'dana' });
    const rota = await keyOf(client, 'Watch error rate and latency for four hours');
    await client.call('plan.linkTask', { key: rota, criterionId: 'trained-deploy', by: 'dana' });
    clock.advance(MIN);
    const run = storedLoadRun(core, clock.now());
    await client.call('plan.markTask', { key: rota, state: 'done', by: 'lee', evidence: { kind: 'load-run', id: String(run) } });
    const tickedAt = clock.now();
    clock.advance(MIN);
    expect(core.board.get({}).criteria.find((c) => c.id === 'trained-deploy')).toMatchObject({
      state: 'met',
      evidence: [
        { what: 'plan task done: Watch error rate and latency for four hours', by: 'lee', at: tickedAt, link: { kind: 'plan-task', id: rota } },
        { what: 'evidence of "Watch error rate and latency for four hours"', by: 'lee', at: tickedAt, link: { kind: 'load-run', id: String(run) } },
      ],
    });
  });

  it('counts a linked task\'s tick as its manual criterion\'s evidence, as of the time it was ticked', async () => {
    const { core, client, clock } = setup();
    await client.call('plan.import', { markdown: EXAMPLE, fileName: 'launch-week-plan.md', by: 'dana' });
    const restore = await keyOf(client, "Restore last night's backup into a scratch database");
    const criterion = () => core.board.get({}).criteria.find((c) => c.id === 'backup-recovery')!;
    expect(criterion()).toMatchObject({ state: 'unknown', why: expect.stringContaining(`the plan task "Restore last night's backup into a scratch database"`) });

    clock.advance(MIN);
    const tickedAt = clock.now();
    await client.call('plan.markTask', { key: restore, state: 'done', by: 'lee' });
    clock.advance(MIN);
    expect(criterion()).toMatchObject({ state: 'met', evidence: [{ what: expect.stringContaining('plan task done'), by: 'lee', at: tickedAt, link: { kind: 'plan-task', id: restore } }] });
    expect(core.board.get({ asOf: tickedAt - 1 }).criteria.find((c) => c.id === 'backup-recovery')?.state).toBe('unknown');

    await client.call('plan.markTask', { key: restore, state: 'open', by: 'lee' });
    expect(criterion().state).toBe('unknown');
    // Linking in the app works too, and survives a re-import of a file without the marker.
    const watch = await keyOf(client, 'Watch error rate and latency for four hours');
    await expect(client.call('plan.linkTask', { key: watch, criterionId: 'security-scans', by: 'dana' })).rejects.toThrow(/is automatic/);
    await client.call('plan.linkTask', { key: watch, criterionId: 'trained-deploy', by: 'dana' });
    await client.call('plan.import', { markdown: EXAMPLE, fileName: 'launch-week-plan.md', by: 'dana' });
    expect((await client.call('plan.get', {})).tasks.find((t) => t.key === watch)?.criterionId).toBe('trained-deploy');
  });

  it('shows open high risks on the board as information by default; mitigating one removes it', async () => {
    const { core, client, clock } = setup();
    await client.call('plan.import', { markdown: EXAMPLE, fileName: 'launch-week-plan.md', by: 'dana' });
    clock.advance(MIN);
    const board = core.board.get({});
    expect(board.highRisks.map((r) => r.title)).toEqual(['Peak traffic above the tested 200 users', 'Critical finding reported after the final scan']);
    expect(board.blockers.some((b) => b.criterionId.startsWith('risk-'))).toBe(false);

    const risk = (await client.call('risks.list', {})).find((r) => r.title.startsWith('Critical finding'))!;
    expect(risk).toMatchObject({ rating: 'high', status: 'open', owner: 'sam' });
    const before = clock.now();
    clock.advance(MIN);
    await client.call('risks.set', { id: risk.id, status: 'mitigated', note: 'scan moved to 11:30', by: 'sam' });
    expect(core.board.get({}).highRisks).toHaveLength(1);
    expect(core.board.get({ asOf: before }).highRisks).toHaveLength(2);
    const history = await client.call('risks.history', { id: risk.id });
    expect(history.map((h) => [h.source, h.by, h.changes['status']])).toEqual([
      ['import', 'dana', [null, 'open']],
      ['operator', 'sam', ['open', 'mitigated']],
    ]);

    // A re-import keeps the register's status, and takes the file's new rating.
    clock.advance(MIN);
    const edited = EXAMPLE.replace('| Critical finding reported after the final scan | High | High |', '| Critical finding reported after the final scan | Medium | High |');
    const result = await client.call('plan.import', { markdown: edited, fileName: 'launch-week-plan.md', by: 'dana' });
    expect(result.risks).toEqual({ added: [], changed: ['Critical finding reported after the final scan'] });
    expect((await client.call('risks.list', {})).find((r) => r.id === risk.id)).toMatchObject({ status: 'mitigated', likelihood: 'medium' });
  });

  it('makes each open high risk a blocker when board.highRisks is block', async () => {
    const loaded = loadConfigFile(REHEARSAL_CONFIG, { bundled: true });
    const board = loaded.config.board;
    if (!board) throw new Error('the rehearsal config has a board');
    const clock = fakeClock(Date.UTC(2026, 11, 7, 8, 0));
    const core = makeCoreParts({ loaded: { ...loaded, config: { ...loaded.config, board: { ...board, highRisks: 'block' } } }, clock, timers: clock });
    const { client } = setup(core, clock);
    await client.call('risks.set', { title: 'Payment provider changes its API on launch day', likelihood: 'high', impact: 'medium', owner: 'omar', by: 'dana' });
    const evaluation = core.board.get({});
    expect(evaluation.verdict).toBe('NO-GO');
    expect(evaluation.blockers).toContainEqual({ criterionId: 'risk-1', title: 'Risk: Payment provider changes its API on launch day', why: 'open, likelihood high × impact medium (owner omar)' });
    await client.call('risks.set', { id: 1, status: 'accepted', by: 'dana' });
    expect(core.board.get({}).blockers.some((b) => b.criterionId === 'risk-1')).toBe(false);
  });
});
