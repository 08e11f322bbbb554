/**
 * Open model: arrivals at the profile's rate, whatever the target does. Each arrival has an
 * intended send time and its latency counts from there (coordinated-omission correct): when the
 * in-flight cap is reached, arrivals wait in a backlog and start late, and the wait shows in
 * their latency. An arrival is one request, or one pass through the scenario ("iterations").
 */
import type { LoadDispatcher } from './connections.js';
import { SLOT } from './counters.js';
import { Exchange, type ExchangeOwner } from './exchange.js';
import { hasNeeds, type CompiledRequest } from './request-compiler.js';
import { ArrivalClock, valueAt } from './schedule.js';
import type { TemplateScope } from './template-runtime.js';
import type { ModelEngine, WorkerRun } from './worker-run.js';

/** A place for one arrival in flight; reused. */
class Slot implements ExchangeOwner {
  readonly exchange: Exchange;
  readonly scope: TemplateScope;
  private step = 0;
  private lateArrival = false;
  private thinkTimer: NodeJS.Timeout | null = null;
  private readonly continueIteration = (): void => {
    this.thinkTimer = null;
    const now = performance.now();
    if (!this.sendStep(now, now)) this.model.slotFree(this);
  };

  constructor(
    private readonly model: OpenModel,
    readonly index: number,
    sharedVars: Record<string, unknown> | null,
  ) {
    const plan = model.run.plan;
    // {{vu}} is unique across workers, as in the closed model.
    this.scope = { vars: sharedVars ?? (Object.create(null) as Record<string, unknown>), vu: plan.index + plan.count * index + 1, iteration: 0 };
    this.exchange = new Exchange(this, model.run, this.scope);
  }

  /** Starts an arrival meant to be sent at `intendedMs`; false when it sent nothing (all skipped). */
  begin(intendedMs: number, nowMs: number): boolean {
    const run = this.model.run;
    this.scope.iteration += 1;
    if (run.plan.arrival === 'iterations') {
      this.step = 0;
      this.scope.vars = Object.create(null) as Record<string, unknown>;
    }
    this.lateArrival = nowMs - intendedMs > run.plan.lateAfterMs;
    return this.sendStep(intendedMs, nowMs);
  }

  /** Sends the arrival's next request, skipping (and counting) those that lack a capture; false when nothing was sent. */
  private sendStep(startMs: number, nowMs: number): boolean {
    const run = this.model.run;
    while (!run.stopping) {
      const request = this.nextRequest();
      if (request === null) break;
      if (request.needs.length === 0 || hasNeeds(request, this.scope.vars)) {
        if (this.lateArrival) {
          run.recorder.count(request.endpoint, SLOT.startedLate);
          this.lateArrival = false;
        }
        this.exchange.send(request, this.model.dispatcher, startMs, nowMs);
        return true;
      }
      run.skipped(request.endpoint);
      if (run.plan.arrival === 'requests') break;
    }
    this.lateArrival = false;
    return false;
  }

  /** The request for this step, or null when the iteration is over. */
  private nextRequest(): CompiledRequest | null {
    const run = this.model.run;
    if (run.plan.order === 'weighted') {
      if (run.plan.arrival === 'iterations' && this.step > 0) return null;
      this.step += 1;
      return run.pickWeighted();
    }
    if (run.plan.arrival === 'requests') return this.model.nextInSequence();
    if (this.step >= run.requests.length) return null;
    return run.requests[this.step++]!;
  }

  exchangeDone(exchange: Exchange, cancelled: boolean): void {
    const run = this.model.run;
    const more = !cancelled && !run.stopping && run.plan.arrival === 'iterations' && run.plan.order === 'sequence' && this.step < run.requests.length;
    if (!more) {
      this.model.slotFree(this);
      return;
    }
    const request = exchange.request!;
    const thinkMs = request.thinkMinMs + (request.thinkSpanMs > 0 ? Math.random() * request.thinkSpanMs : 0);
    if (thinkMs > 0) this.thinkTimer = setTimeout(this.continueIteration, thinkMs);
    else if (!this.sendStep(exchange.endedMs, exchange.endedMs)) this.model.slotFree(this);
  }

  stop(): boolean {
    if (this.thinkTimer !== null) {
      clearTimeout(this.thinkTimer);
      this.thinkTimer = null;
      return true;
    }
    return false;
  }
}

/** Ring buffer of intended times of arrivals waiting for a free slot. */
class Backlog {
  private readonly times: Float64Array;
  private head = 0;
  size = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
  }

  push(intendedMs: number): boolean {
    if (this.size === this.capacity) return false;
    this.times[(this.head + this.size) % this.capacity] = intendedMs;
    this.size += 1;
    return true;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  shift(): number {
    const value = this.times[this.head]!;
    this.head = (this.head + 1) % this.capacity;
    this.size -= 1;
    return value;
  }
}

