/**
 * The `monitoring:` section of warroom.yaml: where each environment's
 * Prometheus answers, the query tiles shown in the Monitoring view, and the resource queries
 * sampled during load tests. Also what the core answers about them (tile readings, resource
 * samples). Its `alertmanager:` part is defined with the alerts (alerts.ts).
 */
import { z } from 'zod';
import { AlertmanagerSourcesSchema } from './alerts.js';
import { DurationSchema } from './duration.js';
import { IdSchema } from './ids.js';
import { SecretRefSchema } from './probes.js';

const PrometheusUrlSchema = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
  .refine((url) => !/^[a-z]+:\/\/[^/]*@/i.test(url), { error: 'credentials do not belong in a URL: use tokenEnv' });

/** One environment's Prometheus. */
export const PrometheusSourceSchema = z
  .strictObject({
    url: PrometheusUrlSchema.meta({ description: 'Base URL of the Prometheus server, e.g. http://127.0.0.1:9090.' }),
    tokenEnv: SecretRefSchema.optional().meta({ description: 'Environment variable holding a bearer token sent as Authorization.' }),
    timeout: DurationSchema({ min: 100, max: 60_000 }).default(5000).meta({ description: 'Per query (default 5s).' }),
  })
  .meta({ description: 'Where an environment’s Prometheus answers its HTTP API.' });
export type PrometheusSource = z.output<typeof PrometheusSourceSchema>;

/** How a value reads: the unit it is measured in. */
export const MetricUnitSchema = z
  .enum(['none', 'percent', 'ratio', 'bytes', 'seconds', 'ms', 'per-second', 'cores', 'count'])
  .meta({ description: 'percent: the value is already 0–100; ratio: 0–1 shown as percent; per-second: a rate; cores: CPU seconds per second.' });
export type MetricUnit = z.infer<typeof MetricUnitSchema>;

/** ok / warn / bad boundaries; `above` (default) means higher is worse. */
const ThresholdShape = {
  warn: z.number().optional().meta({ description: 'At or beyond this the tile is "warn".' }),
  bad: z.number().optional().meta({ description: 'At or beyond this the tile is "bad".' }),
  direction: z.enum(['above', 'below']).default('above').meta({ description: 'above: higher is worse (latency); below: lower is worse (throughput).' }),
};

export const QueryTileSchema = z
  .strictObject({
    title: z.string().min(1).max(80),
    query: z.string().min(1).max(4000).meta({ description: 'PromQL.' }),
    kind: z.enum(['instant', 'range']).default('instant').meta({ description: 'instant: one big number; range: a line chart.' }),
    unit: MetricUnitSchema.default('none'),
    ...ThresholdShape,
    range: DurationSchema({ min: 60_000, max: 7 * 86_400_000 }).default(900_000).meta({ description: 'range tiles: how far back (default 15m).' }),
    step: DurationSchema({ min: 1000, max: 3_600_000 }).optional().meta({ description: 'range tiles: resolution (default range / 120).' }),
    health: z.boolean().default(false).meta({ description: 'Also show the tile on the Health view.' }),
  })
  .meta({ description: 'A PromQL query shown as a big number (instant) or a line chart (range).' });
export type QueryTile = z.output<typeof QueryTileSchema>;

export const ResourceQuerySchema = z
  .strictObject({
    title: z.string().min(1).max(80),
    query: z.string().min(1).max(4000).meta({ description: 'PromQL; each series is one line (its labels name it, e.g. by service).' }),
    unit: MetricUnitSchema.default('none'),
  })
  .meta({ description: 'A resource (CPU, memory, pool, cache…) sampled during load tests.' });
export type ResourceQuery = z.output<typeof ResourceQuerySchema>;

export const MonitoringConfigSchema = z.strictObject({
  prometheus: z
    .record(IdSchema, PrometheusSourceSchema)
    .default({})
    .meta({ description: 'Prometheus per environment id.' }),
  tiles: z.record(IdSchema, QueryTileSchema).default({}).meta({ description: 'Query tiles of the Monitoring view, in file order.' }),
  resources: z.record(IdSchema, ResourceQuerySchema).default({}).meta({ description: 'Resource queries sampled during every load run.' }),
  sampleInterval: DurationSchema({ min: 1000, max: 60_000 })
    .default(5000)
    .meta({ description: 'How often the resource queries are sampled during a load run (default 5s).' }),
  refreshInterval: DurationSchema({ min: 2000, max: 600_000 }).default(15_000).meta({ description: 'How often the query tiles are read (default 15s).' }),
  alertmanager: AlertmanagerSourcesSchema,
});
export type MonitoringConfig = z.output<typeof MonitoringConfigSchema>;

