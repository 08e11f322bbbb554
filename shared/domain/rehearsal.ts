/**
 * The simulated launch platform that ships with the app: its topology, the faults that can be
 * injected, scripted scenarios, and the status it reports. Shared by the platform process, the
 * core that drives it, the CLI and the renderer's Rehearsal panel.
 */
import { z } from 'zod';
import { IdSchema } from './ids.js';

/** A version string as deploy tools print it: 2.5.0, 2.5.0-rc3. */
export const VersionSchema = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}$/, { error: 'expected a version such as 2.5.0' });

/** What a release does to a service that runs it; a healthy release has neither. */
export const ReleaseEffectSchema = z.strictObject({
  /** Share of requests answered 5xx, 0..1. */
  errorRate: z.number().min(0).max(1).optional(),
  /** Extra latency: median of a log-normal, and its p99. */
  latency: z.strictObject({ medianMs: z.number().min(0).max(60_000), p99Ms: z.number().min(0).max(120_000) }).optional(),
  note: z.string().max(200).optional(),
});

export const PlatformServiceSchema = z.strictObject({
  name: z.string().min(1).max(80),
  port: z.number().int().min(0).max(65535),
  /** Other platform services this one needs to be ready. */
  dependsOn: z.array(IdSchema).default([]),
  /** Infrastructure this service needs (a database, a broker): can be taken down by a fault. */
  dependencies: z.array(IdSchema).default([]),
  /** Median and p99 of the service's own latency when healthy (log-normal). */
  latency: z.strictObject({ medianMs: z.number().min(0).max(10_000), p99Ms: z.number().min(0).max(60_000) }),
  /** The data layer serves the goals/tasks/agents API; the gateway forwards /api/ to it. */
  role: z.enum(['service', 'data-layer', 'gateway']).default('service'),
});

/** A configuration value: numbers, switches and short strings. */
export const SettingValueSchema = z.union([z.number(), z.boolean(), z.string().max(200)]);
export type SettingValue = z.infer<typeof SettingValueSchema>;

/** One setting of the platform's configuration; outside `healthy` its service is not ready. */
export const PlatformSettingSchema = z.strictObject({
  /** The service that reads it (and goes unready when it is out of its healthy range). */
  service: IdSchema,
  value: SettingValueSchema,
  description: z.string().max(200).optional(),
  /** For a number: the range the service works in. Other values are accepted but break it. */
  healthy: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).optional(),
});
export type PlatformSetting = z.output<typeof PlatformSettingSchema>;

export const PlatformTopologySchema = z.strictObject({
  /** Control API of the platform process (faults, deploys, scenarios, status); 0 = any free port. */
  controlPort: z.number().int().min(0).max(65535),
  services: z.record(IdSchema, PlatformServiceSchema),
  releases: z.strictObject({
    /** Version every service runs at start. */
    baseline: VersionSchema,
    /** Known versions and what they do; deploying an unknown version is refused. */
    catalog: z.record(VersionSchema, ReleaseEffectSchema),
  }),
  /** The platform's runtime configuration (revision 1); changes make revisions a rollback goes back through. */
  configuration: z.record(IdSchema, PlatformSettingSchema).default({}),
});
export type PlatformTopology = z.output<typeof PlatformTopologySchema>;
export type PlatformService = z.output<typeof PlatformServiceSchema>;

/** One fault injected into one service. `clear` removes every fault of that service. */
export const FaultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('stop') }).meta({ description: 'close the port: connections are refused' }),
  z.strictObject({ kind: z.literal('start') }).meta({ description: 'listen again' }),
  z
    .strictObject({ kind: z.literal('slow'), medianMs: z.number().min(0).max(60_000), p99Ms: z.number().min(0).max(120_000) })
    .meta({ description: 'added latency, log-normal with this median and p99; 0 clears' }),
  z.strictObject({ kind: z.literal('errors'), rate: z.number().min(0).max(1) }).meta({ description: 'share of requests answered 503' }),
  z
    .strictObject({ kind: z.literal('flapping'), periodMs: z.number().int().min(0).max(3_600_000) })
    .meta({ description: 'readiness alternates every half period; 0 clears' }),
  z.strictObject({ kind: z.literal('dependency-down'), dependency: IdSchema }),
  z.strictObject({ kind: z.literal('dependency-up'), dependency: IdSchema }),
  z.strictObject({ kind: z.literal('deploy'), version: VersionSchema }).meta({ description: 'switch this service to a version now' }),
  z.strictObject({ kind: z.literal('clear') }),
]);
export type Fault = z.output<typeof FaultSchema>;
export type FaultKind = Fault['kind'];
export const FAULT_KINDS = ['stop', 'start', 'slow', 'errors', 'flapping', 'dependency-down', 'dependency-up', 'deploy', 'clear'] as const satisfies readonly FaultKind[];

