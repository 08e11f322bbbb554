import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandClient } from '../../../shared/contract/index.js';
import type { WireEvent } from '../../../shared/contract/events.js';
import { fakeClock } from '../../../shared/testing/fake-clock.js';
import type { FakeClock } from '../../../shared/testing/fake-clock.js';
import { dayBounds, dayOf, previousDay } from '../../../shared/util/calendar-day.js';
import { loadConfigFile } from '../config/load-config.js';
import { createCoreParts } from '../core.js';
import type { CoreParts } from '../core.js';
import { silentLogger } from '../logger.js';
import { startHttpReceiver, startSmtpSink } from '../notifications/testing/local-receivers.js';
import type { HttpReceiver, SmtpSink } from '../notifications/testing/local-receivers.js';
import { createCoreClient } from '../rpc/core-client.js';
import { makeTempDir } from '../testing/temp-dir.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

const CONFIG = `version: 1
name: Launch
defaultEnvironment: production
environments:
  production:
    label: Production
    webhook: { urlEnv: HOOK_URL }
    email: { urlEnv: SMTP_URL, from: warroom@example.com, to: [ops@example.com], health: false }
    pagerduty: { routingKeyEnv: PD_KEY, url: "http://127.0.0.1:9/v2/enqueue" }
services:
  api: { name: API, baseUrl: "http://127.0.0.1:9" }
  db: { name: Database, baseUrl: "http://127.0.0.1:9" }
probes: { standard: false }
`;

