/**
 * Alertmanager in the war room: where each environment's Alertmanager answers (the
 * `monitoring.alertmanager` part of warroom.yaml), how a runbook names the alerts it answers,
 * and what the core reports about alerts (active ones, their history, silences, test alerts).
 */
import { z } from 'zod';
import { DurationSchema } from './duration.js';
import { IdSchema } from './ids.js';
import { SecretRefSchema } from './probes.js';

// ---- Config ----

const AlertmanagerUrlSchema = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
  .refine((url) => !/^[a-z]+:\/\/[^/]*@/i.test(url), { error: 'credentials do not belong in a URL: use tokenEnv' });

/** One environment's Alertmanager. */
export const AlertmanagerSourceSchema = z
  .strictObject({
    url: AlertmanagerUrlSchema.meta({ description: 'Base URL of the Alertmanager, e.g. http://127.0.0.1:9093 (its API v2 is under /api/v2).' }),
    tokenEnv: SecretRefSchema.optional().meta({ description: 'Environment variable holding a bearer token sent as Authorization.' }),
    timeout: DurationSchema({ min: 100, max: 60_000 }).default(5000).meta({ description: 'Per request (default 5s).' }),
    pollInterval: DurationSchema({ min: 1000, max: 600_000 }).default(15_000).meta({ description: 'How often the alerts are read (default 15s).' }),
  })
  .meta({ description: 'Where an environment’s Alertmanager answers its HTTP API (v2).' });
export type AlertmanagerSource = z.output<typeof AlertmanagerSourceSchema>;

/** `monitoring.alertmanager`: an Alertmanager per environment id. */
export const AlertmanagerSourcesSchema = z
  .record(IdSchema, AlertmanagerSourceSchema)
  .default({})
  .meta({ description: 'Alertmanager per environment id: active alerts, silences, test alerts.' });

const AlertNameSchema = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/, { error: 'expected an alert name such as ServiceDown' });
const LabelNameSchema = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/, { error: 'expected a label name such as service' });

/** An alert name alone, or a name and/or labels that must all be equal. */
export const AlertMatcherSchema = z.union([
  AlertNameSchema,
  z
    .strictObject({
      name: AlertNameSchema.optional(),
      labels: z.record(LabelNameSchema, z.string().max(200)).optional(),
    })
    .refine((m) => m.name !== undefined || Object.keys(m.labels ?? {}).length > 0, { error: 'name an alert, labels to match, or both' }),
]);
export type AlertMatcher = z.output<typeof AlertMatcherSchema>;

/** A runbook's `alert:` field: one matcher or a list (any one matches). */
export const RunbookAlertSchema = z
  .union([AlertMatcherSchema, z.array(AlertMatcherSchema).min(1).max(20)])
  .meta({ description: 'The alert(s) this runbook answers: "ServiceDown", { name, labels }, or a list of them.' });
export type RunbookAlert = z.output<typeof RunbookAlertSchema>;

// ---- What the core answers ----

/** Alertmanager's own word: active, or suppressed by a silence or an inhibition. */
export const AlertStatusSchema = z.enum(['active', 'suppressed', 'unprocessed']);

export const AlertSchema = z.object({
  fingerprint: z.string(),
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  /** The `service` label, when the alert is about one service. */
  service: z.string().nullable(),
  severity: z.string().nullable(),
  status: AlertStatusSchema,
  silencedBy: z.array(z.string()),
  inhibitedBy: z.array(z.string()),
  startsAt: z.number().int(),
  updatedAt: z.number().int(),
  /** The runbook that answers it (first match in config order), null when none does. */
  runbookId: IdSchema.nullable(),
  generatorUrl: z.string().nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;

/**
 * unconfigured: no Alertmanager for this environment; pending: not read yet since the core started
 * (a first read is on its way), neither a failure nor "no alerts"; unreachable/error: the last read
 * failed (the message says how).
 */
export const AlertSourceStateSchema = z.enum(['unconfigured', 'pending', 'ok', 'unreachable', 'error']);
export type AlertSourceState = z.infer<typeof AlertSourceStateSchema>;

/** The alerts of the core's environment as last read. */
export const AlertsStateSchema = z.object({
  environment: IdSchema,
  source: z.object({ state: AlertSourceStateSchema, url: z.string().nullable(), message: z.string().nullable() }),
  /** When the last read answered (ok) or failed; null before the first (pending). */
  checkedAt: z.number().int().nullable(),
  /** Since when the alerts shown are what Alertmanager last said (a failed read keeps them, marked stale). */
  alertsAt: z.number().int().nullable(),
  /** Every alert Alertmanager holds: active first, then the suppressed ones (silenced or inhibited). */
  alerts: z.array(AlertSchema),
});
export type AlertsState = z.infer<typeof AlertsStateSchema>;

/** One firing episode of an alert, from first seen firing to resolved (null while it fires). */
export const AlertEpisodeSchema = z.object({
  id: z.number().int(),
  environment: IdSchema,
  fingerprint: z.string(),
  name: z.string(),
  service: z.string().nullable(),
  severity: z.string().nullable(),
  summary: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  startedAt: z.number().int(),
  lastSeenAt: z.number().int(),
  resolvedAt: z.number().int().nullable(),
});
export type AlertEpisode = z.infer<typeof AlertEpisodeSchema>;

export const AlertHistoryInputSchema = z.strictObject({
  service: IdSchema.optional(),
  /** Episodes that overlap [from, to] (epoch ms); default the last 24 hours. */
  from: z.number().int().optional(),
  to: z.number().int().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const SilenceInputSchema = z.strictObject({
  fingerprint: z.string().min(1).max(64),
  by: z.string().trim().min(1).max(80),
  reason: z.string().trim().min(1).max(500),
  durationMs: z.number().int().min(60_000).max(7 * 86_400_000),
});

export const SilenceSchema = z.object({
  silenceId: z.string(),
  matchers: z.array(z.object({ name: z.string(), value: z.string(), isEqual: z.boolean(), isRegex: z.boolean() })),
  createdBy: z.string(),
  comment: z.string(),
  startsAt: z.number().int(),
  endsAt: z.number().int(),
  state: z.string(),
});
export type Silence = z.infer<typeof SilenceSchema>;

export const TestAlertInputSchema = z.strictObject({
  by: z.string().trim().min(1).max(80),
  /** How long to wait for the alert to show in Alertmanager's list. */
  waitMs: z.number().int().min(0).max(60_000).default(10_000),
});

export const TestAlertResultSchema = z.object({
  /** The test alert's `test_id` label. */
  testId: z.string(),
  postedAt: z.number().int(),
  /** When Alertmanager listed it; null when it did not within waitMs. */
  arrivedAt: z.number().int().nullable(),
  fingerprint: z.string().nullable(),
});
export type TestAlertResult = z.infer<typeof TestAlertResultSchema>;

/** The name of the synthetic alert `warroom alert test` posts. */
export const TEST_ALERT_NAME = 'WarroomTestAlert';

/** Active (not silenced, not inhibited) alerts: what the board, the ticker and the badge count. */
export function activeAlerts(state: AlertsState): Alert[] {
  return state.alerts.filter((alert) => alert.status === 'active');
}
