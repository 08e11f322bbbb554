/**
 * The coordinator of a load run, on the caller's thread: starts the workers, asks each for a
 * snapshot every second, merges them into a tick, judges thresholds live, and at the end builds
 * the summary. It writes nothing itself: the caller stores ticks and the summary (single writer).
 */
import { Worker } from 'node:worker_threads';
import type { LoadStopReason, LoadSummary, LoadTick, ThresholdVerdict } from '../../../shared/domain/load.js';
import { RunAggregate } from './aggregate.js';
import { planLoadRun, type LoadRunOptions, type PlannedThreshold, type RunPlan } from './plan.js';
import { deserializeError, type CoordinatorMessage, type WorkerMessage, type WorkerSnapshot } from './protocol.js';
import { evaluateThreshold } from './thresholds.js';

export interface StartLoadRunOptions extends LoadRunOptions {
  /** Once a second while the run goes, and once for the last partial second. Exceptions are logged, not fatal. */
  onTick?: (tick: LoadTick) => void;
  /** Engine and worker messages (first failure of each kind per endpoint, skips, lifecycle). */
  onLog?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** With recordSamples: every latency sample (µs) of an endpoint, in batches. */
  onSamples?: (endpoint: string, samplesUs: Float64Array) => void;
  /** Where load.worker.js is; default: next to this module (dist-node when running from source). */
  workerUrl?: URL;
}

/** A run in progress. */
export interface LoadRunHandle {
  /** The summary once the run is over; rejects only if the engine could not start at all. */
  readonly done: Promise<LoadSummary>;
  /** Planned length (for a progress bar), without the graceful stop. */
  readonly durationMs: number;
  /** Endpoint labels in scenario order, as ticks and the summary name them. */
  readonly endpoints: readonly string[];
  /** Ends the run now: outcome "aborted" (stopped) or "interrupted"; everything measured so far is kept. */
  stop(reason?: 'stopped' | 'interrupted'): void;
}

/** Starts a run; throws LoadPlanError (nothing started) when the scenario or profile is refused. */
export function startLoadRun(options: StartLoadRunOptions): LoadRunHandle {
  const plan = planLoadRun(options);
  const run = new LoadRun(plan, options);
  return {
    done: run.done,
    durationMs: plan.durationMs,
    endpoints: plan.endpoints,
    stop: (reason = 'stopped') => run.end(reason),
  };
}

function defaultWorkerUrl(): URL {
  const here = new URL(import.meta.url);
  // From source (vitest) there is no .js worker beside us: use the compiled one in dist-node.
  return here.pathname.endsWith('.ts') ? new URL('../../../dist-node/electron/core/load/load.worker.js', here) : new URL('./load.worker.js', here);
}

const READY_TIMEOUT_MS = 15_000;
const FLUSH_TIMEOUT_MS = 2000;
/** Workers start this long after the start message, so all begin at the same instant. */
const START_DELAY_MS = 50;

interface Pending {
  worker: number;
  resolve: (snapshot: WorkerSnapshot | null) => void;
  reject: (error: Error) => void;
}

class LoadRun {
  readonly done: Promise<LoadSummary>;
  private resolveDone!: (summary: LoadSummary) => void;
  private rejectDone!: (error: Error) => void;
  private readonly workers: Worker[] = [];
  private readonly aggregate: RunAggregate;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private startAt = 0;
  private seconds = 0;
  private lastTickAt = 0;
  private tickTimer: NodeJS.Timeout | null = null;
  private endTimer: NodeJS.Timeout | null = null;
  /** Serialises flushes and the end, so a snapshot is never in two places. */
  private chain: Promise<void> = Promise.resolve();
  private ending: LoadStopReason | null = null;
  private started = false;
  private terminating = false;
  private readonly dead = new Set<number>();
  private readonly logged = new Set<string>();
  private decidedBy: ThresholdVerdict | null = null;
  private failure: Error | null = null;

  constructor(
    private readonly plan: RunPlan,
    private readonly options: StartLoadRunOptions,
  ) {
    this.aggregate = new RunAggregate(plan.endpoints);
    this.done = new Promise<LoadSummary>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    void this.launch();
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    try {
      this.options.onLog?.(level, message);
    } catch {
      // A logger that throws must not take the run down.
    }
  }

