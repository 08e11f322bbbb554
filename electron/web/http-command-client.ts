/**
 * A CommandClient for Node over a running app's HTTP + SSE transport: the same protocol the
 * browser client speaks (`POST /rpc/<command>` answering the envelope, `GET /events` streaming
 * `{ name, payload, seq, at }`), with the bearer token the caller brings. Answers and events are
 * checked against the contract on arrival, so callers get exactly the types the contract names.
 *
 * `connectToApp` resolves once the event stream is open, so nothing emitted after a call is missed.
 * If the stream drops it reconnects; events sent in the gap are lost, so `onReopen` tells callers
 * to look again (e.g. `actions.getRun`) rather than wait for an end that already passed.
 */
import type { z } from 'zod';
import { commands, events, isEventName, RpcCallError, RpcResultSchema } from '../../shared/contract/index.js';
import type { CommandClient, CommandInput, CommandName, CommandOutput, EventMeta, EventName, EventPayload } from '../../shared/contract/index.js';
import { createSseParser } from '../../shared/util/sse-parser.js';

export interface AppConnectionOptions {
  /** The app's base URL, e.g. http://127.0.0.1:4800/ */
  url: string;
  /** Sent as "Authorization: Bearer <token>" on every request. */
  token: string;
  /** How long to wait for the stream to open before giving up (default 10 s). */
  openTimeoutMs?: number;
  /** Reconnect delays after the stream drops: the first, doubled after each failure up to the max. */
  retry?: { firstMs: number; maxMs: number };
  /** Where a dropped stream or a payload that breaks the contract is told (one line each). */
  warn?: (line: string) => void;
}

export interface AppClient extends CommandClient {
  /** Called each time the event stream opens again after it dropped; returns the unsubscribe function. */
  onReopen: (fn: () => void) => () => void;
  /** Stops the event stream; calls in flight still answer. */
  close(): void;
}

/** Each command's output schema, typed per command (what `commands` is, seen one key at a time). */
const outputs: { [N in CommandName]: { output: z.ZodType<CommandOutput<N>> } } = commands;
/** Each event's payload schema, typed per event. */
const payloads: { [E in EventName]: z.ZodType<EventPayload<E>> } = events;

type Listener = (raw: unknown, meta: EventMeta) => void;

const DEFAULT_RETRY = { firstMs: 500, maxMs: 5000 };

