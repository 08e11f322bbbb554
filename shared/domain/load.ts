/**
 * Load tests: the `load:` section of warroom.yaml (scenarios, profiles, thresholds, limits) and
 * what a run produces (per-second ticks, the summary, threshold verdicts). The engine lives in
 * electron/load/; templates and threshold expressions are parsed there (checkLoadConfig), these
 * schemas only check their shape.
 */
import { z } from 'zod';
import { DurationSchema } from './duration.js';
import { IdSchema } from './ids.js';
import { ownValue } from '../util/own-value.js';

export const LOAD_HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** A variable a response can fill and a later request can use as `{{var name}}`. */
export const LoadVarNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'expected a variable name: letters, digits and _, not starting with a digit' });

/** Pause after a request: a fixed duration, or uniformly random between min and max. */
export const ThinkTimeSchema = z
  .union([
    DurationSchema({ max: 600_000 }),
    z.strictObject({ min: DurationSchema({ max: 600_000 }), max: DurationSchema({ max: 600_000 }) }),
  ])
  .transform((value) => (typeof value === 'number' ? { minMs: value, maxMs: value } : { minMs: value.min, maxMs: value.max }))
  .refine((value) => value.minMs <= value.maxMs, { error: 'think time min must not exceed max' })
  .meta({ description: 'Pause after each request: "1s", or { min: "500ms", max: "2s" }.' });
export type ThinkTime = z.output<typeof ThinkTimeSchema>;

/** What a response must look like to count as a success (default: any status below 400). */
export const LoadExpectSchema = z.strictObject({
  status: z.array(z.number().int().min(100).max(599)).min(1).optional().meta({ description: 'Accepted status codes.' }),
  bodyContains: z.string().min(1).max(4096).optional().meta({ description: 'Text the response body must contain.' }),
});

/** One request of a scenario. Strings in path, headers and body may hold {{templates}}. */
export const LoadRequestSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(120)
      .optional()
      .meta({ description: 'Endpoint label in reports, e.g. "GET /api/v1/goals/{id}"; default: method + path with templates as {name}.' }),
    method: z.enum(LOAD_HTTP_METHODS).default('GET'),
    path: z.string().startsWith('/').max(2048).meta({ description: 'Path under the base URL; may use templates, e.g. /goals/{{var goal_id}}.' }),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(8192)).default({}),
    body: z.json().optional().meta({ description: 'JSON body; string values may use templates.' }),
    weight: z.number().min(0).max(1_000_000).default(1).meta({ description: 'Relative frequency when the scenario order is "weighted".' }),
    capture: z
      .record(LoadVarNameSchema, z.string().min(1).max(256))
      .default({})
      .meta({ description: 'Variables taken from the JSON response: { goal_id: "id" } or { token: "data.items[0].token" }.' }),
    expect: LoadExpectSchema.default({}),
    thinkTime: ThinkTimeSchema.optional(),
    timeout: DurationSchema({ min: 1, max: 600_000 }).optional(),
  })
  .meta({ description: 'One request of a load scenario.' });
export type LoadRequest = z.output<typeof LoadRequestSchema>;

export const LoadScenarioSchema = z
  .strictObject({
    description: z.string().max(500).optional(),
    service: IdSchema.optional().meta({ description: 'Service whose base URL the paths are relative to.' }),
    order: z
      .enum(['weighted', 'sequence'])
      .default('weighted')
      .meta({ description: 'weighted: each iteration picks one request by weight; sequence: an iteration runs them all in order.' }),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(8192)).default({}),
    thinkTime: ThinkTimeSchema.prefault(0),
    timeout: DurationSchema({ min: 1, max: 600_000 }).default(10_000),
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024)
      .meta({ description: 'Most bytes of a response kept for captures and bodyContains (the rest is counted, not kept).' }),
    requests: z.array(LoadRequestSchema).min(1).max(200),
  })
  .meta({ description: 'What a virtual user does: weighted requests or a sequence, with captures and think time.' });
export type LoadScenario = z.output<typeof LoadScenarioSchema>;
export type LoadScenarioInput = z.input<typeof LoadScenarioSchema>;

