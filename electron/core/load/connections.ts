/**
 * Keep-alive connections of one worker to the target origin, bounded. An `http:` origin uses the
 * engine's lean HTTP/1.1 client (lean-http.ts: pre-serialised requests, one reused read buffer,
 * minimal parsing), which costs less CPU per request; an `https:` origin (or `client: 'undici'`)
 * uses undici. Two shapes, either way:
 *  - `pinned`: a fixed set of undici Clients (one connection each) and each virtual user always
 *    uses the same one. A closed-model user re-sends from inside the previous response's
 *    callback; a Pool at that moment still counts the connection as busy and parks the request
 *    in its queue, which cost ~30 % throughput in the benchmark. Pinning avoids that.
 *  - `pool`: one undici Pool with `connections` Clients; open-model arrivals take any free one.
 */
import { Client, Pool, type Dispatcher } from 'undici';
import { LeanLane, newReadBuffer, serializeRequest, type LeanHandler } from './lean-http.js';

export type ConnectionMode = 'pinned' | 'pool';
export type HttpClientKind = 'lean' | 'undici';

/** What an exchange must answer to, whichever client carries it. */
export type LoadHandler = Dispatcher.DispatchHandler & LeanHandler;

/** Sends one request: `wire` is its serialised form when it never varies (the lean client uses it). */
export interface LoadDispatcher {
  dispatch(options: Dispatcher.DispatchOptions, wire: Buffer | null, handler: LoadHandler): void;
}

export interface Connections {
  readonly client: HttpClientKind;
  /** The dispatcher user/slot `index` sends through. */
  for(index: number): LoadDispatcher;
  /** Closes every connection and fails whatever is still queued. */
  destroy(): Promise<void>;
}

export interface ConnectionOptions {
  origin: string;
  connections: number;
  mode: ConnectionMode;
  /** Longest request timeout: bounds the wait for a connection (the worker enforces each request's timeout itself). */
  timeoutMs: number;
  /** Default: lean for http:, undici for https: (the lean client speaks no TLS). */
  client?: HttpClientKind;
}

export function openConnections(options: ConnectionOptions): Connections {
  const url = new URL(options.origin);
  const client = url.protocol === 'http:' ? (options.client ?? 'lean') : 'undici';
  return client === 'lean' ? openLeanConnections(url, options) : openUndiciConnections(options);
}

function openLeanConnections(url: URL, options: ConnectionOptions): Connections {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === '' ? 80 : Number(url.port);
  const readBuffer = newReadBuffer();
  const lanes: LeanLane[] = [];
  const dispatcherOf = (lane: LeanLane): LoadDispatcher => ({
    dispatch(request, wire, handler) {
      let bytes = wire;
      if (bytes === null) {
        try {
          bytes = serializeRequest(request.method, request.path, url.host, headerList(request.headers), bodyOf(request.body));
        } catch (error) {
          handler.onError(error instanceof Error ? error : new Error(String(error)));
          return;
        }
      }
      lane.dispatch(bytes, request.method === 'HEAD', handler);
    },
  });
  const destroy = (): Promise<void> => {
    for (const lane of lanes) lane.destroy();
    return Promise.resolve();
  };
  if (options.mode === 'pool') {
    const lane = new LeanLane(host, port, options.connections, readBuffer);
    lanes.push(lane);
    const dispatcher = dispatcherOf(lane);
    return { client: 'lean', for: () => dispatcher, destroy };
  }
  const pinned: LoadDispatcher[] = [];
  return {
    client: 'lean',
    for: (index) => {
      const slot = index % options.connections;
      let dispatcher = pinned[slot];
      if (dispatcher === undefined) {
        const lane = new LeanLane(host, port, 1, readBuffer);
        lanes.push(lane);
        dispatcher = pinned[slot] = dispatcherOf(lane);
      }
      return dispatcher;
    },
    destroy,
  };
}

/** The compiler builds headers as a flat [name, value, …] list and bodies as Buffers. */
function headerList(headers: Dispatcher.DispatchOptions['headers']): string[] {
  if (Array.isArray(headers)) return headers.map(String);
  if (headers === undefined || headers === null) return [];
  throw new Error('lean client: headers must be a flat list');
}

function bodyOf(body: Dispatcher.DispatchOptions['body']): Buffer | null {
  if (body === undefined || body === null) return null;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  throw new Error('lean client: body must be a Buffer or a string');
}

function openUndiciConnections(options: ConnectionOptions): Connections {
  const clientOptions = {
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    // Off: the worker's sweep enforces each request's timeout, and undici's per-request timers
    // (re-armed for headers, then body, on every request) showed up in the profile.
    headersTimeout: 0,
    bodyTimeout: 0,
    connectTimeout: Math.min(options.timeoutMs, 30_000),
  };
  if (options.mode === 'pool') {
    const pool = new Pool(options.origin, { ...clientOptions, connections: options.connections });
    const dispatcher = undiciDispatcher(pool);
    return {
      client: 'undici',
      for: () => dispatcher,
      destroy: () => pool.destroy().catch(() => undefined),
    };
  }
  const clients: Client[] = [];
  const dispatchers: LoadDispatcher[] = [];
  const clientFor = (index: number): LoadDispatcher => {
    const slot = index % options.connections;
    // Created on first use, so a ramp opens connections as users arrive.
    return (dispatchers[slot] ??= undiciDispatcher((clients[slot] = new Client(options.origin, clientOptions))));
  };
  return {
    client: 'undici',
    for: clientFor,
    destroy: async () => {
      await Promise.all(clients.map((client) => client.destroy().catch(() => undefined)));
    },
  };
}

function undiciDispatcher(dispatcher: Dispatcher): LoadDispatcher {
  return { dispatch: (options, _wire, handler) => void dispatcher.dispatch(options, handler) };
}