export async function connectToApp(options: AppConnectionOptions): Promise<AppClient> {
  const base = options.url.endsWith('/') ? options.url : `${options.url}/`;
  const authorization = `Bearer ${options.token}`;
  const retry = options.retry ?? DEFAULT_RETRY;
  const warn = options.warn ?? (() => {});
  const listeners = new Map<EventName, Set<Listener>>();
  const reopenListeners = new Set<() => void>();
  let closed = false;
  let controller: AbortController | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let delayMs = retry.firstMs;

  const deliver = (data: string) => {
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      warn(`the app sent an event that is not JSON: ${data.slice(0, 80)}`);
      return;
    }
    if (typeof event !== 'object' || event === null || !('name' in event) || typeof event.name !== 'string' || !isEventName(event.name)) return;
    const meta = { seq: 'seq' in event && typeof event.seq === 'number' ? event.seq : 0, at: 'at' in event && typeof event.at === 'number' ? event.at : 0 };
    const payload = 'payload' in event ? event.payload : undefined;
    for (const listener of [...(listeners.get(event.name) ?? [])]) listener(payload, meta);
  };

  /** Reads /events until it ends. Resolves 'open' handling through onOpen; rejects only before it opened. */
  const stream = async (signal: AbortSignal, onOpen: () => void): Promise<void> => {
    const response = await fetch(`${base}events`, { headers: { authorization, accept: 'text/event-stream' }, signal });
    if (!response.ok || !response.body) {
      const answer = await response.text().catch(() => '');
      throw refusal(response.status, answer, 'the event stream');
    }
    const parser = createSseParser((message) => {
      if (message.event === 'open') onOpen();
      else if (message.event === 'message') deliver(message.data);
    });
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    for (;;) {
      const read = await reader.read();
      if (read.done) return;
      const chunk: unknown = read.value;
      if (chunk instanceof Uint8Array) parser.push(decoder.decode(chunk, { stream: true }));
    }
  };

  const reconnect = () => {
    if (closed) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (closed) return;
      controller = new AbortController();
      stream(controller.signal, () => {
        delayMs = retry.firstMs;
        for (const fn of [...reopenListeners]) fn();
      }).then(
        () => reconnect(),
        (error: unknown) => {
          if (closed) return;
          warn(`the app's event stream failed: ${error instanceof Error ? error.message : String(error)}; retrying`);
          delayMs = Math.min(delayMs * 2, retry.maxMs);
          reconnect();
        },
      );
    }, delayMs);
    retryTimer.unref();
  };

  // The first connection: resolve once it is open, reject if it is refused or never opens.
  await new Promise<void>((resolve, reject) => {
    controller = new AbortController();
    const timeout = setTimeout(() => {
      controller?.abort();
      reject(new RpcCallError({ code: 'unavailable', message: `the app at ${base} did not open its event stream within ${(options.openTimeoutMs ?? 10_000) / 1000} s` }));
    }, options.openTimeoutMs ?? 10_000);
    let opened = false;
    stream(controller.signal, () => {
      opened = true;
      clearTimeout(timeout);
      resolve();
    }).then(
      () => {
        clearTimeout(timeout);
        if (!opened) reject(new RpcCallError({ code: 'unavailable', message: `the app at ${base} closed its event stream at once` }));
        else reconnect();
      },
      (error: unknown) => {
        clearTimeout(timeout);
        if (!opened) reject(error instanceof RpcCallError ? error : unreachable(base, error));
        else if (!closed) {
          warn(`the app's event stream dropped: ${error instanceof Error ? error.message : String(error)}; reconnecting`);
          reconnect();
        }
      },
    );
  });

  // Typed per command for callers; checked at run time against the very command named.
  function call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  async function call<N extends CommandName>(name: N, input: unknown): Promise<CommandOutput<N>> {
    let response: Response;
    try {
      response = await fetch(`${base}rpc/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
    } catch (error) {
      throw unreachable(base, error);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw refusal(response.status, text, name);
    }
    const envelope = RpcResultSchema.safeParse(body);
    if (!envelope.success) throw refusal(response.status, text, name);
    if (!envelope.data.ok) throw new RpcCallError(envelope.data.error);
    const value = outputs[name].output.safeParse(envelope.data.value);
    if (!value.success) throw new RpcCallError({ code: 'internal', message: `the app answered ${name} with output that breaks the contract: ${value.error.message}` });
    return value.data;
  }

  function on<E extends EventName>(name: E, fn: (payload: EventPayload<E>, meta: EventMeta) => void): () => void {
    const listener: Listener = (raw, meta) => {
      const payload = payloads[name].safeParse(raw);
      if (payload.success) fn(payload.data, meta);
      else warn(`the app sent a ${name} event that breaks the contract: ${payload.error.message}`);
    };
    const set = listeners.get(name) ?? new Set<Listener>();
    listeners.set(name, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  return {
    call,
    on,
    onReopen(fn) {
      reopenListeners.add(fn);
      return () => {
        reopenListeners.delete(fn);
      };
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      controller?.abort();
    },
  };
}

/** The app could not be reached at all. */
function unreachable(base: string, error: unknown): RpcCallError {
  const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new RpcCallError({ code: 'unavailable', message: `cannot reach the app at ${base}: ${cause}` });
}

/** An answer that is not an envelope (a refused token answers one; a proxy or another program may not). */
function refusal(status: number, text: string, what: string): RpcCallError {
  const envelope = RpcResultSchema.safeParse(safeJson(text));
  if (envelope.success && !envelope.data.ok) return new RpcCallError(envelope.data.error);
  return new RpcCallError({ code: status === 401 ? 'unauthorized' : 'unavailable', message: `${what}: HTTP ${status} without a Warroom answer` });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