/** `p(95) < 500` or `{ expression, endpoint, abortOnFail }`. */
export const LoadThresholdSchema = z
  .union([
    z.string().min(1).max(200),
    z.strictObject({
      expression: z.string().min(1).max(200),
      endpoint: z.string().min(1).max(200).optional().meta({ description: 'Endpoint label, e.g. "GET /api/v1/goals/{id}"; default: all requests.' }),
      abortOnFail: z.boolean().default(false),
      abortAfter: DurationSchema({ max: 86_400_000 }).default(0).meta({ description: 'Live checks may abort only after this much run time.' }),
    }),
  ])
  .transform((value) =>
    typeof value === 'string' ? { expression: value, endpoint: undefined, abortOnFail: false, abortAfter: 0 } : value,
  )
  .meta({ description: 'e.g. "p(95) < 500", "p(99.9) <= 1500", "rate(errors) < 0.01", "rps > 100"; latencies in ms.' });
export type LoadThreshold = z.output<typeof LoadThresholdSchema>;

const ProfileCommonShape = {
  description: z.string().max(500).optional(),
  scenario: IdSchema.optional().meta({ description: 'Scenario to run; default: the only scenario.' }),
  thresholds: z.array(LoadThresholdSchema).max(50).default([]),
  workers: z.number().int().min(1).max(64).optional().meta({ description: 'Worker threads; default one per core.' }),
  gracefulStop: DurationSchema({ max: 600_000 })
    .default(5000)
    .meta({ description: 'At the end, how long requests in flight may finish before they are cancelled.' }),
};

export const ClosedProfileSchema = z
  .strictObject({
    ...ProfileCommonShape,
    model: z.literal('closed'),
    users: z.number().int().min(1).max(10_000_000).optional(),
    spawnRate: z.number().positive().max(1_000_000).optional().meta({ description: 'Users started per second; default all at once.' }),
    duration: DurationSchema({ min: 1, max: 7 * 86_400_000 }).optional(),
    stages: z
      .array(z.strictObject({ duration: DurationSchema({ max: 7 * 86_400_000 }), users: z.number().int().min(0).max(10_000_000) }))
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Ramp linearly from the previous stage’s users to these over the duration.' }),
  })
  .refine((p) => (p.stages ? p.users === undefined && p.duration === undefined : p.users !== undefined && p.duration !== undefined), {
    error: 'a closed profile needs either users and duration, or stages',
  })
  .meta({ description: 'Closed model: virtual users, each sending its next request when the last one answered.' });

export const OpenProfileSchema = z
  .strictObject({
    ...ProfileCommonShape,
    model: z.literal('open'),
    rate: z.number().positive().max(10_000_000).optional().meta({ description: 'Arrivals per second.' }),
    arrival: z
      .enum(['requests', 'iterations'])
      .default('requests')
      .meta({ description: 'What arrives at the rate: single requests or whole scenario iterations.' }),
    duration: DurationSchema({ min: 1, max: 7 * 86_400_000 }).optional(),
    stages: z
      .array(z.strictObject({ duration: DurationSchema({ max: 7 * 86_400_000 }), rate: z.number().min(0).max(10_000_000) }))
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Ramp linearly from the previous stage’s rate to this one over the duration.' }),
    maxInFlight: z.number().int().min(1).max(1_000_000).default(1000).meta({ description: 'Cap on requests in flight; later arrivals wait and start late.' }),
    lateAfter: DurationSchema({ min: 1, max: 60_000 })
      .default(10)
      .meta({ description: 'An arrival sent this much after its intended time counts as started late.' }),
  })
  .refine((p) => (p.stages ? p.rate === undefined && p.duration === undefined : p.rate !== undefined && p.duration !== undefined), {
    error: 'an open profile needs either rate and duration, or stages',
  })
  .meta({ description: 'Open model: arrivals at a rate, independent of how fast the target answers.' });

/** A profile of the built-in engine. */
export const LoadProfileSchema = z.discriminatedUnion('model', [ClosedProfileSchema, OpenProfileSchema]);
export type LoadProfile = z.output<typeof LoadProfileSchema>;

/** Locust tags and user classes: words as Locust accepts them on its command line. */
const LocustWordSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, { error: 'expected letters, digits, _ . - (at most 100)' });

/**
 * A profile Locust runs (Debian's python3-locust 2.12 and later): Warroom starts `locust
 * --headless` with CSV output, streams the stats history and stores the result like its own.
 */
