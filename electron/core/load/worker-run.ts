/**
 * Worker side: one worker's share of a run. Holds what both models share (compiled requests,
 * recorder, connections, timeouts, failure logging) and the stop sequence; closed-model.ts and
 * open-model.ts decide when to send.
 */
import type { LoadErrorKind } from '../../../shared/domain/load.js';
import { SLOT } from './counters.js';
import { openConnections, type Connections } from './connections.js';
import type { Exchange, ExchangeContext } from './exchange.js';
import type { WorkerPlan, WorkerSnapshot } from './protocol.js';
import { Recorder } from './recorder.js';
import { compileRequest, weightedPicker, type CompiledRequest } from './request-compiler.js';
import type { TemplateRuntime } from './template-runtime.js';

export type WorkerLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/** What a model (closed or open) implements on top of the shared run. */
export interface ModelEngine {
  /** Called at the start instant. */
  begin(): void;
  /** Start whatever is already due (a graceful end must not lose arrivals to a timer race). */
  catchUp?(): void;
  /** Stop starting requests (the run is ending). */
  halt(): void;
  /** Every exchange that may be in flight. */
  exchanges(): Iterable<Exchange>;
  activeUsers(): number;
  inFlight(): number;
  /** This worker's part of the target now. */
  target(nowMs: number): number;
}

export class WorkerRun implements ExchangeContext, TemplateRuntime {
  readonly recorder: Recorder;
  readonly requests: CompiledRequest[];
  readonly pickWeighted: () => CompiledRequest;
  readonly connections: Connections;
  /** performance.now() of the start instant, in this thread's clock. */
  readonly startMs: number;
  readonly endMs: number;
  stopping = false;
  engine: ModelEngine | null = null;
  private seq = 0;
  private readonly noted = new Set<string>();
  private readonly timers: NodeJS.Timeout[] = [];

  private graceDeadline = Infinity;

  constructor(
    readonly plan: WorkerPlan,
    private readonly log: WorkerLog,
  ) {
    const origin = new URL(plan.origin);
    this.recorder = new Recorder(plan.endpoints.length, plan.recordSamples);
    this.requests = plan.requests.map((request) => compileRequest(request, plan.basePath, origin.host, this));
    this.pickWeighted = weightedPicker(this.requests);
    const longest = Math.max(...this.requests.map((request) => request.timeoutMs));
    this.connections = openConnections({ origin: plan.origin, connections: plan.connections, mode: plan.connectionMode, timeoutMs: longest, ...(plan.httpClient ? { client: plan.httpClient } : {}) });
    this.startMs = performance.now() + (plan.startAt - Date.now());
    this.endMs = this.startMs + plan.durationMs;
  }

  /** Starts the model at the start instant and the timeout sweep. */
  start(engine: ModelEngine): void {
    this.engine = engine;
    this.timers.push(setTimeout(() => engine.begin(), Math.max(0, this.startMs - performance.now())));
    const shortest = Math.min(...this.requests.map((request) => request.timeoutMs));
    const sweepMs = Math.max(10, Math.min(250, Math.floor(shortest / 10)));
    this.timers.push(setInterval(() => this.sweepTimeouts(), sweepMs));
  }

  /** Unique across workers: worker i of n hands out i, i+n, i+2n, … */
  nextSeq(): number {
    const value = this.seq * this.plan.count + this.plan.index;
    this.seq += 1;
    return value;
  }

  noteFailure(endpoint: number, kind: LoadErrorKind, detail: string): void {
    const key = `${endpoint}:${kind}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.log('warn', `${this.plan.endpoints[endpoint]}: ${kind} (${detail}); further ${kind} errors on this endpoint are counted, not logged`);
  }

  /** Counts a request that was not sent because a capture it needs is missing. */
  skipped(endpoint: number): void {
    this.recorder.count(endpoint, SLOT.skipped);
    const key = `${endpoint}:skipped`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    const needs = this.requests.find((request) => request.endpoint === endpoint)?.needs.join(', ') ?? '';
    this.log('info', `${this.plan.endpoints[endpoint]}: skipped, a capture it needs (${needs}) is not there yet; skips are counted`);
  }

  /**
   * The counters so far, with the target at `atMs` after the start (a tick's second boundary,
   * computed from the plan, so a snapshot taken a few ms early still reports that second's target);
   * without it, the target now.
   */
  snapshot(atMs?: number): WorkerSnapshot {
    const engine = this.engine;
    const targetAt = atMs === undefined ? performance.now() : this.startMs + atMs;
    return this.recorder.snapshot(engine?.activeUsers() ?? 0, engine?.inFlight() ?? 0, engine?.target(targetAt) ?? 0);
  }

  private sweepTimeouts(): void {
    const now = performance.now();
    for (const exchange of this.engine?.exchanges() ?? []) {
      if (exchange.inFlight && now - exchange.sentMs > exchange.request!.timeoutMs) exchange.timeout();
    }
  }

  /** Cuts the grace period of a finish in progress short. */
  hurry(): void {
    this.graceDeadline = 0;
  }

  /**
   * Ends the run: no new requests, those in flight get up to `graceMs` to finish, the rest are
   * cancelled (and not counted); then the last snapshot.
   */
  async finish(graceMs: number): Promise<WorkerSnapshot> {
    if (graceMs > 0) this.engine?.catchUp?.();
    this.stopping = true;
    this.engine?.halt();
    this.graceDeadline = performance.now() + graceMs;
    while ((this.engine?.inFlight() ?? 0) > 0 && performance.now() < this.graceDeadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(20, Math.max(1, this.graceDeadline - performance.now()))));
    }
    for (const timer of this.timers) clearTimeout(timer);
    for (const exchange of this.engine?.exchanges() ?? []) exchange.cancel();
    // Destroying the connections fails what was still queued or connecting; cancelled exchanges are not recorded.
    await this.connections.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    return this.snapshot();
  }
}