export const FaultRequestSchema = z.strictObject({ service: IdSchema, fault: FaultSchema });
export type FaultRequest = z.output<typeof FaultRequestSchema>;

/** A rolling deploy of one version to some (default: all) services. */
export const DeployRequestSchema = z.strictObject({
  version: VersionSchema,
  services: z.array(IdSchema).min(1).optional(),
  /** Pause between two services, as a real rolling deploy has. */
  stepDelayMs: z.number().int().min(0).max(60_000).default(500),
});
/**
 * A rollback: `services` go back one version each; `complete` brings every service back to the
 * last known-good state (its version, running); neither rolls back every service that was deployed.
 */
export const RollbackRequestSchema = z
  .strictObject({ services: z.array(IdSchema).min(1).optional(), complete: z.boolean().optional() })
  .refine((r) => !(r.complete && r.services), { error: 'complete and services exclude each other', path: ['complete'] });
export const MigrateRequestSchema = z.strictObject({ dryRun: z.boolean() });
/** Database rollback: run the migrations' down steps until the schema is `toVersion`. */
export const DatabaseRollbackRequestSchema = z.strictObject({ toVersion: z.number().int().min(0), dryRun: z.boolean().default(false) });
/** A configuration change: new values for some settings, as one new revision. */
export const ConfigChangeRequestSchema = z.strictObject({
  settings: z.record(IdSchema, SettingValueSchema).refine((s) => Object.keys(s).length > 0, { error: 'name at least one setting' }),
  note: z.string().max(200).optional(),
});
/** Configuration rollback: back to `toRevision` (default: the one before the current), as a new revision. */
export const ConfigRollbackRequestSchema = z.strictObject({ toRevision: z.number().int().min(1).optional(), dryRun: z.boolean().default(false) });