export const LocustProfileSchema = z
  .strictObject({
    engine: z.literal('locust'),
    description: z.string().max(500).optional(),
    locustfile: z.string().min(1).max(1024).meta({ description: 'Path of the locustfile, relative to warroom.yaml.' }),
    users: z.number().int().min(1).max(10_000_000),
    spawnRate: z.number().positive().max(1_000_000).optional().meta({ description: 'Users started per second; default all at once.' }),
    duration: DurationSchema({ min: 1000, max: 7 * 86_400_000 }),
    host: z.url({ protocol: /^https?$/ }).optional().meta({ description: 'Base URL to load; default: the service’s URL in the environment.' }),
    service: IdSchema.optional().meta({ description: 'Service whose URL in the environment is the host.' }),
    tags: z.array(LocustWordSchema).max(50).default([]).meta({ description: 'Run only tasks with these tags (--tags).' }),
    excludeTags: z.array(LocustWordSchema).max(50).default([]).meta({ description: 'Skip tasks with these tags (--exclude-tags).' }),
    userClasses: z.array(LocustWordSchema).max(50).default([]).meta({ description: 'User classes to run; default: all in the locustfile.' }),
    workers: z.number().int().min(1).max(1000).optional().meta({ description: 'Distributed: the master waits for this many workers.' }),
    startLocalWorkers: z.boolean().default(true).meta({ description: 'Distributed: Warroom starts the workers on this machine (false: start them elsewhere with the printed command).' }),
    workerWait: DurationSchema({ min: 1000, max: 600_000 }).default(60_000).meta({ description: 'Distributed: how long the master waits for its workers before the run fails.' }),
    masterPort: z.number().int().min(1024).max(65_535).optional().meta({ description: 'Distributed: the master’s port for workers; default: a free one.' }),
    thresholds: z.array(LoadThresholdSchema).max(50).default([]),
    gracefulStop: DurationSchema({ max: 600_000 }).default(5000).meta({ description: 'At the end, how long users may finish their task (--stop-timeout).' }),
  })
  .refine((p) => !(p.host !== undefined && p.service !== undefined), { error: 'name either host or service, not both' })
  .meta({ description: 'A load test written as a locustfile, run by Locust (locally or distributed).' });
export type LocustProfile = z.output<typeof LocustProfileSchema>;

/** A profile of the `load:` section: the built-in engine's or Locust's. */
export const ConfiguredProfileSchema = z.union([LocustProfileSchema, LoadProfileSchema]);
export type ConfiguredProfile = z.output<typeof ConfiguredProfileSchema>;

export const isLocustProfile = (profile: ConfiguredProfile): profile is LocustProfile => 'engine' in profile && profile.engine === 'locust';
export type LoadProfileInput = z.input<typeof LoadProfileSchema>;
export type ClosedProfile = z.output<typeof ClosedProfileSchema>;
export type OpenProfile = z.output<typeof OpenProfileSchema>;

/** Guards against a profile this machine cannot run; a run that exceeds them is refused before it starts. */
export const LoadLimitsSchema = z.strictObject({
  maxUsersPerWorker: z.number().int().min(1).max(1_000_000).default(5000),
  maxConnectionsPerWorker: z.number().int().min(1).max(100_000).default(1024),
  maxRatePerWorker: z.number().positive().max(10_000_000).default(200_000).meta({ description: 'Arrivals per second per worker.' }),
});
export type LoadLimits = z.output<typeof LoadLimitsSchema>;

/** A suite: profiles run one after the other, judged each and as a whole. */
export const LoadSuiteSchema = z
  .strictObject({
    title: z.string().min(1).max(120).optional(),
    description: z.string().max(2000).optional(),
    profiles: z.array(IdSchema).min(1).max(50).meta({ description: 'Profiles in the order they run.' }),
    onFailure: z
      .enum(['stop', 'continue'])
      .default('stop')
      .meta({ description: 'After a test that does not pass: stop the suite there, or go on with the next test.' }),
  })
  .meta({ description: 'An ordered list of load profiles run as one suite.' });
export type LoadSuite = z.output<typeof LoadSuiteSchema>;

