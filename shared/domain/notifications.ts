/**
 * Notification channels of an environment (issue 14): besides the Slack-compatible webhook and the
 * desktop notifications, PagerDuty Events API v2 and email over SMTP. Secrets (the routing key, the
 * SMTP URL with its credentials) stay in environment variables the config names. Deliveries of
 * every channel are stored as evidence, test sends included.
 */
import { z } from 'zod';
import { SecretRefSchema } from './probes.js';

const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/** PagerDuty Events API v2: a health "down" triggers, "recovered" resolves, both by one dedup key per service. */
export const PagerDutyChannelSchema = z
  .strictObject({
    routingKeyEnv: SecretRefSchema.meta({ description: 'Variable holding the integration (routing) key of the PagerDuty service.' }),
    url: HttpUrl.default('https://events.pagerduty.com/v2/enqueue').meta({ description: 'Events API v2 endpoint (tests point it at a local receiver).' }),
    severity: z.enum(['critical', 'error', 'warning', 'info']).default('critical'),
    source: z.string().min(1).max(255).optional().meta({ description: 'The "source" of the events (default: warroom/<environment>).' }),
  })
  .meta({ description: 'Page the on-call through PagerDuty Events API v2 on health changes.' });
export type PagerDutyChannel = z.infer<typeof PagerDutyChannelSchema>;

const Address = z.email({ error: 'expected an email address' });

/** Email over SMTP; the server URL (smtp:// or smtps://, credentials included) comes from the environment. */
export const EmailChannelSchema = z
  .strictObject({
    urlEnv: SecretRefSchema.meta({ description: 'Variable holding the SMTP URL, e.g. smtps://user:password@mail.example.com:465.' }),
    from: Address,
    to: z.array(Address).min(1).max(50),
    /** Health changes by mail too (reports always go by mail when email is configured). */
    health: z.boolean().default(true).meta({ description: 'Send health changes by mail too (the end-of-day report always goes).' }),
    timeout: z.number().int().min(1000).max(120_000).default(15_000).meta({ description: 'Milliseconds for the whole SMTP exchange.' }),
  })
  .meta({ description: 'Send health changes and the end-of-day report by email over SMTP.' });
export type EmailChannel = z.infer<typeof EmailChannelSchema>;

/** The channels a delivery can go through. */
export const ChannelSchema = z.enum(['webhook', 'email', 'pagerduty']);
export type Channel = z.infer<typeof ChannelSchema>;

/** One channel of the core's environment as the app shows it (never the secret's value). */
export const ChannelViewSchema = z.object({
  channel: ChannelSchema,
  configured: z.boolean(),
  /** The variable the secret is read from, and whether it is set now. */
  secretEnv: z.string().nullable(),
  secretSet: z.boolean(),
  /** Where it goes, without secrets: recipients, the endpoint's host. */
  target: z.string().nullable(),
  lastDelivery: z.lazy(() => DeliverySchema).nullable(),
});
export type ChannelView = z.infer<typeof ChannelViewSchema>;

/** What was sent through one channel: a health change, a test, a report. Stored as evidence. */
export const DeliverySchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  channel: ChannelSchema,
  kind: z.enum(['health', 'test', 'report']),
  /** trigger / resolve for PagerDuty; null otherwise. */
  action: z.string().nullable(),
  subject: z.string(),
  state: z.enum(['sent', 'failed']),
  /** Why it failed (no secret in it), or what the far end answered. */
  detail: z.string().nullable(),
  reportId: z.number().int().nullable(),
});
export type Delivery = z.infer<typeof DeliverySchema>;