  private async launch(): Promise<void> {
    try {
      const url = this.options.workerUrl ?? defaultWorkerUrl();
      const ready = this.plan.workers.map((_, index) => this.spawn(url, index));
      await withTimeout(Promise.all(ready), READY_TIMEOUT_MS, 'load workers did not start');
      this.startAt = Date.now() + START_DELAY_MS;
      await Promise.all(this.plan.workers.map((plan, index) => this.request(index, { type: 'start', seq: 0, plan: { ...plan, startAt: this.startAt } })));
      this.started = true;
      this.lastTickAt = this.startAt;
      this.log('info', `load run started: ${this.plan.model} model, ${this.workers.length} worker${this.workers.length > 1 ? 's' : ''}, ${this.plan.durationMs} ms`);
      this.scheduleTick();
      this.endTimer = setTimeout(() => this.end('completed'), this.startAt + this.plan.durationMs - Date.now());
      if (this.ending) this.endNow(this.ending);
    } catch (error) {
      await this.terminate();
      this.rejectDone(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private spawn(url: URL, index: number): Promise<void> {
    const worker = new Worker(url, { name: `warroom-load-${index}` });
    this.workers[index] = worker;
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') resolve();
        else this.onMessage(index, message);
      });
      worker.on('error', (error) => {
        reject(error);
        this.workerFailed(index, error);
      });
      worker.on('exit', (code) => {
        const error = new Error(`load worker ${index} exited with code ${code}`);
        reject(error);
        if (!this.terminating) this.workerFailed(index, error);
      });
    });
  }

  private onMessage(worker: number, message: WorkerMessage): void {
    switch (message.type) {
      case 'log':
        // Workers report the same first failure each; the caller hears it once.
        if (this.logged.has(message.message)) return;
        this.logged.add(message.message);
        this.log(message.level, message.message);
        return;
      case 'fatal':
        this.workerFailed(worker, deserializeError(message.error));
        return;
      case 'reply': {
        // A late reply still counts: its snapshot goes into the current second.
        if (message.ok && message.snapshot) this.absorb(worker, message.snapshot);
        const pending = this.pending.get(message.seq);
        if (!pending) return;
        this.pending.delete(message.seq);
        if (message.ok) pending.resolve(message.snapshot);
        else pending.reject(deserializeError(message.error));
        return;
      }
      case 'ready':
        return;
    }
  }

  private absorb(worker: number, snapshot: WorkerSnapshot): void {
    this.aggregate.add(worker, snapshot);
    if (snapshot.samples && this.options.onSamples) {
      snapshot.samples.forEach((samples, endpoint) => {
        if (samples) this.options.onSamples!(this.plan.endpoints[endpoint]!, samples);
      });
    }
  }

  private request(worker: number, message: CoordinatorMessage, timeoutMs = 0): Promise<WorkerSnapshot | null> {
    if (this.dead.has(worker)) return Promise.reject(new Error(`load worker ${worker} is gone`));
    const seq = ++this.seq;
    const promise = new Promise<WorkerSnapshot | null>((resolve, reject) => {
      this.pending.set(seq, { worker, resolve, reject });
      this.workers[worker]!.postMessage({ ...message, seq });
    });
    return timeoutMs > 0 ? withTimeout(promise, timeoutMs, `load worker ${worker} did not answer within ${timeoutMs} ms`) : promise;
  }

  private workerFailed(worker: number, error: Error): void {
    this.dead.add(worker);
    for (const [seq, pending] of this.pending) {
      if (pending.worker !== worker) continue;
      this.pending.delete(seq);
      pending.reject(error);
    }
    if (!this.started) return;
    this.failure ??= error;
    this.log('error', `load worker ${worker} failed: ${error.message}`);
    this.end('error');
  }

  private scheduleTick(): void {
    const next = this.startAt + (this.seconds + 1) * 1000;
    this.tickTimer = setTimeout(() => {
      this.chain = this.chain.then(() => this.tick());
    }, Math.max(0, next - Date.now()));
  }

  private async tick(): Promise<void> {
    if (this.ending) return;
    const atMs = (this.seconds + 1) * 1000;
    const results = await Promise.allSettled(this.workers.map((_, index) => this.request(index, { type: 'flush', seq: 0, atMs }, FLUSH_TIMEOUT_MS)));
    for (const result of results) if (result.status === 'rejected') this.log('warn', `${(result.reason as Error).message}; its numbers join the next second`);
    if (this.ending) return;
    this.emitTick();
    const abort = this.liveAbort();
    if (abort) {
      this.decidedBy = abort;
      this.log('warn', `threshold "${abort.expression}"${abort.endpoint ? ` on ${abort.endpoint}` : ''} failed (actual ${abort.actual}); aborting the run`);
      this.end('threshold');
      return;
    }
    this.scheduleTick();
  }

  private elapsedSeconds(now = Date.now()): number {
    return Math.max(0, Math.min(now, this.startAt + this.plan.durationMs) - this.startAt) / 1000;
  }

  private emitTick(): void {
    const now = Date.now();
    this.seconds += 1;
    const { total, endpoints } = this.aggregate.takeSecond((now - this.lastTickAt) / 1000);
    this.lastTickAt = now;
    const tick: LoadTick = {
      second: this.seconds,
      elapsedMs: now - this.startAt,
      ...this.aggregate.gaugesNow(),
      total,
      endpoints,
      thresholds: this.verdicts(this.elapsedSeconds(now)),
    };
    try {
      this.options.onTick?.(tick);
    } catch (error) {
      this.log('error', `onTick failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private verdicts(elapsedSeconds: number): ThresholdVerdict[] {
    return this.plan.thresholds.map((threshold) => this.verdict(threshold, elapsedSeconds));
  }

  private verdict(threshold: PlannedThreshold, elapsedSeconds: number): ThresholdVerdict {
    const { actual, passed } = evaluateThreshold(threshold.parsed, this.aggregate.facts(threshold.endpointIndex, elapsedSeconds));
    return {
      expression: threshold.expression,
      ...(threshold.endpoint !== undefined ? { endpoint: threshold.endpoint } : {}),
      actual: actual === null ? null : Math.round(actual * 1e6) / 1e6,
      passed,
      abortOnFail: threshold.abortOnFail,
    };
  }

  /** The first abortOnFail threshold that fails now (with data, after its abortAfter). */
  private liveAbort(): ThresholdVerdict | null {
    const elapsedMs = Date.now() - this.startAt;
    for (const threshold of this.plan.thresholds) {
      if (!threshold.abortOnFail || elapsedMs < threshold.abortAfterMs) continue;
      const verdict = this.verdict(threshold, this.elapsedSeconds());
      if (verdict.actual !== null && !verdict.passed) return verdict;
    }
    return null;
  }

  /** Ends the run (once); the reason decides the outcome. */
  end(reason: LoadStopReason): void {
    if (this.ending) return;
    this.ending = reason;
    if (this.started) this.endNow(reason);
  }

  private endNow(reason: LoadStopReason): void {
    if (this.tickTimer) clearTimeout(this.tickTimer);
    if (this.endTimer) clearTimeout(this.endTimer);
    // Stopped before the start time the workers were given, it sent nothing: 0 ms, never less.
    const sendingEndedAt = Math.max(this.startAt, Math.min(Date.now(), this.startAt + this.plan.durationMs));
    this.chain = this.chain.then(() => this.finish(reason, sendingEndedAt));
  }

  private async finish(reason: LoadStopReason, sendingEndedAt: number): Promise<void> {
    const graceful = reason === 'completed';
    const graceMs = graceful ? this.plan.gracefulStopMs : 0;
    const results = await Promise.allSettled(
      this.workers.map((_, index) =>
        this.request(index, graceful ? { type: 'finish', seq: 0, graceMs } : { type: 'abort', seq: 0 }, graceMs + 10_000),
      ),
    );
    for (const result of results) if (result.status === 'rejected') this.log('warn', `${(result.reason as Error).message}; its last numbers are lost`);
    if (this.aggregate.secondHasData()) this.emitTick();
    await this.terminate();
    this.resolveDone(this.summary(reason, sendingEndedAt));
  }

  private summary(reason: LoadStopReason, sendingEndedAt: number): LoadSummary {
    const elapsedSeconds = this.elapsedSeconds(sendingEndedAt);
    const thresholds = this.verdicts(elapsedSeconds);
    const firstFailed = thresholds.find((verdict) => !verdict.passed) ?? null;
    const outcome =
      reason === 'interrupted' ? 'interrupted' : reason === 'stopped' || reason === 'error' ? 'aborted' : firstFailed || this.decidedBy ? 'failed' : 'passed';
    // An abortOnFail threshold decided the run when it fired; otherwise the first that failed at the end.
    const decidedBy = reason === 'threshold' ? this.decidedBy : outcome === 'failed' ? firstFailed : null;
    return {
      outcome,
      stopReason: reason,
      decidedBy,
      ...(this.failure ? { error: this.failure.message } : {}),
      model: this.plan.model,
      workers: this.workers.length,
      startedAt: this.startAt,
      endedAt: Date.now(),
      durationMs: sendingEndedAt - this.startAt,
      seconds: this.seconds,
      total: this.aggregate.stats(null, elapsedSeconds),
      endpoints: this.plan.endpoints.map((endpoint, index) => ({ endpoint, ...this.aggregate.stats(index, elapsedSeconds) })),
      thresholds,
    };
  }

  private async terminate(): Promise<void> {
    this.terminating = true;
    await Promise.all(this.workers.map((worker) => worker.terminate().catch(() => 0)));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
