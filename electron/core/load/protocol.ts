/**
 * The coordinator ↔ load-worker protocol (Signal's pattern): discriminated-union messages, a seq
 * id on every request and its reply, errors as plain {name, message, stack}, logs as messages.
 * Everything here must survive structured cloning: no functions, no class instances.
 */
import type { ThinkTime } from '../../../shared/domain/load.js';
import type { ConnectionMode, HttpClientKind } from './connections.js';
import type { ShapePoint } from './schedule.js';
import type { BodyTemplate, TemplatePart } from './templates.js';

/** One request, ready to compile in the worker. */
export interface PlannedRequest {
  /** Index into WorkerPlan.endpoints. */
  endpoint: number;
  method: string;
  /** Path under the base path; env helpers already resolved. */
  path: TemplatePart[];
  headers: [name: string, value: TemplatePart[]][];
  body: BodyTemplate | null;
  weight: number;
  /** Variable name and parsed JSON path into the response body. */
  capture: [name: string, path: (string | number)[]][];
  /** Variables that must exist before this request may be sent. */
  needs: string[];
  expectStatus: number[] | null;
  bodyContains: string | null;
  thinkTime: ThinkTime;
  timeoutMs: number;
  maxBodyBytes: number;
}

/** Everything one worker needs for its share of a run. */
export interface WorkerPlan {
  index: number;
  count: number;
  origin: string;
  /** Path prefix of the base URL ("" or "/api"). */
  basePath: string;
  endpoints: string[];
  requests: PlannedRequest[];
  order: 'weighted' | 'sequence';
  model: 'closed' | 'open';
  /** Users (closed) or arrivals per second (open) over time, for the whole run: the worker takes its share. */
  shape: ShapePoint[];
  arrival: 'requests' | 'iterations';
  /** This worker's cap on requests in flight (open model). */
  maxInFlight: number;
  lateAfterMs: number;
  /** Connections this worker may open to the origin. */
  connections: number;
  /** pinned: each user keeps one connection (closed model); pool: any free connection (open model). */
  connectionMode: ConnectionMode;
  durationMs: number;
  /** Epoch ms at which second 0 begins. */
  startAt: number;
  /** Test mode: also send every latency sample (µs), to check the histograms against. */
  recordSamples: boolean;
  /** Unset: the lean client for http:, undici for https: (connections.ts). */
  httpClient?: HttpClientKind;
}

/** A worker's counters since the previous snapshot. */
export interface WorkerSnapshot {
  activeUsers: number;
  inFlight: number;
  /** This worker's share of the target (users or arrivals per second). */
  target: number;
  /** endpoints × SLOTS, see counters.ts. */
  counters: Float64Array;
  /** Per endpoint: encoded HdrHistogram of the latencies (µs), or null when none were recorded. */
  histograms: (string | null)[];
  /** Flattened triples: endpoint, status code, count. */
  statusCodes: number[];
  samples?: (Float64Array | null)[];
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type CoordinatorMessage =
  | { type: 'start'; seq: number; plan: WorkerPlan }
  /** `atMs`: the end of the second being flushed, in ms after the start; the target is reported for that instant. */
  | { type: 'flush'; seq: number; atMs: number }
  /** Stop starting work, let requests in flight finish for up to graceMs, cancel the rest, then reply with a snapshot. */
  | { type: 'finish'; seq: number; graceMs: number }
  /** Cancel everything now and reply with a snapshot. */
  | { type: 'abort'; seq: number };

export type WorkerReply =
  | { type: 'reply'; seq: number; ok: true; snapshot: WorkerSnapshot | null }
  | { type: 'reply'; seq: number; ok: false; error: SerializedError };

export type WorkerMessage =
  | { type: 'ready' }
  | WorkerReply
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'fatal'; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: 'Error', message: String(error) };
}

export function deserializeError(error: SerializedError): Error {
  const revived = new Error(error.message);
  revived.name = error.name;
  if (error.stack) revived.stack = error.stack;
  return revived;
}