interface Harness {
  core: CoreParts;
  clock: FakeClock;
  client: CommandClient;
  http: HttpReceiver;
  smtp: SmtpSink;
  events: WireEvent[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(): Promise<Harness> {
  const temp = makeTempDir('warroom-reports-');
  const http = await startHttpReceiver();
  const smtp = await startSmtpSink();
  const clock = fakeClock();
  writeFileSync(join(temp.path, 'warroom.yaml'), CONFIG.replace('http://127.0.0.1:9/v2/enqueue', `${http.url}/v2/enqueue`));
  const core = createCoreParts({
    loaded: loadConfigFile(join(temp.path, 'warroom.yaml')),
    dataDir: join(temp.path, 'data'),
    shell: 'test',
    ownership: 'owner',
    logger: silentLogger,
    probing: false,
    clock,
    timers: clock,
    env: { HOOK_URL: `${http.url}/hook`, SMTP_URL: smtp.url(), PD_KEY: 'R0UTINGKEY0000000000000000000000' },
  });
  const events: WireEvent[] = [];
  core.bus.on('report.changed', (payload, meta) => events.push({ name: 'report.changed', payload, ...meta }));
  cleanups.push(() => temp.remove(), () => smtp.close(), () => http.close(), () => core.close());
  return { core, clock, client: createCoreClient(core, { role: 'operator', transport: 'memory' }), http, smtp, events };
}

/** Yesterday and today's evidence, put in through the store's repositories. */
function seed(core: CoreParts, fromAt: number): void {
  const { store } = core;
  const down = (service: string, at: number, reason: string) => store.healthTransitions.record('production', { service, probeId: null, at, from: 'up', to: 'down', reason, causedBy: null });
  const up = (service: string, at: number) => store.healthTransitions.record('production', { service, probeId: null, at, from: 'down', to: 'up', reason: 'ok', causedBy: null });
  // db went down before midnight and came back 30 min into the day; api failed twice today.
  down('db', fromAt - HOUR, 'connection refused');
  up('db', fromAt + 30 * MIN);
  down('api', fromAt + 2 * HOUR, 'HTTP 503');
  up('api', fromAt + 2 * HOUR + 5 * MIN);
  down('api', fromAt + 3 * HOUR, 'timeout');

  const yesterdayRun = store.loadRuns.create({ profile: 'peak', scenario: 's', environment: 'production', baseUrl: 'http://x', actor: 'bo', model: 'closed', plannedMs: 60_000, startedAt: fromAt - 2 * HOUR });
  store.loadRuns.fail(yesterdayRun.id, 'engine crashed', fromAt - 2 * HOUR + MIN);
  const todayRun = store.loadRuns.create({ profile: 'smoke', scenario: 's', environment: 'production', baseUrl: 'http://x', actor: 'ana', model: 'closed', plannedMs: 60_000, startedAt: fromAt + HOUR });
  store.loadRuns.fail(todayRun.id, 'target refused connections', fromAt + HOUR + MIN);

  const run = store.actionRuns.create({ actionId: 'deploy', environment: 'production', params: {}, dryRun: true, actor: 'ana', requestedAt: fromAt + 4 * HOUR, state: 'running' });
  store.actionRuns.start(run.id, fromAt + 4 * HOUR, null);
  store.actionRuns.finish(run.id, { state: 'failed', endedAt: fromAt + 4 * HOUR + MIN, exitCode: 3, signal: null, reason: null, output: null, outputBytes: 0, truncated: false, digest: null });

  store.security.recordCounts(fromAt - HOUR, 'import', { critical: 0, high: 1, medium: 0, low: 0, info: 0 });
  store.security.recordCounts(fromAt + 5 * HOUR, 'import', { critical: 1, high: 2, medium: 3, low: 0, info: 4 });
}

describe('end-of-day report', () => {
  it('is gathered from the day’s stored evidence only, says "no plan imported", and escapes what people typed', async () => {
    const { core, clock, client } = await start();
    const day = dayOf(clock.now());
    const { fromAt } = dayBounds(day);
    clock.advance(fromAt + 6 * HOUR - clock.now());
    seed(core, fromAt);
    await client.call('standup.add', { person: 'ana', yesterday: 'smoke tests', today: 'peak run', blockers: 'staging <script>alert(1)</script> is down' });
    await client.call('standup.add', { person: 'bo', today: 'rollback drill' });

    const report = await client.call('reports.generate', { by: 'lead' });
    const c = report.content;
    expect(report).toMatchObject({ day, environment: 'production', by: 'lead', delivery: 'unsent', deliveries: [] });
    expect(c.fromAt).toBe(fromAt);
    expect(c.toAt).toBe(clock.now());
    expect(c.plan).toBeNull();
    expect(c.loadRuns.map((r) => [r.profile, r.state, r.why])).toEqual([['smoke', 'aborted', 'target refused connections']]);
    expect(c.actionRuns).toEqual([expect.objectContaining({ actionId: 'deploy', state: 'failed', exitCode: 3, dryRun: true })]);
    expect(c.openFindings).toEqual({ critical: 1, high: 2, medium: 3, low: 0, info: 4 });
    const health = Object.fromEntries(c.health.map((h) => [h.service, h]));
    expect(health.db!.downMs).toBe(30 * MIN);
    expect(health.db!.incidents).toEqual([{ fromAt, toAt: fromAt + 30 * MIN, reason: 'connection refused' }]);
    expect(health.api!.downMs).toBe(5 * MIN + 3 * HOUR);
    expect(health.api!.incidents.at(-1)).toEqual({ fromAt: fromAt + 3 * HOUR, toAt: null, reason: 'timeout' });
    expect(c.standups.map((n) => n.person)).toEqual(['ana', 'bo']);
    expect(c.nextSteps).toEqual(
      expect.arrayContaining([
        "Clear ana's blocker: staging <script>alert(1)</script> is down",
        'Load profile smoke aborted (target refused connections): fix and run it again',
        'Fix or triage 1 critical and 2 high open findings',
        'Restore API: down for 3 h (timeout)',
      ]),
    );

    expect(report.markdown).toContain('No plan imported: no tasks to report.');
    expect(report.markdown).toContain('| API | 3 h 05 min |');
    expect(report.html).toContain('staging &#60;script&#62;alert(1)&#60;/script&#62; is down');
    expect(report.html).not.toContain('<script>');

    // Stored, queryable by day, and audited.
    expect(await client.call('reports.get', { day })).toMatchObject({ id: report.id, markdown: report.markdown });
    expect((await client.call('reports.list', { fromDay: day, toDay: day })).map((r) => r.id)).toEqual([report.id]);
    expect((await client.call('audit.tail', { limit: 5 })).map((e) => e.event)).toEqual(['report_generated', 'standup_added', 'standup_added']);
  });

  it('of yesterday reads nothing of today, and compares the board with the day before', async () => {
    const { core, clock, client } = await start();
    const today = dayOf(clock.now());
    const { fromAt } = dayBounds(today);
    clock.advance(fromAt + 6 * HOUR - clock.now());
    seed(core, fromAt);
    const yesterday = previousDay(today);
    const report = await client.call('reports.generate', { day: yesterday, by: 'lead' });
    expect(report.content.toAt).toBe(fromAt);
    expect(report.content.loadRuns.map((r) => [r.profile, r.why])).toEqual([['peak', 'engine crashed']]);
    expect(report.content.actionRuns).toEqual([]);
    expect(report.content.openFindings).toEqual({ critical: 0, high: 1, medium: 0, low: 0, info: 0 });
    expect(report.content.health.find((h) => h.service === 'db')).toMatchObject({ downMs: HOUR, incidents: [{ fromAt: fromAt - HOUR, toAt: null }] });
    expect(report.content.score.yesterday).toEqual(expect.any(Number));
    expect(report.markdown).toContain('No stand-up notes for this day.');
    await expect(client.call('reports.generate', { day: dayOf(fromAt + 48 * HOUR), by: 'lead' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('is sent to the webhook and the SMTP sink; a channel that fails says so, the report is kept and can be re-sent', async () => {
    const { clock, client, http, smtp, events } = await start();
    clock.advance(HOUR);
    const report = await client.call('reports.generate', { by: 'lead' });

    http.answerWith(500);
    const first = await client.call('reports.send', { reportId: report.id, by: 'lead' });
    expect(first.delivery).toBe('partial');
    expect(first.deliveries.map((d) => [d.channel, d.state, d.detail])).toEqual([
      ['webhook', 'failed', 'webhook answered HTTP 500'],
      ['email', 'sent', expect.stringMatching(/^250/)],
    ]);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['ops@example.com']);
    expect(mail!.raw).toContain(`Subject: Launch: end of day ${report.day}`);
    expect(mail!.raw).toContain('text/html');

    http.answerWith(200);
    const again = await client.call('reports.send', { reportId: report.id, by: 'lead' });
    expect(again.delivery).toBe('sent');
    expect(again.deliveries).toHaveLength(4);
    const posted = http.received.at(-1)!.body as { text: string };
    expect(posted.text).toContain(`*Launch: end of day ${report.day}*`);
    expect(posted.text).toContain('Tasks: no plan imported');
    expect(events.map((e) => e.name === 'report.changed' && e.payload.delivery)).toEqual(['unsent', 'partial', 'sent']);
    expect((await client.call('reports.get', { reportId: report.id }))!.delivery).toBe('sent');
  });

  it('refuses an empty stand-up note and a malformed day, and keeps the notes of a day per person', async () => {
    const { client } = await start();
    await expect(client.call('standup.add', { person: 'ana' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('at least one of yesterday, today or blockers') });
    await expect(client.call('standup.list', { day: '2026-02-30' })).rejects.toMatchObject({ code: 'invalid_input' });
    const note = await client.call('standup.add', { person: 'ana', day: '2026-11-20', blockers: 'no VPN', by: 'lead' });
    expect(note).toMatchObject({ day: '2026-11-20', person: 'ana', blockers: 'no VPN', by: 'lead', yesterday: '' });
    expect((await client.call('standup.list', { day: '2026-11-20' })).notes).toEqual([note]);
    expect((await client.call('standup.list', {})).notes).toEqual([]);
  });

  it('lists the imported plan’s tasks of the day as they stood when the report was made', async () => {
    const { clock, client } = await start();
    const day = dayOf(clock.now());
    const { fromAt } = dayBounds(day);
    clock.advance(fromAt + 9 * HOUR - clock.now());
    const markdown = [`## Day 3 (${day})`, '', '- [x] Run the smoke suite @ana', '- [ ] Rehearse the rollback @bo', '- [ ] Sign off security @cy', '', '## Another day (2020-01-01)', '', '- [ ] Not today', ''].join('\n');
    await client.call('plan.import', { markdown, fileName: 'plan.md', by: 'lead' });
    const tasks = (await client.call('plan.get', {})).tasks;
    const key = (text: string) => tasks.find((task) => task.text.startsWith(text))!.key;
    clock.advance(HOUR);
    await client.call('plan.markTask', { key: key('Sign off security'), state: 'blocked', reason: 'waiting for the pentest report', by: 'cy' });
    const first = (await client.call('reports.generate', { by: 'lead' })).content.plan;
    expect(first).toEqual({
      done: [{ text: expect.stringContaining('Run the smoke suite'), owner: 'ana', reason: null }],
      open: [{ text: expect.stringContaining('Rehearse the rollback'), owner: 'bo', reason: null }],
      blocked: [{ text: expect.stringContaining('Sign off security'), owner: 'cy', reason: 'waiting for the pentest report' }],
    });
    // A tick made after the report does not change what that moment saw; the next report has it.
    clock.advance(HOUR);
    await client.call('plan.markTask', { key: key('Rehearse the rollback'), state: 'done', by: 'bo' });
    const second = (await client.call('reports.generate', { by: 'lead' })).content.plan;
    expect(second?.done.map((task) => task.owner)).toEqual(['ana', 'bo']);
    expect(second?.open).toEqual([]);
  });
});

describe('health changes through the channels', () => {
  it('pages PagerDuty when the owner core tells a service down, and resolves it when it is back', async () => {
    const { core, http } = await start();
    core.bus.emit('health.notification', { at: 1, kind: 'down', service: 'db', title: 'Database is down', body: 'connection refused', affected: ['api'] });
    core.bus.emit('health.notification', { at: 2, kind: 'recovered', service: 'db', title: 'Database is back (up)', body: 'ok', affected: [] });
    const received = await http.waitFor(2);
    expect(received.map((r) => [r.path, (r.body as { event_action: string }).event_action, (r.body as { dedup_key: string }).dedup_key])).toEqual([
      ['/v2/enqueue', 'trigger', 'warroom/production/db'],
      ['/v2/enqueue', 'resolve', 'warroom/production/db'],
    ]);
    // Each stored once its answer came; email.health is off, so no mail for health changes.
    await vi.waitFor(() =>
      expect(core.store.reports.deliveries({ fromAt: 0, toAt: Number.MAX_SAFE_INTEGER, limit: 10 }).map((d) => `${d.channel} ${d.action} ${d.state}`).sort()).toEqual([
        'pagerduty resolve sent',
        'pagerduty trigger sent',
      ]),
    );
  });
});
