import { afterEach, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../shared/testing/fake-clock.js';
import { silentLogger } from '../logger.js';
import { openStore } from '../store/store.js';
import type { Store } from '../store/store.js';
import { createNotificationService } from './notification-service.js';
import type { NotificationServiceDeps } from './notification-service.js';
import { startHttpReceiver, startSmtpSink } from './testing/local-receivers.js';
import type { HttpReceiver, SmtpSink } from './testing/local-receivers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function peers(): Promise<{ http: HttpReceiver; smtp: SmtpSink; store: Store }> {
  const http = await startHttpReceiver();
  const smtp = await startSmtpSink({ user: 'warroom', password: 's3cret-pass' });
  const store = openStore({ dataDir: ':memory:', now: () => 0 });
  cleanups.push(() => http.close(), () => smtp.close(), () => store.close());
  return { http, smtp, store };
}

function service(store: Store, env: NodeJS.ProcessEnv, settings: NotificationServiceDeps['settings']) {
  return createNotificationService({ environment: 'production', settings, env, clock: fakeClock(), repo: store.reports, logger: silentLogger, names: (s) => s.toUpperCase() });
}

describe('notification channels', () => {
  it('pages PagerDuty with trigger, acknowledge and resolve under one dedup key per service', async () => {
    const { http, store } = await peers();
    const channels = service(store, { PD_KEY: 'R0UTINGKEY0000000000000000000000' }, { pagerduty: { routingKeyEnv: 'PD_KEY', url: `${http.url}/v2/enqueue`, severity: 'critical' } });

    const [triggered] = await channels.health({ at: 1, kind: 'down', service: 'db', title: 'DB is down', body: 'connection refused', affected: ['api'] });
    const acked = await channels.acknowledge('db', 'ana');
    const [resolved] = await channels.health({ at: 2, kind: 'recovered', service: 'db', title: 'DB is back (up)', body: 'ok', affected: [] });

    const events = http.received.map((r) => r.body as Record<string, unknown>);
    expect(events.map((e) => [e.event_action, e.dedup_key, e.routing_key])).toEqual([
      ['trigger', 'warroom/production/db', 'R0UTINGKEY0000000000000000000000'],
      ['acknowledge', 'warroom/production/db', 'R0UTINGKEY0000000000000000000000'],
      ['resolve', 'warroom/production/db', 'R0UTINGKEY0000000000000000000000'],
    ]);
    expect(events[0]!.payload).toMatchObject({ summary: '[production] DB is down: connection refused', severity: 'critical', source: 'warroom/production', custom_details: { affected: ['API'] } });
    expect([triggered!.state, acked.state, resolved!.state]).toEqual(['sent', 'sent', 'sent']);
    expect(triggered).toMatchObject({ channel: 'pagerduty', kind: 'health', action: 'trigger', detail: 'HTTP 202 Event processed' });
    expect(store.reports.latestDelivery('pagerduty')).toMatchObject({ action: 'resolve', state: 'sent' });
  });

  it('sends a test mail through a real SMTP server with the credentials of the URL from the environment', async () => {
    const { smtp, store } = await peers();
    const channels = service(store, { SMTP_URL: smtp.url('warroom', 's3cret-pass') }, { email: { urlEnv: 'SMTP_URL', from: 'warroom@example.com', to: ['ops@example.com', 'lead@example.com'], health: true, timeout: 10_000 } });

    const delivery = await channels.test('email', 'ana');
    expect(delivery).toMatchObject({ channel: 'email', kind: 'test', state: 'sent' });
    const [mail] = await smtp.waitFor(1);
    expect(mail).toMatchObject({ from: 'warroom@example.com', to: ['ops@example.com', 'lead@example.com'], user: 'warroom' });
    expect(mail!.raw).toContain('Subject: Warroom test notification (production)');
    expect(mail!.raw).toContain('sent by ana');
  });

  it('stores a refused login as a failed delivery that says why and never shows the password', async () => {
    const { smtp, store } = await peers();
    const channels = service(store, { SMTP_URL: smtp.url('warroom', 'wrong-password') }, { email: { urlEnv: 'SMTP_URL', from: 'warroom@example.com', to: ['ops@example.com'], health: true, timeout: 10_000 } });

    const delivery = await channels.test('email', 'ana');
    expect(delivery.state).toBe('failed');
    expect(delivery.detail).toMatch(/Invalid (login|username)/i);
    expect(delivery.detail).not.toContain('wrong-password');
    expect(smtp.received).toHaveLength(0);
    expect(store.reports.latestDelivery('email')).toEqual(delivery);
  });

  it('tests PagerDuty with a trigger resolved at once, and a refused event fails naming the answer', async () => {
    const { http, store } = await peers();
    const channels = service(store, { PD_KEY: 'R0UTINGKEY0000000000000000000000' }, { pagerduty: { routingKeyEnv: 'PD_KEY', url: `${http.url}/v2/enqueue`, severity: 'critical' } });
    const ok = await channels.test('pagerduty', 'ana');
    expect(ok).toMatchObject({ state: 'sent', action: 'trigger+resolve' });
    const [trigger, resolve] = http.received.map((r) => r.body as { event_action: string; dedup_key: string; payload?: { severity: string } });
    expect(trigger).toMatchObject({ event_action: 'trigger', payload: { severity: 'info' } });
    expect(resolve).toMatchObject({ event_action: 'resolve', dedup_key: trigger!.dedup_key });

    http.answerWith(400);
    const refused = await channels.test('pagerduty', 'ana');
    expect(refused).toMatchObject({ state: 'failed', detail: expect.stringContaining('PagerDuty answered HTTP 400') });
    expect(refused.detail).not.toContain('R0UTINGKEY');
  });

  it('refuses a test of a channel that is not configured or whose variable is not set, naming what is missing', async () => {
    const { store } = await peers();
    const channels = service(store, {}, { webhook: { urlEnv: 'HOOK_URL' } });
    await expect(channels.test('webhook', 'ana')).rejects.toThrow('webhook of production: HOOK_URL is not set in the environment');
    await expect(channels.test('pagerduty', 'ana')).rejects.toThrow('no pagerduty channel is configured for production (environments.production.pagerduty in the config)');
    expect(channels.channels().map((c) => [c.channel, c.configured, c.secretSet])).toEqual([
      ['webhook', true, false],
      ['email', false, false],
      ['pagerduty', false, false],
    ]);
  });

  it('posts a test to the webhook through the health sender', async () => {
    const { http, store } = await peers();
    const channels = service(store, { HOOK_URL: `${http.url}/hook` }, { webhook: { urlEnv: 'HOOK_URL', mention: '@oncall' } });
    expect(await channels.test('webhook', 'ana')).toMatchObject({ state: 'sent' });
    expect((http.received[0]!.body as { text: string }).text).toMatch(/^@oncall \[production\] :white_check_mark: \*Warroom test notification \(production\)\*/);
  });
});