/**
 * How far a run may drift from its profile's baseline before the comparison flags a regression:
 * latency percentiles up by more than latencyPct percent, the error rate up by more than
 * errorRatePoints percentage points, throughput down by more than rpsDropPct percent.
 */
export const LoadBaselineToleranceSchema = z.strictObject({
  latencyPct: z.number().min(0).max(1000).default(10),
  errorRatePoints: z.number().min(0).max(100).default(1),
  rpsDropPct: z.number().min(0).max(100).default(10),
});
export type LoadBaselineTolerance = z.output<typeof LoadBaselineToleranceSchema>;

/** The `load:` section of warroom.yaml. */
export const LoadConfigSchema = z
  .strictObject({
    scenarios: z.record(IdSchema, LoadScenarioSchema),
    profiles: z.record(IdSchema, ConfiguredProfileSchema),
    thresholds: z.array(LoadThresholdSchema).max(50).default([]).meta({ description: 'Thresholds every profile is judged on.' }),
    limits: LoadLimitsSchema.default({ maxUsersPerWorker: 5000, maxConnectionsPerWorker: 1024, maxRatePerWorker: 200_000 }),
    suites: z.record(IdSchema, LoadSuiteSchema).default({}).meta({ description: 'Suites: ordered lists of profiles run as one.' }),
    baselineTolerance: LoadBaselineToleranceSchema.default({ latencyPct: 10, errorRatePoints: 1, rpsDropPct: 10 }).meta({
      description: 'How far a run may drift from its profile’s baseline before a regression is flagged.',
    }),
  })
  .superRefine((config, ctx) => {
    const profileIds = Object.keys(config.profiles);
    for (const [id, suite] of Object.entries(config.suites)) {
      suite.profiles.forEach((profile, index) => {
        if (!Object.hasOwn(config.profiles, profile)) {
          ctx.addIssue({ code: 'custom', path: ['suites', id, 'profiles', index], message: `no profile "${profile}" (known: ${profileIds.join(', ') || 'none'})` });
        }
      });
    }
    const scenarioIds = Object.keys(config.scenarios);
    for (const [id, profile] of Object.entries(config.profiles)) {
      if (isLocustProfile(profile)) continue;
      if (profile.scenario !== undefined && !scenarioIds.includes(profile.scenario)) {
        ctx.addIssue({ code: 'custom', path: ['profiles', id, 'scenario'], message: `no scenario "${profile.scenario}" (known: ${scenarioIds.join(', ') || 'none'})` });
      } else if (profile.scenario === undefined && scenarioIds.length !== 1) {
        ctx.addIssue({ code: 'custom', path: ['profiles', id], message: `name its scenario: the config has ${scenarioIds.length} (${scenarioIds.join(', ')})` });
      }
    }
  })
  .meta({ description: 'Load-test scenarios, profiles, thresholds and limits.' });
export type LoadConfig = z.output<typeof LoadConfigSchema>;
export type LoadConfigInput = z.input<typeof LoadConfigSchema>;

/** The scenario a profile runs (the named one, or the only one). */
export function profileScenarioId(config: LoadConfig, profileId: string): string | undefined {
  const profile = ownValue(config.profiles, profileId);
  if (!profile || isLocustProfile(profile)) return undefined;
  return profile.scenario ?? (Object.keys(config.scenarios).length === 1 ? Object.keys(config.scenarios)[0] : undefined);
}

// ---- What a run produces ----

export const LOAD_ERROR_KINDS = [
  'status_5xx',
  'status_4xx',
  'timeout',
  'connection_refused',
  'connection_reset',
  'expectation_failed',
  'other',
] as const;
export const LoadErrorKindSchema = z.enum(LOAD_ERROR_KINDS);
export type LoadErrorKind = z.infer<typeof LoadErrorKindSchema>;

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();

/** Errors by kind: unexpected 5xx/4xx, timeouts, refused/reset connections, failed expectations, the rest. */
export const LoadErrorCountsSchema = z.strictObject({
  status_5xx: count,
  status_4xx: count,
  timeout: count,
  connection_refused: count,
  connection_reset: count,
  expectation_failed: count,
  other: count,
});
export type LoadErrorCounts = z.infer<typeof LoadErrorCountsSchema>;

