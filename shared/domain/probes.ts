/**
 * Health probes: how they are declared in warroom.yaml, what one check produces, and the health
 * the core derives per probe and per service. Shared by the probe service, the CLI and the tiles.
 */
import { z } from 'zod';
import { DurationSchema } from './duration.js';
import { IdSchema } from './ids.js';

/** Name of an environment variable holding a secret (never the secret itself). */
export const SecretRefSchema = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]{0,127}$/, { error: 'expected the NAME of an environment variable (A-Z, 0-9, _)' })
  .meta({ description: 'Name of an environment variable that holds the secret; the value never goes in the config.' });

const ProbeCommonShape = {
  /** Unique within its service; the probe's id is "<service>/<name>". */
  name: IdSchema,
  interval: DurationSchema({ min: 1000, max: 3_600_000 }).optional(),
  timeout: DurationSchema({ min: 100, max: 120_000 }).optional(),
  /** Extra attempts within one check before it counts as failed. */
  retries: z.number().int().min(0).max(5).optional(),
  /** Consecutive results needed before the probe's status changes (one lost packet must not page the room). */
  confirmations: z.number().int().min(1).max(20).optional(),
  /** A check slower than this is "degraded" even when it passes. */
  latencyBudget: DurationSchema({ max: 120_000 }).optional(),
};

export const HttpProbeSchema = z.strictObject({
  ...ProbeCommonShape,
  kind: z.literal('http'),
  /** Path under the service's base URL, e.g. /health/ready ... */
  path: z.string().startsWith('/').optional(),
  /** ... or a full URL (then the base URL is not used). */
  url: z.url({ protocol: /^https?$/ }).optional(),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
  /** Header values may use ${env:NAME} to take a secret from the environment. */
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string().max(4096)).default({}),
  body: z.string().max(65_536).optional(),
  /** Accepted status codes; default any 2xx. */
  expectStatus: z.array(z.number().int().min(100).max(599)).min(1).optional(),
  bodyContains: z.string().min(1).optional(),
  /** Dotted path into the JSON body ("status", "checks.database", "items[0].id") and the value it must equal. */
  json: z.strictObject({ path: z.string().min(1), equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) }).optional(),
  /** For https: "degraded" when the certificate expires within this many days. */
  certificateMinDays: z.number().int().min(0).max(3650).default(14),
  /** Accept invalid TLS certificates (self-signed test hosts); the result still says so. */
  insecureTls: z.boolean().default(false),
  maxBodyBytes: z.number().int().min(0).max(64 * 1024 * 1024).default(1024 * 1024),
});

export const TcpProbeSchema = z.strictObject({
  ...ProbeCommonShape,
  kind: z.literal('tcp'),
  /** Default: the host of the service's base URL. */
  host: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65535),
});

export const DnsProbeSchema = z.strictObject({
  ...ProbeCommonShape,
  kind: z.literal('dns'),
  /** Default: the host of the service's base URL. */
  hostname: z.string().min(1).optional(),
  recordType: z.enum(['A', 'AAAA', 'CNAME', 'TXT', 'ANY']).default('A'),
  /** The answer must contain each of these (addresses or names). */
  expect: z.array(z.string()).optional(),
});

export const CommandProbeSchema = z.strictObject({
  ...ProbeCommonShape,
  kind: z.literal('command'),
  /** argv only, never a shell string; exit code 0 = up. Relative paths are relative to the config file. */
  argv: z.array(z.string().min(1)).min(1),
  cwd: z.string().optional(),
  /** Extra environment: values are names of variables to pass through (secrets by name). */
  env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), SecretRefSchema).default({}),
});