// ---- What the core answers ----

/** `pending`: not read yet since the core started (a first read is on its way), not a failure. */
export const TileStateSchema = z.enum(['ok', 'warn', 'bad', 'no-data', 'error', 'unconfigured', 'pending']);
export type TileState = z.infer<typeof TileStateSchema>;

/** One labelled series of a range answer (or of resource samples). */
export const MetricSeriesSchema = z.object({
  /** Labels that tell the series apart, e.g. "service=api-gateway"; "" for a single series. */
  name: z.string(),
  points: z.array(z.tuple([z.number().int(), z.number()])),
});
export type MetricSeries = z.infer<typeof MetricSeriesSchema>;

export const TileReadingSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['instant', 'range']),
  unit: MetricUnitSchema,
  health: z.boolean(),
  state: TileStateSchema,
  /** Instant tiles: the value shown (the worst series), null without one. */
  value: z.number().nullable(),
  /** Instant tiles with several series: each one; range tiles: the lines. */
  series: z.array(MetricSeriesSchema),
  /** What is wrong, in words: "Prometheus unreachable (127.0.0.1:9190): connection refused", "no data". Empty when fine. */
  detail: z.string(),
  /** What to do about it, in words ("Start the rehearsal monitoring stack: warroom rehearse monitoring start"); empty when there is nothing to suggest. */
  hint: z.string(),
  warn: z.number().nullable(),
  bad: z.number().nullable(),
  /** When this reading was taken (epoch ms). */
  at: z.number().int(),
});
export type TileReading = z.infer<typeof TileReadingSchema>;

export const MonitoringOverviewSchema = z.object({
  environment: z.string(),
  /** The environment's Prometheus URL, null when none is configured. */
  prometheusUrl: z.string().nullable(),
  /** How often the core reads the tiles: a reading older than two of these is stale. */
  refreshIntervalMs: z.number().int(),
  tiles: z.array(TileReadingSchema),
});
export type MonitoringOverview = z.infer<typeof MonitoringOverviewSchema>;

/** Whether an environment is monitored: Prometheus answers, every scrape target is up, alert rules are loaded. */
export const MonitoringStatusSchema = z.object({
  environment: z.string(),
  at: z.number().int(),
  ok: z.boolean(),
  prometheusUp: z.boolean(),
  targetsUp: z.number().int(),
  targetsTotal: z.number().int(),
  ruleGroups: z.number().int(),
  rules: z.number().int(),
  /** What is missing, in words; empty when ok. */
  detail: z.string(),
});
export type MonitoringStatus = z.infer<typeof MonitoringStatusSchema>;

/** The resources sampled during one load run. */
export const RunResourceSchema = z.object({
  resource: z.string(),
  title: z.string(),
  unit: MetricUnitSchema,
  series: z.array(MetricSeriesSchema),
  /** Failed samples (Prometheus down, error…), with the reason, so a gap is explained. */
  failures: z.array(z.object({ at: z.number().int(), detail: z.string() })),
});
export type RunResource = z.infer<typeof RunResourceSchema>;

/** Peak and mean of one resource series in a run. */
export const ResourceStatSchema = z.object({ resource: z.string(), title: z.string(), unit: MetricUnitSchema, series: z.string(), peak: z.number(), mean: z.number() });
export type ResourceStat = z.infer<typeof ResourceStatSchema>;

export const ResourceComparisonSchema = z.object({
  resource: z.string(),
  title: z.string(),
  unit: MetricUnitSchema,
  series: z.string(),
  base: z.object({ peak: z.number(), mean: z.number() }).nullable(),
  current: z.object({ peak: z.number(), mean: z.number() }).nullable(),
  /** Change of the peak in percent of the base's; null when either side is missing or the base is 0. */
  peakChangePercent: z.number().nullable(),
});
export type ResourceComparison = z.infer<typeof ResourceComparisonSchema>;