/** One second of one endpoint (or of all requests). Latencies in ms with µs resolution. */
export const LoadTickStatsSchema = z.strictObject({
  requests: count.meta({ description: 'Requests completed (answered or failed) in this second; skipped ones are not requests.' }),
  rps: z.number().nonnegative(),
  p50Ms: ms,
  p90Ms: ms,
  p95Ms: ms,
  p99Ms: ms,
  maxMs: ms,
  errors: LoadErrorCountsSchema,
  errorCount: count,
  bytesIn: count,
  bytesOut: count,
  startedLate: count,
  skipped: count.meta({ description: 'Requests skipped because a capture they need was missing.' }),
});
export type LoadTickStats = z.infer<typeof LoadTickStatsSchema>;

/** A threshold's state: `actual` is null while there is no data (then it does not pass). */
export const ThresholdVerdictSchema = z.strictObject({
  expression: z.string(),
  endpoint: z.string().optional(),
  actual: z.number().nullable(),
  passed: z.boolean(),
  abortOnFail: z.boolean(),
});
export type ThresholdVerdict = z.infer<typeof ThresholdVerdictSchema>;

/** What the engine emits once a second while a run is going. */
export const LoadTickSchema = z.strictObject({
  second: z.number().int().positive(),
  elapsedMs: ms,
  /** Users (closed) or iterations in progress (open). */
  activeUsers: count,
  inFlight: count,
  /** Users (closed) or arrivals per second (open) the profile asks for now. */
  target: z.number().nonnegative(),
  total: LoadTickStatsSchema,
  endpoints: z.array(LoadTickStatsSchema.extend({ endpoint: z.string() })),
  /** Live verdicts over everything so far. */
  thresholds: z.array(ThresholdVerdictSchema),
});
export type LoadTick = z.infer<typeof LoadTickSchema>;

/** The whole run of one endpoint (or of all requests), from full-resolution histograms. */
export const LoadStatsSchema = z.strictObject({
  requests: count,
  rps: z.number().nonnegative(),
  minMs: ms,
  meanMs: ms,
  p50Ms: ms,
  p90Ms: ms,
  p95Ms: ms,
  p99Ms: ms,
  p999Ms: ms,
  maxMs: ms,
  errors: LoadErrorCountsSchema,
  errorCount: count,
  errorRate: z.number().min(0).max(1),
  /** Responses by status code ("200": n); network failures have none. */
  statusCodes: z.record(z.string().regex(/^\d{3}$/), count),
  bytesIn: count,
  bytesOut: count,
  startedLate: count,
  skipped: count,
  /** Open model: arrivals dropped because the in-flight cap and its backlog were full. */
  dropped: count,
  /** Latency histogram in µs, HdrHistogram compressed base64 (for storage and comparisons). */
  histogram: z.string().optional(),
});
export type LoadStats = z.infer<typeof LoadStatsSchema>;

export const LOAD_OUTCOMES = ['passed', 'failed', 'aborted', 'interrupted'] as const;
export const LoadOutcomeSchema = z.enum(LOAD_OUTCOMES);
export type LoadOutcome = z.infer<typeof LoadOutcomeSchema>;

/** Why the run stopped: it ran its course, an abortOnFail threshold failed, someone stopped it, the app went away, or the engine failed. */
export const LoadStopReasonSchema = z.enum(['completed', 'threshold', 'stopped', 'interrupted', 'error']);
export type LoadStopReason = z.infer<typeof LoadStopReasonSchema>;

export const LoadSummarySchema = z.strictObject({
  outcome: LoadOutcomeSchema,
  stopReason: LoadStopReasonSchema,
  /** The threshold that decided a failed run or aborted it; null when none did. */
  decidedBy: ThresholdVerdictSchema.nullable(),
  error: z.string().optional(),
  model: z.enum(['closed', 'open']),
  workers: z.number().int().positive(),
  startedAt: z.number().int(),
  endedAt: z.number().int(),
  durationMs: ms,
  /** Seconds for which a tick was emitted. */
  seconds: count,
  total: LoadStatsSchema,
  endpoints: z.array(LoadStatsSchema.extend({ endpoint: z.string() })),
  thresholds: z.array(ThresholdVerdictSchema),
});
export type LoadSummary = z.infer<typeof LoadSummarySchema>;
