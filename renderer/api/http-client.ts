/**
 * The Client over the web shell: `POST /rpc/<name>` for calls and `GET /events` (SSE) for events.
 * The stream is read with fetch rather than EventSource because EventSource cannot send the
 * Authorization header.
 */
import type { WarroomClient } from './client.js';
import { createEventHub } from './event-hub.js';
import { isEnvelope, isWireEvent, transportError, unwrap } from './envelope.js';
import { createSseParser } from '../../shared/util/sse-parser.js';

/** How to reach the web shell and where the bearer token lives. */
export interface HttpClientOptions {
  /** Prefix of /rpc and /events; '' means the origin that served the page. */
  baseUrl?: string;
  /** Read before every request, so a token entered later is used at once. */
  getToken: () => string | null;
  /** Called by authenticate() to keep a new token. */
  setToken?: (token: string) => void;
  fetch?: typeof fetch;
  /** Reconnect delays: the first, doubled after each failure up to the max. */
  retry?: { firstMs: number; maxMs: number };
}

const DEFAULT_RETRY = { firstMs: 1000, maxMs: 10_000 };

export function createHttpClient(options: HttpClientOptions): WarroomClient {
  const baseUrl = options.baseUrl ?? '';
  const retry = options.retry ?? DEFAULT_RETRY;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const hub = createEventHub('connecting');
  let generation = 0;
  let delayMs = retry.firstMs;
  let abort: AbortController | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const headers = (extra: Record<string, string>): Record<string, string> => {
    const token = options.getToken();
    return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
  };

  const stopStream = () => {
    generation += 1;
    abort?.abort();
    abort = undefined;
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
  };

  // A refused token stays refused: stop retrying until authenticate() brings a new one.
  const refuse = () => {
    stopStream();
    hub.setState('unauthorized');
  };

  const connect = () => {
    stopStream();
    const gen = generation;
    const controller = new AbortController();
    abort = controller;
    hub.setState('connecting');
    void readStream(gen, controller.signal).then((refused) => {
      if (refused || closed || gen !== generation) return;
      hub.setState('closed');
      retryTimer = setTimeout(connect, delayMs);
      delayMs = Math.min(delayMs * 2, retry.maxMs);
    });
  };

  /** Reads /events until it ends; resolves true when the server refused the token. */
  const readStream = async (gen: number, signal: AbortSignal): Promise<boolean> => {
    try {
      const response = await doFetch(`${baseUrl}/events`, {
        headers: headers({ Accept: 'text/event-stream' }),
        cache: 'no-store',
        signal,
      });
      if (gen !== generation) return false;
      if (response.status === 401) {
        refuse();
        return true;
      }
      if (!response.ok || !response.body) return false;
      const markOpen = () => {
        if (gen !== generation || hub.state() === 'open') return;
        hub.setState('open');
        delayMs = retry.firstMs;
      };
      const parser = createSseParser((message) => {
        if (gen !== generation) return;
        if (message.event === 'open') return markOpen();
        if (message.event !== 'message') return;
        // A server that skipped `event: open` is still open once it sends data.
        markOpen();
        const event = parseJson(message.data);
        if (isWireEvent(event)) hub.deliver(event);
      });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done || gen !== generation) break;
        parser.push(decoder.decode(value, { stream: true }));
      }
    } catch {
      // A network error or our own abort: both end the stream the same way.
    }
    return false;
  };

  connect();

  return {
    transport: 'http',
    async call(name, input) {
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}/rpc/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: headers({ 'Content-Type': 'application/json' }),
          body: JSON.stringify(input ?? {}),
        });
      } catch (error) {
        throw transportError('unavailable', `cannot reach the Warroom server: ${error instanceof Error ? error.message : String(error)}`);
      }
      const body: unknown = parseJson(await response.text().catch(() => ''));
      if (response.status === 401) refuse();
      if (!isEnvelope(body)) {
        throw transportError(response.status === 401 ? 'unauthorized' : 'unavailable', `${name}: HTTP ${response.status} without a Warroom answer`);
      }
      if (!body.ok && body.error.code === 'unauthorized') refuse();
      return unwrap(body);
    },
    on: hub.on,
    onConnection: hub.onConnection,
    onLinkState: hub.onLinkState,
    authenticate(token) {
      if (closed) return;
      options.setToken?.(token);
      delayMs = retry.firstMs;
      connect();
    },
    close() {
      closed = true;
      stopStream();
      hub.setState('closed');
      hub.clear();
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