export class OpenModel implements ModelEngine {
  private readonly clock: ArrivalClock;
  private next: number;
  private readonly slots: Slot[] = [];
  private readonly free: Slot[] = [];
  private readonly backlog: Backlog;
  private readonly sharedVars: Record<string, unknown> | null;
  private sequenceStep = 0;
  private pumpTimer: NodeJS.Timeout | null = null;
  private halted = false;
  private readonly pump = (): void => this.arrive();
  /** One pool: an arrival takes whichever connection is free. */
  readonly dispatcher: LoadDispatcher;

  constructor(readonly run: WorkerRun) {
    this.clock = new ArrivalClock(run.plan.shape);
    this.dispatcher = run.connections.for(0);
    this.next = run.plan.index;
    this.backlog = new Backlog(Math.min(1_000_000, Math.max(10_000, run.plan.maxInFlight * 100)));
    // Single requests share the worker's variables (the latest capture wins); iterations get their own.
    this.sharedVars = run.plan.arrival === 'requests' ? (Object.create(null) as Record<string, unknown>) : null;
  }

  begin(): void {
    this.arrive();
  }

  catchUp(): void {
    this.arrive();
  }

  halt(): void {
    this.halted = true;
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.pumpTimer = null;
    for (const slot of this.slots) if (slot.stop()) this.free.push(slot);
    // Arrivals that were due but never sent (waiting for a slot, or not yet reached by a busy
    // event loop) count as dropped, so requests + dropped = the arrivals the profile asked for.
    let dropped = this.backlog.size;
    this.backlog.clear();
    const run = this.run;
    const dueUntil = Math.min(performance.now() - run.startMs, run.plan.durationMs);
    while (this.clock.timeOf(this.next) < dueUntil) {
      dropped += 1;
      this.next += run.plan.count;
    }
    for (let i = 0; i < dropped; i += 1) run.recorder.count(run.pickWeighted().endpoint, SLOT.dropped);
  }

  target(nowMs: number): number {
    const plan = this.run.plan;
    const elapsed = Math.min(plan.durationMs, Math.max(0, nowMs - this.run.startMs));
    return valueAt(plan.shape, elapsed) / plan.count;
  }

  nextInSequence(): CompiledRequest {
    const request = this.run.requests[this.sequenceStep]!;
    this.sequenceStep = (this.sequenceStep + 1) % this.run.requests.length;
    return request;
  }

  /** Starts every arrival that is due, then sleeps until the next one. */
  private arrive(): void {
    this.pumpTimer = null;
    const run = this.run;
    if (this.halted || run.stopping) return;
    const now = performance.now();
    const elapsed = now - run.startMs;
    const stride = run.plan.count;
    let due = this.clock.timeOf(this.next);
    while (due <= elapsed && due < run.plan.durationMs) {
      this.admit(run.startMs + due, now);
      this.next += stride;
      due = this.clock.timeOf(this.next);
    }
    if (due >= run.plan.durationMs) return;
    // Timers fire ≥ 1 ms late; arrivals due within that wait are started together next time, each with its own intended time.
    this.pumpTimer = setTimeout(this.pump, Math.min(50, Math.max(1, due - elapsed)));
  }

  private admit(intendedMs: number, nowMs: number): void {
    let slot = this.free.pop();
    if (slot === undefined && this.slots.length < this.run.plan.maxInFlight) {
      slot = new Slot(this, this.slots.length, this.sharedVars);
      this.slots.push(slot);
    }
    if (slot !== undefined) {
      if (!slot.begin(intendedMs, nowMs)) this.free.push(slot);
    } else if (!this.backlog.push(intendedMs)) this.run.recorder.count(this.run.pickWeighted().endpoint, SLOT.dropped);
  }

  /** A slot is done: it takes the oldest waiting arrival, or becomes free. */
  slotFree(slot: Slot): void {
    while (this.backlog.size > 0 && !this.halted && !this.run.stopping) {
      if (slot.begin(this.backlog.shift(), performance.now())) return;
    }
    this.free.push(slot);
  }

  *exchanges(): Iterable<Exchange> {
    for (const slot of this.slots) yield slot.exchange;
  }

  activeUsers(): number {
    return this.slots.length - this.free.length;
  }

  inFlight(): number {
    let count = 0;
    for (const slot of this.slots) if (slot.exchange.inFlight) count += 1;
    return count;
  }
}
