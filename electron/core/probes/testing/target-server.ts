/**
 * A local HTTP(S) server on 127.0.0.1, port 0, for probe tests. Each path is given a behaviour:
 * answer, be slow, hang, send a huge or endless body, reset the connection, or fail a few times.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Certificate } from './certificates.js';

export type RouteBehaviour =
  /** Answers with `status` (default 200) and `json` or `body`, after `delayMs`. */
  | { kind: 'respond'; status?: number; body?: string; json?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Reads the request and never answers. */
  | { kind: 'hang' }
  /** Streams `bytes` bytes, honouring backpressure; `stats()` tells how many were written. */
  | { kind: 'large-body'; bytes: number }
  /** Sends the headers and a first chunk, then nothing, never ending the body. */
  | { kind: 'endless-body' }
  /** Destroys the connection as soon as the request arrives. */
  | { kind: 'reset' }
  /** Answers on a new connection; destroys a kept-alive one instead (what a server's keep-alive timeout races into). */
  | { kind: 'reset-reused' }
  /** The first `failures` requests get `failStatus` (default 503), later ones `then`. */
  | { kind: 'fail-then'; failures: number; failStatus?: number; then: RouteBehaviour };

export interface RouteStats {
  hits: number;
  /** large-body: bytes handed to the socket, and whether the whole body was written. */
  bytesWritten: number;
  completed: boolean;
}

export interface TargetServer {
  /** "http://127.0.0.1:<port>" or "https://…", without a trailing slash. */
  url: string;
  port: number;
  route(path: string, behaviour: RouteBehaviour): void;
  stats(path: string): RouteStats;
  /** Connections the server holds open right now (a leak shows up here). */
  openConnections(): number;
  close(): Promise<void>;
}

const LARGE_CHUNK = Buffer.alloc(64 * 1024, 'x');
const servedSockets = new WeakSet<Socket>();

export function startTargetServer(options: { tls?: Certificate } = {}): Promise<TargetServer> {
  const routes = new Map<string, RouteBehaviour>();
  const stats = new Map<string, RouteStats>();
  const sockets = new Set<Socket>();
  const statsFor = (path: string) => {
    let entry = stats.get(path);
    if (!entry) stats.set(path, (entry = { hits: 0, bytesWritten: 0, completed: false }));
    return entry;
  };

  const handle = (request: http.IncomingMessage, response: http.ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const entry = statsFor(path);
    entry.hits += 1;
    const behaviour = routes.get(path) ?? { kind: 'respond', status: 404, body: 'no such route' };
    // Drain the request body first so the connection stays usable for keep-alive.
    request.resume();
    request.once('end', () => serve(behaviour, entry, request, response));
  };

  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handle) : http.createServer(handle);
  // Handshake failures from probes that refuse our certificate are expected here.
  server.on('tlsClientError', () => {});
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
        port,
        route: (path, behaviour) => routes.set(path, behaviour),
        stats: (path) => ({ ...statsFor(path) }),
        openConnections: () => sockets.size,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

function serve(behaviour: RouteBehaviour, entry: RouteStats, request: http.IncomingMessage, response: http.ServerResponse): void {
  switch (behaviour.kind) {
    case 'respond': {
      const send = () => {
        if (response.destroyed) return;
        const body = behaviour.json !== undefined ? JSON.stringify(behaviour.json) : (behaviour.body ?? 'ok');
        const type = behaviour.json !== undefined ? 'application/json' : 'text/plain';
        response.writeHead(behaviour.status ?? 200, { 'content-type': type, ...behaviour.headers });
        response.end(request.method === 'HEAD' ? undefined : body);
      };
      if (behaviour.delayMs) setTimeout(send, behaviour.delayMs);
      else send();
      return;
    }
    case 'hang':
      return;
    case 'large-body':
      return streamLargeBody(behaviour.bytes, entry, response);
    case 'endless-body':
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('the start of a body that never ends\n');
      return;
    case 'reset':
      request.socket.destroy();
      return;
    case 'reset-reused':
      if (servedSockets.has(request.socket)) return void request.socket.destroy();
      servedSockets.add(request.socket);
      return serve({ kind: 'respond' }, entry, request, response);
    case 'fail-then': {
      const failuresSoFar = entry.hits - 1;
      if (failuresSoFar < behaviour.failures) return serve({ kind: 'respond', status: behaviour.failStatus ?? 503, body: 'failing' }, entry, request, response);
      return serve(behaviour.then, entry, request, response);
    }
  }
}

function streamLargeBody(bytes: number, entry: RouteStats, response: http.ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(bytes) });
  let left = bytes;
  const pump = () => {
    while (left > 0 && !response.destroyed) {
      const chunk = LARGE_CHUNK.subarray(0, Math.min(left, LARGE_CHUNK.length));
      left -= chunk.length;
      entry.bytesWritten += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
    if (left === 0 && !response.destroyed) response.end(() => (entry.completed = true));
  };
  pump();
}
