/**
 * One request/response at a time, as a reusable undici dispatch handler. A virtual user (or an
 * open-model slot) owns one and sends through it again and again: no promise, closure or
 * handler object per request. It uses undici's raw handler callbacks (onHeaders with raw
 * headers) because the newer controller API parses every response's headers into an object.
 */
import type { LoadDispatcher, LoadHandler } from './connections.js';
import { readJsonPath } from '../probes/kinds/json-path.js';
import { ERROR_SLOT, classifyError } from './counters.js';
import type { CompiledRequest } from './request-compiler.js';
import type { Recorder } from './recorder.js';
import type { TemplateScope } from './template-runtime.js';
import type { LoadErrorKind } from '../../../shared/domain/load.js';

/** Worker-wide services an exchange reports to. */
export interface ExchangeContext {
  recorder: Recorder;
  /** First failure of a kind on an endpoint is logged; the rest are only counted. */
  noteFailure(endpoint: number, kind: LoadErrorKind, detail: string): void;
}

export interface ExchangeOwner {
  /** The exchange is over and recorded (or cancelled, then not recorded); the owner may send again. */
  exchangeDone(exchange: Exchange, cancelled: boolean): void;
}

class ExchangeTimeoutError extends Error {
  readonly code = 'WARROOM_TIMEOUT';
}
class ExchangeCancelledError extends Error {
  readonly code = 'WARROOM_CANCELLED';
}

const KIND_BY_SLOT: LoadErrorKind[] = [];
for (const [kind, slot] of Object.entries(ERROR_SLOT)) KIND_BY_SLOT[slot] = kind as LoadErrorKind;

export class Exchange implements LoadHandler {
  request: CompiledRequest | null = null;
  /** Latency counts from here (the intended send time in the open model). */
  startMs = 0;
  /** When it was actually handed to undici (for the timeout). */
  sentMs = 0;
  /** When the last exchange settled: the owner's "now" if it sends again at once. */
  endedMs = 0;
  inFlight = false;
  private status = 0;
  private bytesIn = 0;
  private bytesOut = 0;
  private chunks: Buffer[] | null = null;
  private kept = 0;
  private overflow = false;
  private abortFn: ((error?: Error) => void) | null = null;
  private timedOut = false;
  private cancelled = false;
  private dispatching = false;

  constructor(
    private readonly owner: ExchangeOwner,
    private readonly context: ExchangeContext,
    /** Variables and counters of whoever owns this exchange (captures land here). */
    public scope: TemplateScope,
  ) {}

  send(request: CompiledRequest, dispatcher: LoadDispatcher, startMs: number, nowMs: number): void {
    this.request = request;
    this.startMs = startMs;
    this.sentMs = nowMs;
    this.status = 0;
    this.bytesIn = 0;
    this.kept = 0;
    this.overflow = false;
    this.chunks = request.collectBody ? [] : null;
    this.abortFn = null;
    this.timedOut = false;
    this.cancelled = false;
    this.inFlight = true;
    let options = request.fixedOptions;
    const wire = options === null ? null : request.fixedWire;
    if (options) {
      this.bytesOut = request.fixedBytesOut;
    } else {
      const built = request.build(this.scope);
      options = built.options;
      this.bytesOut = built.bytesOut;
    }
    // A dispatch that fails synchronously calls onError before returning; the owner must not
    // re-send from inside that call or a dead pool would recurse without end.
    this.dispatching = true;
    dispatcher.dispatch(options, wire, this);
    this.dispatching = false;
  }

  /**
   * Gives up on a request past its deadline (it is recorded as a timeout). One still waiting
   * for its connection cannot be aborted yet; the next sweep tries again (and connectTimeout
   * bounds the wait for a connection).
   */
  timeout(): void {
    if (!this.inFlight || this.timedOut || this.abortFn === null) return;
    this.timedOut = true;
    this.abortFn(new ExchangeTimeoutError('request timed out'));
  }

  /** Ends the exchange without recording it (the run is stopping). */
  cancel(): void {
    if (!this.inFlight || this.cancelled) return;
    this.cancelled = true;
    this.abortFn?.(new ExchangeCancelledError('run stopped'));
  }

