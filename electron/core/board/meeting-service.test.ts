/**
 * The go/no-go meeting against a real core: real store, real board evaluation of real sign-offs,
 * real audit trail, a fake clock. The board here has one manual criterion per scoring category, so
 * sign-offs move it from NO-GO to GO.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcCallError } from '../../../shared/contract/errors.js';
import type { CommandClient } from '../../../shared/contract/index.js';
import type { WireEvent } from '../../../shared/contract/index.js';
import { fakeClock } from '../../../shared/testing/fake-clock.js';
import type { FakeClock } from '../../../shared/testing/fake-clock.js';
import { loadConfigFile } from '../config/load-config.js';
import { createCoreParts } from '../core.js';
import type { CoreParts } from '../core.js';
import { silentLogger } from '../logger.js';
import { createCoreClient } from '../rpc/core-client.js';
import { MEETING_CONFIG } from '../testing/meeting-config.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { startWebServer } from '../../web/web-server.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;


interface Harness {
  core: CoreParts;
  clock: FakeClock;
  client: CommandClient;
  dir: string;
  events: WireEvent[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

function start(): Harness {
  const temp = makeTempDir('warroom-meeting-');
  const path = join(temp.path, 'warroom.yaml');
  writeFileSync(path, MEETING_CONFIG);
  const clock = fakeClock();
  const core = createCoreParts({
    loaded: loadConfigFile(path),
    dataDir: join(temp.path, 'data'),
    shell: 'test',
    ownership: 'owner',
    logger: silentLogger,
    probing: false,
    clock,
    timers: clock,
  });
  const events: WireEvent[] = [];
  const off = core.bus.subscribe((event) => events.push(event));
  cleanups.push(() => temp.remove(), () => core.close(), off);
  return { core, clock, client: createCoreClient(core, { role: 'operator', transport: 'memory' }), dir: temp.path, events };
}

async function refusal(call: Promise<unknown>): Promise<RpcCallError> {
  const error: unknown = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof RpcCallError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

async function signOff(client: CommandClient, ...criteria: string[]) {
  for (const criterionId of criteria) await client.call('board.signoff', { criterionId, by: 'ana', note: 'checked' });
}

describe('the go/no-go poll', () => {
  it('holds one open poll at a time and takes one counting vote per role, each with the board the voter saw', async () => {
    const { client, clock, core, events } = start();
    const poll = await client.call('meeting.openPoll', { by: 'ana' });
    expect(poll).toMatchObject({ state: 'open', environment: 'production', openedBy: 'ana', votes: [], decisionId: null });
    expect(poll.roles).toEqual(['development', 'operations', 'security', 'performance', 'stakeholders', 'leadership']);
    expect((await refusal(client.call('meeting.openPoll', { by: 'bo' }))).message).toMatch(/poll #1 is open \(opened by ana/);

    const noReason = await refusal(client.call('meeting.vote', { pollId: poll.id, role: 'security', by: 'sam', choice: 'NO-GO' }));
    expect(noReason).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('a NO-GO vote needs a reason') });
    const unknownRole = await refusal(client.call('meeting.vote', { pollId: poll.id, role: 'marketing', by: 'sam', choice: 'GO' }));
    expect(unknownRole.message).toContain('"marketing" does not vote in poll #1 (roles: development, operations');

    // The board the voter looked at an hour ago (one sign-off later it reads differently).
    await signOff(client, 'pentest');
    const seenAt = clock.now();
    clock.advance(HOUR);
    await signOff(client, 'capacity');
    const vote = await client.call('meeting.vote', { pollId: poll.id, role: 'security', by: 'sam', choice: 'NO-GO', reason: 'capacity plan not approved', boardAsOf: seenAt });
    expect(vote.seen).toMatchObject({ asOf: seenAt, score: 30, verdict: 'NO-GO' });
    expect(core.store.meeting.snapshot(vote.seen.snapshotId)?.criteria.find((c) => c.id === 'capacity')?.state).toBe('unknown');

    await client.call('meeting.vote', { pollId: poll.id, role: 'development', by: 'dev', choice: 'HOLD' });
    // A role votes again: the later vote counts, the earlier one stays stored.
    const again = await client.call('meeting.vote', { pollId: poll.id, role: 'security', by: 'sam', choice: 'GO' });
    expect(again.seen).toMatchObject({ asOf: clock.now(), score: 60 });
    const { poll: current } = await client.call('meeting.get', {});
    expect(current?.votes.map((v) => [v.role, v.choice])).toEqual([['security', 'GO'], ['development', 'HOLD']]);
    expect(current?.tally).toEqual({ GO: 1, 'NO-GO': 0, HOLD: 1, missing: ['operations', 'performance', 'stakeholders', 'leadership'] });

    const closed = await client.call('meeting.closePoll', { pollId: poll.id, by: 'ana' });
    expect(closed).toMatchObject({ state: 'closed', closedBy: 'ana' });
    expect((await refusal(client.call('meeting.vote', { pollId: poll.id, role: 'operations', by: 'ops', choice: 'GO' }))).code).toBe('conflict');
    expect((await refusal(client.call('meeting.closePoll', { pollId: poll.id, by: 'ana' }))).message).toContain('already closed');
    // A closed poll frees the way for the next one.
    expect((await client.call('meeting.openPoll', { by: 'ana' })).id).toBe(2);

    const audited = (await client.call('audit.tail', { limit: 20 })).map((e) => e.event);
    expect(audited.filter((e) => ['poll_opened', 'voted', 'poll_closed'].includes(e))).toEqual(['poll_opened', 'poll_closed', 'voted', 'voted', 'voted', 'poll_opened']);
    expect(events.filter((e) => e.name === 'meeting.changed').length).toBe(6);
  });
});

describe('the decision record', () => {
  it('refuses GO while the board reads NO-GO, and a NO-GO without one remediation item per unmet criterion', async () => {
    const { client, clock } = start();
    const poll = await client.call('meeting.openPoll', { by: 'ana' });
    await signOff(client, 'pentest', 'capacity');
    const common = { pollId: poll.id, by: 'lee', rationale: 'not ready', attendees: ['ana', 'lee'] };
    const go = await refusal(client.call('decision.record', { decision: 'GO', ...common, launchAt: clock.now() + DAY, announcement: 'We are live' }));
    expect(go).toMatchObject({ code: 'conflict', message: expect.stringContaining('the board reads NO-GO (60 %, GO needs 90 %)') });

    const partial = await refusal(
      client.call('decision.record', { decision: 'NO-GO', ...common, newTargetAt: clock.now() + 7 * DAY, remediation: [{ criterionId: 'on-call', owner: 'ops', dueAt: clock.now() + DAY }] }),
    );
    expect(partial.message).toContain('one item (owner, due date) per unmet criterion; missing: stakeholders');
    const extra = await refusal(
      client.call('decision.record', {
        decision: 'NO-GO',
        ...common,
        newTargetAt: clock.now() + 7 * DAY,
        remediation: [{ criterionId: 'pentest', owner: 'sec', dueAt: clock.now() + DAY }],
      }),
    );
    expect(extra.message).toContain('remediation[0]: "pentest" is not an unmet criterion of the board (unmet: on-call, stakeholders)');
    const past = await refusal(client.call('decision.record', { decision: 'NO-GO', ...common, newTargetAt: clock.now() - 1, remediation: [] }));
    expect(past.message).toContain('the new target date');
    // Nothing was stored by any refusal.
    expect(await client.call('decision.list', {})).toEqual([]);
    expect((await client.call('meeting.get', {})).poll).toMatchObject({ state: 'open', decisionId: null });
  });

  it('freezes a NO-GO with its follow-ups: later evidence moves the board, never the record', async () => {
    const { client, clock, core, events } = start();
    const poll = await client.call('meeting.openPoll', { by: 'ana' });
    await signOff(client, 'pentest', 'capacity');
    await client.call('meeting.vote', { pollId: poll.id, role: 'operations', by: 'ops', choice: 'NO-GO', reason: 'no on-call rota yet' });
    await client.call('meeting.vote', { pollId: poll.id, role: 'leadership', by: 'lee', choice: 'HOLD' });
    clock.advance(10 * 60_000);
    const decidedAt = clock.now();
    const record = await client.call('decision.record', {
      decision: 'NO-GO',
      pollId: poll.id,
      by: 'lee',
      rationale: 'On-call and stakeholder approval are missing.',
      attendees: ['ana', 'lee', 'ops'],
      newTargetAt: decidedAt + 7 * DAY,
      remediation: [
        { criterionId: 'stakeholders', owner: 'pat', dueAt: decidedAt + 3 * DAY, note: 'steering committee on Tuesday' },
        { criterionId: 'on-call', owner: 'ops', dueAt: decidedAt + 2 * DAY },
      ],
    });
    expect(record).toMatchObject({ id: 1, decision: 'NO-GO', decidedAt, decidedBy: 'lee', intact: true, acceptedRisks: null });
    expect(record.board).toMatchObject({ asOf: decidedAt, score: 60, verdict: 'NO-GO' });
    expect(record.board.categories.map((c) => [c.category, c.score])).toEqual([['security', 100], ['performance', 100], ['operations', 0], ['validation', 0]]);
    expect(record.board.criteria.find((c) => c.id === 'pentest')?.evidence[0]).toMatchObject({ by: 'ana', link: { kind: 'signoff' } });
    expect(record.votes.map((v) => v.choice)).toEqual(['NO-GO', 'HOLD']);
    expect(record.openItems.map((o) => o.criterionId)).toEqual(['on-call', 'stakeholders']);
    expect(record.followUps).toEqual({
      decision: 'NO-GO',
      blockingIssues: record.openItems,
      // In the board's order, one per unmet criterion.
      remediation: [
        { criterionId: 'on-call', title: 'On-call schedule established', owner: 'ops', dueAt: decidedAt + 2 * DAY, note: null },
        { criterionId: 'stakeholders', title: 'Stakeholders approve launch', owner: 'pat', dueAt: decidedAt + 3 * DAY, note: 'steering committee on Tuesday' },
      ],
      newTargetAt: decidedAt + 7 * DAY,
    });
    expect(events.find((e) => e.name === 'decision.recorded')?.payload).toEqual(record);
    expect((await client.call('meeting.get', {})).poll).toMatchObject({ state: 'closed', closedBy: 'lee', decisionId: 1 });

    // Later evidence: the board goes GO, the record stays as it was, byte for byte.
    clock.advance(HOUR);
    await signOff(client, 'on-call', 'stakeholders');
    expect(await client.call('board.get', {})).toMatchObject({ score: 100, verdict: 'GO' });
    const later = await client.call('decision.get', {});
    expect(later).toEqual(record);
    expect(await client.call('decision.get', { decisionId: 1 })).toEqual(record);

    // Chained into the audit trail, which still verifies.
    const entry = (await client.call('audit.tail', { limit: 10 })).find((e) => e.event === 'decision_recorded');
    expect(entry).toMatchObject({ seq: record.auditSeq, actor: 'lee', detail: { decisionId: 1, decision: 'NO-GO', digest: record.digest } });
    expect(await client.call('audit.verify', {})).toMatchObject({ ok: true });

    // The rows refuse change.
    const db = new Database(join(core.store.path));
    expect(() => db.prepare("UPDATE decisions SET decision = 'GO' WHERE id = 1").run()).toThrow(/decision records are frozen/);
    expect(() => db.prepare('DELETE FROM decisions').run()).toThrow(/decision records are frozen/);
    expect(() => db.prepare('UPDATE board_snapshots SET score = 100').run()).toThrow(/board snapshots are frozen/);
    // Someone who drops the guard and edits the record is seen.
    db.exec('DROP TRIGGER decisions_frozen');
    db.prepare("UPDATE decisions SET record = replace(record, 'On-call and stakeholder', 'Nothing') WHERE id = 1").run();
    db.close();
    expect(await client.call('decision.get', {})).toMatchObject({ intact: false, rationale: 'Nothing approval are missing.' });
  });

  it('records GO with the launch schedule and announcement once the board reads GO, and exports it', async () => {
    const { client, clock } = start();
    const poll = await client.call('meeting.openPoll', { by: 'ana' });
    await signOff(client, 'pentest', 'capacity', 'on-call', 'stakeholders');
    for (const role of ['development', 'operations', 'security', 'performance', 'stakeholders', 'leadership']) {
      await client.call('meeting.vote', { pollId: poll.id, role, by: `${role}-lead`, choice: 'GO' });
    }
    const now = clock.now();
    const record = await client.call('decision.record', {
      decision: 'GO',
      pollId: poll.id,
      by: 'lee',
      rationale: 'Every criterion met | unanimous',
      attendees: ['ana', 'lee'],
      launchAt: now + 2 * HOUR,
      schedule: [
        { at: now + 2 * HOUR + 30 * 60_000, what: 'Switch DNS' },
        { at: now + 2 * HOUR, what: 'Deploy 2.5.0 to production' },
      ],
      announcement: 'Checkout v2 is live.\nThank you all.',
    });
    expect(record.followUps).toEqual({
      decision: 'GO',
      launchAt: now + 2 * HOUR,
      schedule: [
        { at: now + 2 * HOUR, what: 'Deploy 2.5.0 to production' },
        { at: now + 2 * HOUR + 30 * 60_000, what: 'Switch DNS' },
      ],
      announcement: 'Checkout v2 is live.\nThank you all.',
    });
    expect(record.tally).toMatchObject({ GO: 6, missing: [] });
    expect(record.openItems).toEqual([]);

    const md = await client.call('decision.export', { format: 'md' });
    expect(md).toMatchObject({ decisionId: 1, fileName: 'decision-1-go-2026-11-25.md', mediaType: 'text/markdown' });
    expect(md.content).toContain('# Go/no-go decision \\#1: GO');
    expect(md.content).toContain('- **Board:** 100 % (GO needs 90 %), board verdict GO');
    expect(md.content).toContain('Every criterion met \\| unanimous');
    expect(md.content).toContain('| 2026-11-25 14:00 UTC | Deploy 2.5.0 to production |');
    expect(md.content).toContain('> Checkout v2 is live.\n> Thank you all.');
    expect(md.content).toContain('No security register: accepted risks are not recorded.');
    expect(md.content).toContain(`sha256 ${record.digest}`);
    const html = await client.call('decision.export', { decisionId: 1, format: 'html' });
    expect(html.content).toMatch(/^<!doctype html>/);
    expect(html.content).toContain('<span class="verdict GO">● GO</span>');
    expect(html.content).toContain('Every criterion met | unanimous');
    expect((await refusal(client.call('decision.export', { decisionId: 9, format: 'md' }))).code).toBe('not_found');
  });

  it('keeps one record when two operators decide at once; the other is told a decision was just recorded', async () => {
    const { client, core, clock } = start();
    const poll = await client.call('meeting.openPoll', { by: 'ana' });
    const second = createCoreClient(core, { role: 'operator', transport: 'memory' });
    const decide = (c: CommandClient, by: string) =>
      c.call('decision.record', { decision: 'NO-GO', pollId: poll.id, by, rationale: `${by} says no`, attendees: [by], newTargetAt: clock.now() + DAY, remediation: ['pentest', 'capacity', 'on-call', 'stakeholders'].map((criterionId) => ({ criterionId, owner: by, dueAt: clock.now() + DAY })) });
    const [first, other] = await Promise.allSettled([decide(client, 'ana'), decide(second, 'bo')]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { decidedBy: 'ana' } });
    expect(other.status).toBe('rejected');
    const error = other.status === 'rejected' ? other.reason : null;
    expect(error).toBeInstanceOf(RpcCallError);
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^a decision was just recorded: NO-GO by ana at 2026-11-25 12:00 UTC \(decision #1\)/) });
    expect(await client.call('decision.list', {})).toHaveLength(1);

    // The database itself keeps one per poll, whoever writes (another process).
    expect(() => core.store.meeting.addDecision(
      { pollId: poll.id, environment: 'production', decision: 'GO', decidedAt: clock.now(), decidedBy: 'eve', snapshotId: 1, score: 0 },
      () => ({ record: '{}', digest: 'x' }),
    )).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
  });

  it('refuses every change to a read-only viewer with 403, over HTTP', async () => {
    const { core } = start();
    const server = await startWebServer({
      dispatch: core.dispatch, bus: core.bus, rendererDir: '/nonexistent', host: '127.0.0.1', port: 0, token: undefined, readOnly: true, logger: silentLogger,
    });
    cleanups.push(() => server.close());
    const changes: [string, unknown][] = [
      ['meeting.openPoll', { by: 'wall' }],
      ['meeting.vote', { pollId: 1, role: 'security', by: 'wall', choice: 'GO' }],
      ['meeting.closePoll', { pollId: 1, by: 'wall' }],
      ['decision.record', { decision: 'NO-GO', pollId: 1, by: 'wall', rationale: 'x', attendees: ['wall'], newTargetAt: Date.now() + DAY, remediation: [] }],
    ];
    for (const [name, input] of changes) {
      const response = await fetch(`${server.url}rpc/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
      expect(response.status, name).toBe(403);
    }
    for (const [name, input] of [['meeting.get', {}], ['decision.get', {}], ['decision.list', {}]] as const) {
      const response = await fetch(`${server.url}rpc/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
      expect(response.status, name).toBe(200);
    }
    expect(core.store.meeting.latestPoll()).toBeNull();
  });
});
