/**
 * The environment's notification channels: the Slack-compatible webhook, PagerDuty Events API v2
 * and email over SMTP. Sends health changes (PagerDuty and email; the webhook's health posts stay
 * with the probe service), test messages and reports, and stores every delivery, sent or failed,
 * with why. Secrets are read from the environment when sending and masked out of every detail.
 */
import type { Environment } from '../../../shared/domain/config.js';
import type { Channel, ChannelView, Delivery } from '../../../shared/domain/notifications.js';
import type { HealthNotificationPayload } from '../../../shared/domain/probes.js';
import type { Clock } from '../clock.js';
import { UnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';
import { postWebhookText } from '../probes/notifier.js';
import type { NewDelivery, ReportsRepo } from '../store/repos/reports-repo.js';
import { sendMail } from './email-sender.js';
import { sendPagerDutyEvent } from './pagerduty-sender.js';
import type { PagerDutyAction } from './pagerduty-sender.js';

export const CHANNELS: readonly Channel[] = ['webhook', 'email', 'pagerduty'];

/** A message for every channel: Slack mrkdwn for the webhook, a subject, text and HTML for mail. */
export interface Message {
  subject: string;
  text: string;
  html?: string;
  /** Slack text; default `*subject*\ntext`. */
  slack?: string;
}

export interface NotificationService {
  channels(): ChannelView[];
  /** Channels configured and with their secret set, in CHANNELS order. */
  ready(channels?: readonly Channel[]): Channel[];
  /** Sends a test through one channel (PagerDuty: a trigger and its resolve); stored like any delivery. */
  test(channel: Channel, by: string): Promise<Delivery>;
  /** A report through the webhook and email (whichever are configured), one delivery each. */
  sendReport(reportId: number, message: Message): Promise<Delivery[]>;
  /** A health change: PagerDuty trigger / resolve by service, and mail when email.health is on. */
  health(notification: HealthNotificationPayload): Promise<Delivery[]>;
  /** Acknowledge the PagerDuty incident of a service (someone is on it). */
  acknowledge(service: string, by: string): Promise<Delivery>;
}

export interface NotificationServiceDeps {
  environment: string;
  settings: Pick<Environment, 'webhook' | 'email' | 'pagerduty'> | undefined;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  repo: ReportsRepo;
  logger: Logger;
  /** Service id → display name. */
  names?: (service: string) => string;
}

export function createNotificationService(deps: NotificationServiceDeps): NotificationService {
  const settings = deps.settings ?? {};
  const names = deps.names ?? ((service: string) => service);
  const secretEnvOf = (channel: Channel): string | null =>
    channel === 'webhook' ? (settings.webhook?.urlEnv ?? null) : channel === 'email' ? (settings.email?.urlEnv ?? null) : (settings.pagerduty?.routingKeyEnv ?? null);
  const secretOf = (channel: Channel): string | undefined => {
    const name = secretEnvOf(channel);
    const value = name ? deps.env[name] : undefined;
    return value === undefined || value === '' ? undefined : value;
  };
  const dedupKey = (service: string) => `warroom/${deps.environment}/${service}`;

  /** Every way a secret could show in an error text: whole, URL-decoded, and the password of a URL. */
  const mask = (text: string): string => {
    let masked = text;
    for (const channel of CHANNELS) {
      const secret = secretOf(channel);
      if (!secret) continue;
      const parts = [secret, safeDecode(secret)];
      try {
        const url = new URL(secret);
        if (url.password) parts.push(url.password, safeDecode(url.password));
      } catch {
        // Not a URL (a routing key): the whole value is the secret.
      }
      for (const part of parts) if (part.length >= 4) masked = masked.split(part).join('***');
    }
    return masked;
  };

  function unavailable(channel: Channel): UnavailableError {
    const name = secretEnvOf(channel);
    return new UnavailableError(
      name
        ? `${channel} of ${deps.environment}: ${name} is not set in the environment`
        : `no ${channel} channel is configured for ${deps.environment} (environments.${deps.environment}.${channel} in the config)`,
    );
  }

  async function attempt(base: Omit<NewDelivery, 'at' | 'state' | 'detail'>, send: () => Promise<string | undefined>): Promise<Delivery> {
    let state: Delivery['state'];
    let detail: string | null;
    try {
      detail = (await send()) ?? null;
      state = 'sent';
    } catch (error) {
      state = 'failed';
      detail = mask(describe(error));
      deps.logger.warn(`${base.channel} of ${deps.environment}: ${base.subject}: ${detail}`);
    }
    return deps.repo.addDelivery({ ...base, at: deps.clock.now(), state, detail: detail === null ? null : detail.slice(0, 1000) });
  }

  async function viaWebhook(message: Message): Promise<string | undefined> {
    const url = secretOf('webhook');
    if (!url) throw unavailable('webhook');
    const mention = settings.webhook?.mention ? `${settings.webhook.mention} ` : '';
    await postWebhookText(url, `${mention}[${deps.environment}] ${message.slack ?? `*${message.subject}*\n${message.text}`}`, { timeoutMs: 10_000 });
    return 'posted';
  }

  async function viaEmail(message: Message): Promise<string | undefined> {
    const url = secretOf('email');
    const email = settings.email;
    if (!url || !email) throw unavailable('email');
    return sendMail(url, { from: email.from, to: email.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}) }, { timeoutMs: email.timeout });
  }

  async function viaPagerDuty(action: PagerDutyAction, key: string, summary: string, details?: Record<string, unknown>, severity?: 'critical' | 'error' | 'warning' | 'info'): Promise<string> {
    const routingKey = secretOf('pagerduty');
    const pagerduty = settings.pagerduty;
    if (!routingKey || !pagerduty) throw unavailable('pagerduty');
    return sendPagerDutyEvent(pagerduty.url, routingKey, {
      action,
      dedupKey: key,
      summary,
      source: pagerduty.source ?? `warroom/${deps.environment}`,
      severity: severity ?? pagerduty.severity,
      timestampMs: deps.clock.now(),
      ...(details ? { details } : {}),
    });
  }

  const isConfigured = (channel: Channel) => secretEnvOf(channel) !== null;
  const ready = (channels: readonly Channel[] = CHANNELS) => channels.filter((c) => isConfigured(c) && secretOf(c) !== undefined);

  return {
    channels: () =>
      CHANNELS.map((channel) => ({
        channel,
        configured: isConfigured(channel),
        secretEnv: secretEnvOf(channel),
        secretSet: secretOf(channel) !== undefined,
        target:
          channel === 'email'
            ? (settings.email?.to.join(', ') ?? null)
            : channel === 'pagerduty'
              ? (settings.pagerduty ? new URL(settings.pagerduty.url).host : null)
              : settings.webhook
                ? 'Slack-compatible webhook'
                : null,
        lastDelivery: deps.repo.latestDelivery(channel),
      })),
    ready,
    async test(channel, by) {
      if (!isConfigured(channel) || secretOf(channel) === undefined) throw unavailable(channel);
      const at = deps.clock.now();
      const subject = `Warroom test notification (${deps.environment})`;
      const text = `A test sent by ${by} at ${new Date(at).toISOString()} through the ${channel} channel of ${deps.environment}. Nothing is wrong.`;
      const base = { channel, kind: 'test' as const, subject, reportId: null };
      if (channel === 'pagerduty') {
        // A trigger the receiver can see, resolved at once so nobody stays paged for a test.
        const key = `warroom/${deps.environment}/test-${at}`;
        return attempt({ ...base, action: 'trigger+resolve' }, async () => {
          const triggered = await viaPagerDuty('trigger', key, `${subject}: sent by ${by}`, { test: true, by }, 'info');
          const resolved = await viaPagerDuty('resolve', key, subject);
          return `trigger ${triggered}; resolve ${resolved}`;
        });
      }
      return attempt({ ...base, action: null }, () => (channel === 'email' ? viaEmail({ subject, text }) : viaWebhook({ subject, text, slack: `:white_check_mark: *${subject}* — ${text}` })));
    },
    async sendReport(reportId, message) {
      const channels = (['webhook', 'email'] as const).filter(isConfigured);
      if (channels.length === 0) {
        throw new UnavailableError(`no channel for reports is configured for ${deps.environment}: add environments.${deps.environment}.webhook or .email to the config`);
      }
      const deliveries: Delivery[] = [];
      for (const channel of channels) {
        // A channel whose secret is missing is a failed delivery that says so: the report is kept and can be sent again.
        deliveries.push(await attempt({ channel, kind: 'report', action: null, subject: message.subject, reportId }, () => (channel === 'email' ? viaEmail(message) : viaWebhook(message))));
      }
      return deliveries;
    },
    async health(notification) {
      const deliveries: Delivery[] = [];
      const subject = `[${deps.environment}] ${notification.title}`;
      if (isConfigured('pagerduty')) {
        const action: PagerDutyAction = notification.kind === 'down' ? 'trigger' : 'resolve';
        deliveries.push(
          await attempt({ channel: 'pagerduty', kind: 'health', action, subject, reportId: null }, () =>
            viaPagerDuty(action, dedupKey(notification.service), `${subject}: ${notification.body}`.slice(0, 1024), {
              service: notification.service,
              affected: notification.affected.map(names),
              reason: notification.body,
            }),
          ),
        );
      }
      if (isConfigured('email') && settings.email?.health) {
        deliveries.push(await attempt({ channel: 'email', kind: 'health', action: null, subject, reportId: null }, () => viaEmail({ subject, text: notification.body })));
      }
      return deliveries;
    },
    async acknowledge(service, by) {
      if (!isConfigured('pagerduty') || secretOf('pagerduty') === undefined) throw unavailable('pagerduty');
      const subject = `[${deps.environment}] ${names(service)} acknowledged by ${by}`;
      return attempt({ channel: 'pagerduty', kind: 'health', action: 'acknowledge', subject, reportId: null }, () => viaPagerDuty('acknowledge', dedupKey(service), subject));
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
