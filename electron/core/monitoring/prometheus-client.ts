/**
 * A small client of the Prometheus HTTP API (query, query_range, targets, rules) over undici.
 * Every failure is a `PrometheusError` whose message is already the words a tile shows:
 * "Prometheus unreachable (127.0.0.1:9190): connection refused", "Prometheus answered 503", "Prometheus timed out
 * after 5 s", "malformed answer: …", "query refused: bad_data: …". It never hangs: each call has
 * the source's timeout, and a body is read up to a cap.
 */
import { request } from 'undici';
import { z } from 'zod';
import type { PrometheusSource } from '../../../shared/domain/monitoring.js';
import { formatLatency } from '../../../shared/format/durations.js';
import { prometheusUnreachable } from '../../../shared/format/prometheus.js';
import { getOnLiveConnection } from '../net/closed-connection.js';
import { describeError, truncate } from '../probes/kinds/describe-error.js';

/** The biggest answer read; a range query over a long window stays far below it. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export class PrometheusError extends Error {
  constructor(
    message: string,
    /** 'unreachable' | 'status' | 'timeout' | 'malformed' | 'refused' | 'config' */
    readonly reason: 'unreachable' | 'status' | 'timeout' | 'malformed' | 'refused' | 'config',
  ) {
    super(message);
    this.name = 'PrometheusError';
  }
}

/** One series of an instant answer: its labels and its value (finite; NaN and ±Inf are left out). */
export interface InstantSample {
  labels: Record<string, string>;
  value: number;
}

/** One series of a range answer: [epoch ms, value] pairs. */
export interface RangeSeries {
  labels: Record<string, string>;
  points: [number, number][];
}

export interface ScrapeTarget {
  job: string;
  instance: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

export interface RuleGroupSummary {
  name: string;
  rules: number;
}

export interface PrometheusClient {
  readonly url: string;
  /** An instant query (`at` in epoch ms, default now on the server). */
  query(promql: string, options?: { at?: number; signal?: AbortSignal }): Promise<InstantSample[]>;
  queryRange(promql: string, options: { start: number; end: number; stepMs: number; signal?: AbortSignal }): Promise<RangeSeries[]>;
  targets(options?: { signal?: AbortSignal }): Promise<ScrapeTarget[]>;
  ruleGroups(options?: { signal?: AbortSignal }): Promise<RuleGroupSummary[]>;
}

/** Resolved source: the token itself is looked up per call from `env`, so a rotated token is used at once. */
export function createPrometheusClient(source: Pick<PrometheusSource, 'url' | 'tokenEnv' | 'timeout'>, env: NodeJS.ProcessEnv): PrometheusClient {
  const base = source.url.replace(/\/+$/, '');

  async function get(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (source.tokenEnv) {
      const token = env[source.tokenEnv];
      if (!token) throw new PrometheusError(`Prometheus token not set: ${source.tokenEnv} is empty`, 'config');
      headers.authorization = `Bearer ${token}`;
    }
    const timeout = AbortSignal.timeout(source.timeout);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const url = `${base}${path}${Object.keys(params).length > 0 ? `?${new URLSearchParams(params).toString()}` : ''}`;
    let status: number;
    let text: string;
    try {
      const answer = await getOnLiveConnection(() => request(url, { method: 'GET', headers, signal: combined, headersTimeout: source.timeout, bodyTimeout: source.timeout }), combined);
      status = answer.statusCode;
      text = await readCapped(answer.body);
    } catch (error) {
      if (timeout.aborted) throw new PrometheusError(`Prometheus timed out after ${formatLatency(source.timeout)}`, 'timeout');
      if (signal?.aborted) throw new PrometheusError('cancelled', 'timeout');
      if (error instanceof PrometheusError) throw error;
      throw new PrometheusError(prometheusUnreachable(base, describeError(causeOf(error))), 'unreachable');
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      if (status < 200 || status >= 300) throw new PrometheusError(`Prometheus answered ${status}`, 'status');
      throw new PrometheusError(`malformed answer: not JSON (${truncate(JSON.stringify(text.slice(0, 60)), 80)})`, 'malformed');
    }
    const envelope = EnvelopeSchema.safeParse(body);
    if (!envelope.success) {
      if (status < 200 || status >= 300) throw new PrometheusError(`Prometheus answered ${status}`, 'status');
      throw new PrometheusError(`malformed answer: ${issueText(envelope.error)}`, 'malformed');
    }
    if (envelope.data.status === 'error') {
      const what = `${envelope.data.errorType ?? 'error'}: ${truncate(envelope.data.error ?? 'no reason given', 160)}`;
      // 400 and 422 are the query's fault; anything else is the server's.
      if (status === 400 || status === 422) throw new PrometheusError(`query refused: ${what}`, 'refused');
      throw new PrometheusError(`Prometheus answered ${status}: ${what}`, 'status');
    }
    if (status < 200 || status >= 300) throw new PrometheusError(`Prometheus answered ${status}`, 'status');
    return envelope.data.data;
  }

  const parse = <T>(schema: z.ZodType<T>, data: unknown): T => {
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new PrometheusError(`malformed answer: ${issueText(parsed.error)}`, 'malformed');
    return parsed.data;
  };

  return {
    url: base,
    async query(promql, options = {}) {
      const params: Record<string, string> = { query: promql };
      if (options.at !== undefined) params.time = String(options.at / 1000);
      const data = parse(InstantDataSchema, await get('/api/v1/query', params, options.signal));
      if (data.resultType === 'scalar') {
        const value = sampleValue(parse(SampleValueSchema, data.result)[1]);
        return value === null ? [] : [{ labels: {}, value }];
      }
      if (data.resultType !== 'vector') throw new PrometheusError(`malformed answer: expected a vector or scalar, got ${data.resultType}`, 'malformed');
      const vector = parse(z.array(VectorSampleSchema), data.result);
      return vector.flatMap((sample) => {
        const value = sampleValue(sample.value[1]);
        return value === null ? [] : [{ labels: sample.metric, value }];
      });
    },
    async queryRange(promql, { start, end, stepMs, signal }) {
      const params = { query: promql, start: String(start / 1000), end: String(end / 1000), step: String(Math.max(1, stepMs) / 1000) };
      const data = parse(InstantDataSchema, await get('/api/v1/query_range', params, signal));
      if (data.resultType !== 'matrix') throw new PrometheusError(`malformed answer: expected a matrix, got ${data.resultType}`, 'malformed');
      return parse(z.array(MatrixSeriesSchema), data.result).map((series) => ({
        labels: series.metric,
        points: series.values.flatMap(([at, raw]): [number, number][] => {
          const value = sampleValue(raw);
          return value === null ? [] : [[Math.round(at * 1000), value]];
        }),
      }));
    },
    async targets(options = {}) {
      const data = parse(TargetsDataSchema, await get('/api/v1/targets', { state: 'active' }, options.signal));
      return data.activeTargets.map((target) => ({
        job: target.labels.job ?? target.scrapePool ?? '',
        instance: target.labels.instance ?? target.scrapeUrl ?? '',
        health: target.health,
        lastError: target.lastError ?? '',
      }));
    },
    async ruleGroups(options = {}) {
      const data = parse(RulesDataSchema, await get('/api/v1/rules', {}, options.signal));
      return data.groups.map((group) => ({ name: group.name, rules: group.rules.length }));
    },
  };
}

/** "app=api, service=x": the labels that name a series (without __name__). */
export function seriesName(labels: Record<string, string>): string {
  return Object.entries(labels)
    .filter(([key]) => key !== '__name__')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

const EnvelopeSchema = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
});

