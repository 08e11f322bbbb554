/**
 * Closed model: virtual users, each sending its next request as soon as the previous one
 * answered (plus think time). The number of users follows the profile's shape; a user beyond
 * the target finishes its request and leaves. Latency counts from the actual send.
 */
import type { LoadDispatcher } from './connections.js';
import { Exchange, type ExchangeOwner } from './exchange.js';
import { hasNeeds, type CompiledRequest } from './request-compiler.js';
import { shareOf, valueAt } from './schedule.js';
import type { TemplateScope } from './template-runtime.js';
import type { ModelEngine, WorkerRun } from './worker-run.js';

/** After this many skipped requests in a row a user pauses instead of spinning. */
const MAX_SKIPS_IN_A_ROW = 64;
const CONTROL_INTERVAL_MS = 50;

class VirtualUser implements ExchangeOwner {
  readonly exchange: Exchange;
  readonly scope: TemplateScope;
  /** The connection this user always sends through. */
  private readonly dispatcher: LoadDispatcher;
  retired = false;
  private thinkTimer: NodeJS.Timeout | null = null;
  private step = 0;
  private readonly resume = (): void => {
    this.thinkTimer = null;
    this.next(performance.now());
  };

  constructor(
    private readonly model: ClosedModel,
    readonly slot: number,
    id: number,
  ) {
    this.scope = { vars: Object.create(null) as Record<string, unknown>, vu: id, iteration: 0 };
    this.exchange = new Exchange(this, model.run, this.scope);
    this.dispatcher = model.run.connections.for(slot);
  }

  /** Sends the user's next request; `nowMs` is the current time (saves a clock read per request). */
  next(nowMs: number): void {
    const model = this.model;
    const run = model.run;
    if (this.retired || run.stopping || nowMs >= run.endMs) {
      model.userIdle(this);
      return;
    }
    for (let skips = 0; skips < MAX_SKIPS_IN_A_ROW; skips += 1) {
      const request = this.pick();
      if (request.needs.length === 0 || hasNeeds(request, this.scope.vars)) {
        this.exchange.send(request, this.dispatcher, nowMs, nowMs);
        return;
      }
      run.skipped(request.endpoint);
    }
    this.thinkTimer = setTimeout(this.resume, 10);
  }

  private pick(): CompiledRequest {
    const run = this.model.run;
    if (run.plan.order === 'weighted') {
      this.scope.iteration += 1;
      return run.pickWeighted();
    }
    const request = run.requests[this.step]!;
    this.step += 1;
    if (this.step === run.requests.length) {
      this.step = 0;
      this.scope.iteration += 1;
    }
    return request;
  }

  exchangeDone(exchange: Exchange, cancelled: boolean): void {
    if (cancelled) {
      this.model.userIdle(this);
      return;
    }
    const request = exchange.request!;
    const thinkMs = request.thinkMinMs + (request.thinkSpanMs > 0 ? Math.random() * request.thinkSpanMs : 0);
    if (thinkMs > 0 && !this.retired) this.thinkTimer = setTimeout(this.resume, thinkMs);
    else this.next(exchange.endedMs);
  }

  /** Leaves now if idle (true), else after the request in flight. */
  retire(): boolean {
    this.retired = true;
    if (this.thinkTimer !== null) {
      clearTimeout(this.thinkTimer);
      this.thinkTimer = null;
    }
    return !this.exchange.inFlight;
  }
}

export class ClosedModel implements ModelEngine {
  private readonly users = new Set<VirtualUser>();
  private active = 0;
  private spawned = 0;
  private control: NodeJS.Timeout | null = null;

  constructor(readonly run: WorkerRun) {}

  begin(): void {
    this.adjust();
    this.control = setInterval(() => this.adjust(), CONTROL_INTERVAL_MS);
  }

  halt(): void {
    if (this.control) clearInterval(this.control);
    this.control = null;
    for (const user of [...this.users]) if (user.retire()) this.users.delete(user);
    this.active = 0;
  }

  target(nowMs: number): number {
    const plan = this.run.plan;
    const elapsed = Math.min(plan.durationMs, Math.max(0, nowMs - this.run.startMs));
    return shareOf(Math.floor(valueAt(plan.shape, elapsed) + 1e-9), plan.index, plan.count);
  }

  /** Brings the number of users to the target for this instant. */
  private adjust(): void {
    const run = this.run;
    const now = performance.now();
    if (now >= run.endMs || run.stopping) return;
    const target = this.target(now);
    while (this.active < target) {
      // Slots are reused from the lowest, so users spread over the connections evenly.
      const user = new VirtualUser(this, this.active, run.plan.index + run.plan.count * this.spawned + 1);
      this.spawned += 1;
      this.active += 1;
      this.users.add(user);
      user.next(now);
    }
    if (this.active > target) {
      const newestFirst = [...this.users].filter((user) => !user.retired).reverse();
      for (const user of newestFirst.slice(0, this.active - target)) {
        this.active -= 1;
        if (user.retire()) this.users.delete(user);
      }
    }
  }

  userIdle(user: VirtualUser): void {
    if (this.users.delete(user) && !user.retired) this.active -= 1;
    user.retired = true;
  }

  *exchanges(): Iterable<Exchange> {
    for (const user of this.users) yield user.exchange;
  }

  activeUsers(): number {
    return this.active;
  }

  inFlight(): number {
    let count = 0;
    for (const user of this.users) if (user.exchange.inFlight) count += 1;
    return count;
  }
}