export const PostgresProbeSchema = z.strictObject({
  ...ProbeCommonShape,
  kind: z.literal('postgres'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(5432),
  database: z.string().min(1).default('postgres'),
  user: z.string().min(1),
  passwordEnv: SecretRefSchema.optional(),
  ssl: z.boolean().default(false),
  /** On a replica: "degraded" when replay lag exceeds this. */
  maxReplicaLag: DurationSchema({ max: 86_400_000 }).optional(),
});

export const RedisProbeSchema = z.strictObject({
  ...ProbeCommonShape,
  kind: z.literal('redis'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(6379),
  passwordEnv: SecretRefSchema.optional(),
  /** "degraded" when used_memory exceeds this many bytes. */
  maxMemoryBytes: z.number().int().positive().optional(),
});

/** `value < 0.5`: every series of the answer must meet it; an answer with no series is "no data" (down). */
export const PROMQL_CONDITION = /^\s*value\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/;

export const PromqlProbeSchema = z.strictObject({
  ...ProbeCommonShape,
  kind: z.literal('promql'),
  /** PromQL instant query, sent to the environment's Prometheus (monitoring.prometheus). */
  query: z.string().min(1).max(4000),
  condition: z.string().regex(PROMQL_CONDITION, { error: 'expected a condition such as "value < 0.5" (value, one of < <= > >= == !=, a number)' }),
});

export const ProbeSpecSchema = z.discriminatedUnion('kind', [
  HttpProbeSchema,
  TcpProbeSchema,
  DnsProbeSchema,
  CommandProbeSchema,
  PostgresProbeSchema,
  RedisProbeSchema,
  PromqlProbeSchema,
]);
export type ProbeSpec = z.output<typeof ProbeSpecSchema>;
export type ProbeKind = ProbeSpec['kind'];

export const ProbeDefaultsSchema = z.strictObject({
  interval: DurationSchema({ min: 1000, max: 3_600_000 }).default(10_000),
  timeout: DurationSchema({ min: 100, max: 120_000 }).default(3000),
  retries: z.number().int().min(0).max(5).default(0),
  confirmations: z.number().int().min(1).max(20).default(2),
  latencyBudget: DurationSchema({ max: 120_000 }).default(1000),
});

/** The `probes:` section of warroom.yaml. */
export const ProbesConfigSchema = z.strictObject({
  defaults: ProbeDefaultsSchema.prefault({}),
  /**
   * Every service without probes of its own gets GET /health/live and GET /health/ready. Set to
   * false to probe only what is listed under `services`.
   */
  standard: z.boolean().default(true),
  /** Probes per service id. */
  services: z.record(IdSchema, z.array(ProbeSpecSchema).min(1)).default({}),
  /** Raw results are kept this long, then only per-minute rollups. */
  rawRetention: DurationSchema({ min: 3_600_000 }).default(7 * 86_400_000),
  rollupRetention: DurationSchema({ min: 86_400_000 }).default(90 * 86_400_000),
  /** A probe that changes status this many times within `flappingWindow` is flapping. */
  flappingTransitions: z.number().int().min(2).max(100).default(4),
  flappingWindow: DurationSchema({ min: 10_000 }).default(600_000),
  /** Checks run at the same time, over all probes. */
  concurrency: z.number().int().min(1).max(10_000).default(64),
});
export type ProbesConfig = z.output<typeof ProbesConfigSchema>;

/** A probe after defaults are applied and its target resolved for one environment. */
export type ResolvedProbe = ProbeSpec & {
  /** "<service>/<name>" */
  id: string;
  service: string;
  intervalMs: number;
  timeoutMs: number;
  retries: number;
  confirmations: number;
  latencyBudgetMs: number;
  /** http: the URL to call; tcp/dns: the host; promql: the Prometheus URL; others: undefined. */
  target?: string;
  /** promql: the environment's Prometheus. */
  prometheus?: { url: string; tokenEnv?: string | undefined; timeoutMs: number };
};

// ---- Results and health ----

export const ProbeOutcomeSchema = z.enum(['up', 'degraded', 'down']);
export type ProbeOutcome = z.infer<typeof ProbeOutcomeSchema>;

/** What one check of one probe found. */
export const ProbeResultSchema = z.object({
  probeId: z.string(),
  service: z.string(),
  at: z.number().int(),
  outcome: ProbeOutcomeSchema,
  latencyMs: z.number().nonnegative(),
  /** Short reason a person can read: "HTTP 503", "connection refused", "certificate expires in 3 days". */
  detail: z.string(),
});
export type ProbeResult = z.infer<typeof ProbeResultSchema>;

export const HealthStatusSchema = z.enum(['up', 'degraded', 'down', 'unknown']);
export type HealthStatus = z.infer<typeof HealthStatusSchema>;

export const ProbeHealthSchema = z.object({
  probeId: z.string(),
  name: z.string(),
  kind: z.string(),
  status: HealthStatusSchema,
  since: z.number().int().nullable(),
  lastResult: ProbeResultSchema.nullable(),
  flapping: z.boolean(),
});
export type ProbeHealth = z.infer<typeof ProbeHealthSchema>;

export const ServiceHealthSchema = z.object({
  service: z.string(),
  status: HealthStatusSchema,
  /** When the current status began (epoch ms); null while unknown. */
  since: z.number().int().nullable(),
  reason: z.string(),
  /** The dependency whose failure explains this one's ("down because X"). */
  causedBy: z.string().nullable(),
  flapping: z.boolean(),
  /** No result for two intervals: what is shown may no longer be true. */
  stale: z.boolean(),
  lastCheckedAt: z.number().int().nullable(),
  latencyMs: z.number().nullable(),
  muted: z.boolean(),
  probes: z.array(ProbeHealthSchema),
});
export type ServiceHealth = z.infer<typeof ServiceHealthSchema>;

export const TransitionSchema = z.object({
  service: z.string(),
  /** null for the service as a whole. */
  probeId: z.string().nullable(),
  at: z.number().int(),
  from: HealthStatusSchema,
  to: HealthStatusSchema,
  reason: z.string(),
  causedBy: z.string().nullable(),
});
export type Transition = z.infer<typeof TransitionSchema>;

/** One point of a history chart: a raw result, or a per-minute rollup beyond the raw window. */
export const HistoryPointSchema = z.object({
  at: z.number().int(),
  /** Checks in the bucket: up + degraded + failures. */
  count: z.number().int(),
  /** Checks that failed (down). */
  failures: z.number().int(),
  /** Checks that answered but were degraded (slow, certificate expiring, replica lag…). */
  degraded: z.number().int(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  maxMs: z.number().nullable(),
});

export const HealthHistorySchema = z.object({
  service: z.string(),
  fromAt: z.number().int(),
  toAt: z.number().int(),
  /** Bucket width of `points` in ms. */
  bucketMs: z.number().int(),
  points: z.array(HistoryPointSchema),
  transitions: z.array(TransitionSchema),
  /** Spans when no core was running: "not observed", never up or down. */
  notObserved: z.array(z.object({ fromAt: z.number().int(), toAt: z.number().int() })),
  /** Share of checks that passed over the span, or null with no checks. */
  uptime: z.number().nullable(),
});
export type HealthHistory = z.infer<typeof HealthHistorySchema>;

/** One point of a tile's sparkline. */
export const SparkPointSchema = z.object({ at: z.number().int(), latencyMs: z.number().nonnegative(), outcome: ProbeOutcomeSchema });
export type SparkPoint = z.infer<typeof SparkPointSchema>;

/** Health of every service of the environment being watched. */
export const HealthOverviewSchema = z.object({
  environment: z.string(),
  paused: z.boolean(),
  services: z.array(ServiceHealthSchema),
});
export type HealthOverview = z.infer<typeof HealthOverviewSchema>;

/** A notification folded by root cause ("data-layer is down — also affects …"). */
export const HealthNotificationSchema = z.object({
  at: z.number().int(),
  kind: z.enum(['down', 'recovered']),
  service: z.string(),
  title: z.string(),
  body: z.string(),
  affected: z.array(z.string()),
});
export type HealthNotificationPayload = z.infer<typeof HealthNotificationSchema>;

/**
 * A "down" notification not yet followed by its "recovered", as the snapshot carries it, so a
 * reloaded window shows the banner again. `id` is the seq of its health.notification event.
 */
export const StandingNotificationSchema = HealthNotificationSchema.extend({ id: z.number().int().positive() });
export type StandingNotification = z.infer<typeof StandingNotificationSchema>;

/** Sparklines of the last minutes and uptime over the same window, per service. */
export const RecentHealthSchema = z.object({
  /** Span of the sparklines. */
  windowMs: z.number().int(),
  /** Span of the uptime figures (longer: a sparkline shows now, uptime shows the day). */
  uptimeWindowMs: z.number().int(),
  series: z.record(z.string(), z.array(SparkPointSchema)),
  uptime: z.record(z.string(), z.number().nullable()),
});
export type RecentHealth = z.infer<typeof RecentHealthSchema>;