  /** True when the request has been written (it can be aborted). */
  get connected(): boolean {
    return this.abortFn !== null;
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortFn = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | string[] | null): boolean {
    this.status = statusCode;
    let bytes = 17; // status line
    if (rawHeaders) for (let i = 0; i < rawHeaders.length; i += 1) bytes += rawHeaders[i]!.length + 2;
    this.bytesIn += bytes;
    return true;
  }

  /** The lean client's head callback (it counts the head's bytes exactly). */
  onResponseHead(status: number, headBytes: number): void {
    this.status = status;
    this.bytesIn += headBytes;
  }

  /** The lean client's body callback: counted, and copied only when the body is checked (the buffer is reused). */
  onBody(buffer: Buffer, start: number, end: number): void {
    if (this.chunks === null) this.bytesIn += end - start;
    else this.onData(Buffer.from(buffer.subarray(start, end)));
  }

  onData(chunk: Buffer): boolean {
    this.bytesIn += chunk.length;
    const chunks = this.chunks;
    if (chunks !== null && !this.overflow) {
      if (this.kept + chunk.length <= this.request!.maxBodyBytes) {
        chunks.push(chunk);
        this.kept += chunk.length;
      } else {
        this.overflow = true;
      }
    }
    return true;
  }

  onComplete(): void {
    this.settle(null);
  }

  onError(error: Error): void {
    this.settle(error);
  }

  onUpgrade(): void {
    this.settle(new Error('unexpected protocol upgrade'));
  }

  private settle(error: Error | null): void {
    if (!this.inFlight) return;
    const endMs = performance.now();
    this.endedMs = endMs;
    this.inFlight = false;
    this.abortFn = null;
    if (this.cancelled) {
      this.chunks = null;
      this.finish(true, true);
      return;
    }
    const request = this.request!;
    let slot = 0;
    let detail = '';
    if (error !== null) {
      const kind: LoadErrorKind = this.timedOut ? 'timeout' : classifyError(error);
      slot = ERROR_SLOT[kind];
      detail = this.timedOut ? `no complete response within ${request.timeoutMs} ms` : error.message;
      this.status = 0;
    } else if (request.accepts[this.status] !== 1) {
      slot = this.status >= 500 ? ERROR_SLOT.status_5xx : this.status >= 400 ? ERROR_SLOT.status_4xx : ERROR_SLOT.expectation_failed;
      detail = `status ${this.status}`;
    } else if (this.chunks !== null) {
      detail = this.checkBody(request);
      if (detail !== '') slot = ERROR_SLOT.expectation_failed;
    }
    const latencyUs = Math.round((endMs - this.startMs) * 1000);
    this.context.recorder.record(request.endpoint, latencyUs > 0 ? latencyUs : 0, this.status, this.bytesIn, this.bytesOut, slot);
    if (slot !== 0) this.context.noteFailure(request.endpoint, KIND_BY_SLOT[slot]!, detail);
    this.finish(false, error !== null);
  }

  private cancelledWhenDeferred = false;
  private readonly deferredDone = (): void => this.owner.exchangeDone(this, this.cancelledWhenDeferred);

  /**
   * Hands the exchange back to its owner, who may send again at once. After a success that is
   * safe inside undici's callback; after an error undici is still failing its queue (and asserts
   * the queue is empty afterwards), and a synchronous dispatch failure would recurse, so those
   * wait for the next turn of the event loop.
   */
  private finish(cancelled: boolean, defer: boolean): void {
    if (defer || this.dispatching) {
      this.cancelledWhenDeferred = cancelled;
      setImmediate(this.deferredDone);
    } else {
      this.owner.exchangeDone(this, cancelled);
    }
  }

  /** bodyContains and captures; returns why they failed, or ''. */
  private checkBody(request: CompiledRequest): string {
    const chunks = this.chunks!;
    this.chunks = null;
    if (this.overflow) {
      return `response body over maxBodyBytes (${request.maxBodyBytes}); captures and bodyContains need it whole`;
    }
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
    if (request.bodyContains !== null && !text.includes(request.bodyContains)) return `body does not contain "${request.bodyContains}"`;
    if (request.capture.length === 0) return '';
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return 'body is not JSON, so nothing could be captured';
    }
    const vars = this.scope.vars;
    for (const [name, path] of request.capture) {
      const found = readJsonPath(json, path);
      if (!found.found) return `capture ${name}: nothing at ${path.join('.')}`;
      vars[name] = found.value;
    }
    return '';
  }
}