const SampleValueSchema = z.tuple([z.number(), z.string()]);
const InstantDataSchema = z.object({ resultType: z.enum(['vector', 'scalar', 'matrix', 'string']), result: z.unknown() });
const VectorSampleSchema = z.object({ metric: z.record(z.string(), z.string()), value: SampleValueSchema });
const MatrixSeriesSchema = z.object({ metric: z.record(z.string(), z.string()), values: z.array(SampleValueSchema) });
const TargetsDataSchema = z.object({
  activeTargets: z.array(
    z.object({
      labels: z.record(z.string(), z.string()),
      scrapePool: z.string().optional(),
      scrapeUrl: z.string().optional(),
      health: z.enum(['up', 'down', 'unknown']),
      lastError: z.string().optional(),
    }),
  ),
});
const RulesDataSchema = z.object({ groups: z.array(z.object({ name: z.string(), rules: z.array(z.unknown()) })) });

/** A sample's value, or null for NaN and ±Inf (which no chart or contract can carry). */
function sampleValue(raw: unknown): number | null {
  if (typeof raw !== 'string') throw new PrometheusError('malformed answer: a sample value is not a string', 'malformed');
  // Go writes infinities as +Inf / -Inf, which Number() does not read.
  if (/^[+-]?Inf$/.test(raw)) return null;
  const value = Number(raw);
  if (Number.isNaN(value) && raw !== 'NaN') throw new PrometheusError(`malformed answer: sample value ${truncate(raw, 30)} is not a number`, 'malformed');
  return Number.isFinite(value) ? value : null;
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  return `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

/** undici wraps socket errors ("fetch failed" style); the cause has the code. */
function causeOf(error: unknown): unknown {
  if (error instanceof Error && error.cause !== undefined && !('code' in error && typeof error.code === 'string' && error.code.startsWith('E'))) return error.cause;
  return error;
}

async function readCapped(body: AsyncIterable<Buffer | Uint8Array> & { destroy?: () => void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy?.();
      throw new PrometheusError(`malformed answer: larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`, 'malformed');
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}