/** One step of a scenario: at a time from its start, a fault, a deploy, a rollback or a configuration change. */
export const ScenarioStepSchema = z.strictObject({
  /** Offset from the start, e.g. "2m", "90s", "1m30s". */
  at: z.string().regex(/^(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/, { error: 'expected a duration such as 2m, 90s or 1m30s' }).refine((s) => s.length > 0),
  say: z.string().min(1).max(200),
  fault: FaultRequestSchema.optional(),
  deploy: DeployRequestSchema.optional(),
  rollback: RollbackRequestSchema.optional(),
  config: ConfigChangeRequestSchema.optional(),
});
export const ScenarioSchema = z.strictObject({
  title: z.string().min(1).max(80),
  description: z.string().max(500),
  steps: z.array(ScenarioStepSchema).min(1),
});
export const ScenarioCatalogSchema = z.record(IdSchema, ScenarioSchema);
export type Scenario = z.output<typeof ScenarioSchema>;

export const ScenarioStartSchema = z.strictObject({
  name: IdSchema,
  /** Time compression: 60 plays a 2-minute step after 2 seconds (rehearsing the rehearsal). */
  speed: z.number().min(0.1).max(600).default(1),
});

// ---- What the platform reports ----

export const ServiceStatusSchema = z.object({
  id: IdSchema,
  name: z.string(),
  port: z.number().int(),
  url: z.string(),
  /** The port accepts connections. */
  running: z.boolean(),
  /** /health/ready would answer 200 now; `reasons` says why not. */
  ready: z.boolean(),
  reasons: z.array(z.string()),
  version: z.string(),
  /** Versions it ran before, newest first: what a rollback goes back to. */
  history: z.array(z.string()),
  faults: z.object({
    slow: z.object({ medianMs: z.number(), p99Ms: z.number() }).nullable(),
    errorRate: z.number(),
    flappingPeriodMs: z.number(),
    dependenciesDown: z.array(z.string()),
  }),
  dependsOn: z.array(z.string()),
  dependencies: z.array(z.string()),
  requests: z.number().int(),
  errors: z.number().int(),
});
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

export const ScenarioRunSchema = z.object({
  name: z.string(),
  title: z.string(),
  startedAt: z.number().int(),
  speed: z.number(),
  state: z.enum(['running', 'finished', 'stopped']),
  steps: z.array(
    z.object({ atMs: z.number().int(), say: z.string(), state: z.enum(['pending', 'done', 'failed']), error: z.string().optional() }),
  ),
});
export type ScenarioRun = z.infer<typeof ScenarioRunSchema>;

export const PlatformLogEntrySchema = z.object({ at: z.number().int(), service: z.string().nullable(), message: z.string() });

export const ConfigRevisionSchema = z.object({
  revision: z.number().int(),
  at: z.number().int(),
  note: z.string(),
  values: z.record(z.string(), SettingValueSchema),
});
export type ConfigRevision = z.infer<typeof ConfigRevisionSchema>;

/** The last state the platform was known to be good in: at start (or reset), or recorded after a validation. */
export const KnownGoodSchema = z.object({
  recordedAt: z.number().int(),
  /** 'initial': the state at start or reset; 'recorded': POST /known-good (post-deploy validation passing). */
  source: z.enum(['initial', 'recorded']),
  note: z.string(),
  versions: z.record(z.string(), z.string()),
  databaseSchema: z.number().int(),
  configRevision: z.number().int(),
});
export type KnownGood = z.infer<typeof KnownGoodSchema>;
export const KnownGoodRequestSchema = z.strictObject({ note: z.string().min(1).max(200).optional() });

export const PlatformStatusSchema = z.object({
  startedAt: z.number().int(),
  pid: z.number().int(),
  controlUrl: z.string(),
  services: z.array(ServiceStatusSchema),
  releases: z.array(z.object({ version: z.string(), healthy: z.boolean(), note: z.string().optional() })),
  baseline: z.string(),
  scenarios: z.array(z.object({ name: z.string(), title: z.string(), description: z.string(), durationMs: z.number().int() })),
  scenario: ScenarioRunSchema.nullable(),
  deploy: z.object({ version: z.string(), done: z.array(z.string()), pending: z.array(z.string()) }).nullable(),
  /** Schema version of the simulated database (db-migrate moves it). */
  databaseSchema: z.number().int(),
  /** The platform's configuration: current revision and values, and the last revisions, newest first. */
  configuration: z.object({
    revision: z.number().int(),
    values: z.record(z.string(), SettingValueSchema),
    revisions: z.array(ConfigRevisionSchema),
  }),
  /** What a complete rollback goes back to. */
  knownGood: KnownGoodSchema,
  /** The last events on the platform, newest last. */
  log: z.array(PlatformLogEntrySchema),
});
export type PlatformStatus = z.infer<typeof PlatformStatusSchema>;

/** What the core knows of the platform: running (with its status), or not, and why. */
export const RehearsalStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('running'), status: PlatformStatusSchema, managed: z.boolean() }),
  z.object({ state: z.literal('stopped'), reason: z.string() }),
  z.object({ state: z.literal('starting') }),
  z.object({ state: z.literal('unreachable'), reason: z.string(), since: z.number().int() }),
]);
export type RehearsalState = z.infer<typeof RehearsalStateSchema>;

/** The file a running platform leaves in the data dir (rehearsal/platform.json) so others can find it. */
export const PlatformStateFileSchema = z.object({
  pid: z.number().int().positive(),
  controlUrl: z.string().url(),
  token: z.string().min(16),
  startedAt: z.number().int(),
  ports: z.record(z.string(), z.number().int()),
});
export type PlatformStateFile = z.infer<typeof PlatformStateFileSchema>;

/** Parses "2m", "90s", "1m30s", "250ms" into milliseconds. */
export function parseDurationMs(text: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(text);
  if (!match || text.length === 0) throw new Error(`not a duration: "${text}" (expected e.g. 2m, 90s, 1m30s, 250ms)`);
  const [, h = '0', m = '0', s = '0', ms = '0'] = match;
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms);
}
