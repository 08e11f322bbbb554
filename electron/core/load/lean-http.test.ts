import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnections, type HttpClientKind, type LoadHandler } from './connections.js';
import { classifyError } from './counters.js';
import { serializeRequest } from './lean-http.js';

/** What one exchange came to, as the engine would record it. */
interface Outcome {
  status: number;
  body: string;
  error: string | null;
  callbacks: string;
}

/** A handler that keeps what the engine keeps: status, body, the error's kind, callback order. */
function recorder(settled: (outcome: Outcome) => void, onAbort?: (abort: (error?: Error) => void) => void): LoadHandler {
  let status = 0;
  const chunks: Buffer[] = [];
  const calls: string[] = [];
  const end = (error: Error | null): void =>
    settled({ status: error ? 0 : status, body: error ? '' : Buffer.concat(chunks).toString(), error: error ? classifyError(error) : null, callbacks: calls.join(' ') });
  return {
    onConnect(abort) {
      calls.push('connect');
      onAbort?.(abort);
    },
    onHeaders(statusCode) {
      calls.push('head');
      status = statusCode;
      return true;
    },
    onResponseHead(statusCode) {
      calls.push('head');
      status = statusCode;
    },
    onData(chunk) {
      chunks.push(chunk);
      return true;
    },
    onBody(buffer, start, end) {
      chunks.push(Buffer.from(buffer.subarray(start, end)));
    },
    onComplete() {
      calls.push('complete');
      end(null);
    },
    onError(error) {
      calls.push('error');
      end(error);
    },
  };
}

interface Send {
  method?: string;
  path: string;
  headers?: string[];
  body?: string;
  /** Abort (as the engine's timeout sweep does) after this many ms. */
  abortAfterMs?: number;
}

/** Sends the requests one after the other on one pinned connection of the given client. */
async function exchanges(client: HttpClientKind, origin: string, sends: Send[]): Promise<Outcome[]> {
  const connections = openConnections({ origin, connections: 1, mode: 'pinned', timeoutMs: 5000, client });
  const outcomes: Outcome[] = [];
  try {
    for (const send of sends) {
      const options = { method: send.method ?? 'GET', path: send.path, headers: send.headers ?? [], body: send.body === undefined ? null : Buffer.from(send.body) };
      const outcome = await new Promise<Outcome>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const handler = recorder(
          (result) => {
            clearTimeout(timer);
            resolve(result);
          },
          (abort) => {
            if (send.abortAfterMs !== undefined) timer = setTimeout(() => abort(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })), send.abortAfterMs);
          },
        );
        // Half the lean sends use the pre-serialised bytes, as the engine does for fixed requests.
        const wire = client === 'lean' && send.method !== 'POST' ? serializeRequest(options.method, options.path, new URL(origin).host, options.headers, options.body) : null;
        connections.for(0).dispatch(options, wire, handler);
      });
      outcomes.push(outcome);
    }
  } finally {
    await connections.destroy();
  }
  return outcomes;
}

/**
 * Both clients on the same cases must come to the same outcomes, callbacks in the same order. One
 * difference on purpose: the lean client calls onConnect as soon as a request has its connection,
 * before the socket connects (so the engine's timeout sweep can abort a stalled connect too);
 * undici calls it once connected.
 */
async function expectSameAsUndici(origin: string, sends: Send[]): Promise<Outcome[]> {
  const lean = await exchanges('lean', origin, sends);
  const undici = await exchanges('undici', origin, sends);
  expect(lean.map(({ callbacks: _, ...rest }) => rest)).toEqual(undici.map(({ callbacks: _, ...rest }) => rest));
  const withoutConnect = (outcome: Outcome): string => outcome.callbacks.replace(/^connect /, '');
  expect(lean.map(withoutConnect)).toEqual(undici.map(withoutConnect));
  expect(lean.every((outcome) => outcome.callbacks.startsWith('connect '))).toBe(true);
  return lean;
}

const listen = async (server: HttpServer | NetServer): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

let http: HttpServer;
let httpOrigin: string;
const httpSockets = new Set<Socket>();
let raw: NetServer;
let rawOrigin: string;
let rawConnections = 0;
const rawSockets = new Set<Socket>();

/** The raw server's answers, by request path: pieces written with a turn of the event loop between them. */
const RAW: Record<string, (socket: Socket) => void> = {
  '/split': (socket) =>
    writePieces(socket, ['HT', 'TP/1.1 200 OK\r', '\nContent-Len', 'gth: 11\r\n\r', '\nhello', ' world']),
  '/chunked-split': (socket) =>
    writePieces(socket, ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5', ';ext=1\r\nhel', 'lo\r', '\n6\r\n wor', 'ld\r\n0\r\nX-Trailer: 1\r', '\n\r\n']),
  '/until-close': (socket) => writePieces(socket, ['HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of ', 'this'], true),
  '/http10': (socket) => writePieces(socket, ['HTTP/1.0 200 OK\r\n\r\nold body'], true),
  '/bad-status': (socket) => writePieces(socket, ['HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n']),
  '/bad-header': (socket) => writePieces(socket, ['HTTP/1.1 200 OK\r\nno colon here\r\nContent-Length: 0\r\n\r\n']),
  '/bad-chunk': (socket) => writePieces(socket, ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n']),
  '/continue': (socket) => writePieces(socket, ['HTTP/1.1 100 Continue\r\n\r\n', 'HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok']),
  // A response and then the server closes (no Connection: close): the next request needs a new connection.
  '/then-close': (socket) => writePieces(socket, ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'], true),
  '/cut': (socket) => writePieces(socket, ['HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part'], true),
  '/reset': (socket) => socket.resetAndDestroy(),
  '/stall': () => undefined,
  '/ok': (socket) => writePieces(socket, ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok']),
  '/length-ows': (socket) => writePieces(socket, ['HTTP/1.1 200 OK\r\ncontent-length:\t 2 \r\nCONNECTION: Keep-Alive\r\n\r\nok']),
  '/http10-keep-alive': (socket) => writePieces(socket, ['HTTP/1.0 200 OK\r\nContent-Length: 4\r\nConnection:  keep-alive \r\n\r\nkept']),
  '/close-listed': (socket) => writePieces(socket, ['HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: foo, Close\r\n\r\nbye']),
  '/bad-length': (socket) => writePieces(socket, ['HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\nx']),
  '/no-length-digits': (socket) => writePieces(socket, ['HTTP/1.1 200 OK\r\nContent-Length:  \r\n\r\n']),
  '/conflicting-length': (socket) => writePieces(socket, ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok']),
};

function writePieces(socket: Socket, pieces: string[], thenClose = false): void {
  const next = (i: number): void => {
    if (socket.destroyed) return;
    if (i === pieces.length) {
      if (thenClose) socket.end();
      return;
    }
    socket.write(pieces[i]!, () => setImmediate(() => next(i + 1)));
  };
  next(0);
}

beforeAll(async () => {
  http = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      switch (url.pathname) {
        case '/json':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': 11 }).end('{"id":42}\n\n');
          return;
        case '/chunked':
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('first ');
          setImmediate(() => res.end('second'));
          return;
        case '/echo':
          res.writeHead(200, { 'x-method': req.method ?? '' }).end(`${req.method} ${String(req.headers['x-token'] ?? '')} ${Buffer.concat(chunks).toString()}`);
          return;
        case '/no-content':
          res.writeHead(204).end();
          return;
        case '/not-modified':
          res.writeHead(304, { etag: '"a"' }).end();
          return;
        case '/close':
          res.writeHead(200, { connection: 'close', 'content-length': 3 }).end('bye');
          return;
        default:
          res.writeHead(Number(url.searchParams.get('status') ?? 404), { 'content-length': 4 }).end('nope');
      }
    });
  });
  http.on('connection', (socket) => {
    httpSockets.add(socket);
    socket.on('close', () => httpSockets.delete(socket));
  });
  httpOrigin = await listen(http);
  raw = createNetServer((socket) => {
    rawConnections += 1;
    rawSockets.add(socket);
    socket.on('close', () => rawSockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      const path = head.split(' ')[1] ?? '';
      head = head.slice(end + 4);
      (RAW[path] ?? RAW['/ok']!)(socket);
    });
  });
  rawOrigin = await listen(raw);
});

afterAll(async () => {
  for (const socket of [...httpSockets, ...rawSockets]) socket.destroy();
  await new Promise((resolve) => http.close(resolve));
  await new Promise((resolve) => raw.close(resolve));
});

describe('the lean HTTP/1.1 client answers as undici does', () => {
  it('reads content-length, chunked, HEAD, 204, 304, 4xx/5xx and request bodies from node:http', async () => {
    const outcomes = await expectSameAsUndici(httpOrigin, [
      { path: '/json' },
      { path: '/chunked' },
      { method: 'HEAD', path: '/json' },
      { path: '/no-content' },
      { path: '/not-modified' },
      { path: '/echo', method: 'POST', headers: ['x-token', 'abc', 'content-type', 'text/plain'], body: 'payload' },
      { path: '/echo', method: 'PUT', body: '' },
      { path: '/missing?status=503' },
      { path: '/missing' },
      { path: '/close' },
      { path: '/json' },
    ]);
    expect(outcomes.map((outcome) => [outcome.status, outcome.body])).toEqual([
      [200, '{"id":42}\n\n'],
      [200, 'first second'],
      [200, ''],
      [204, ''],
      [304, ''],
      [200, 'POST abc payload'],
      [200, 'PUT  '],
      [503, 'nope'],
      [404, 'nope'],
      [200, 'bye'],
      [200, '{"id":42}\n\n'],
    ]);
  });

  it('keeps one connection alive across requests', async () => {
    const before = rawConnections;
    await exchanges('lean', rawOrigin, [{ path: '/ok' }, { path: '/ok' }, { path: '/split' }, { path: '/chunked-split' }, { path: '/ok' }]);
    expect(rawConnections - before).toBe(1);
  });

  it('reads heads, chunk sizes, extensions and trailers split over packets', async () => {
    const outcomes = await expectSameAsUndici(rawOrigin, [{ path: '/split' }, { path: '/chunked-split' }, { path: '/ok' }]);
    expect(outcomes.map((outcome) => [outcome.status, outcome.body])).toEqual([
      [200, 'hello world'],
      [200, 'hello world'],
      [200, 'ok'],
    ]);
  });

  it('skips an unasked-for 100 Continue and reads the response after it (undici fails it as a reset)', async () => {
    // RFC 9110 §15.2: a client must parse a 1xx it did not expect. The one case where the two differ.
    const [lean] = await exchanges('lean', rawOrigin, [{ path: '/continue' }]);
    const [undici] = await exchanges('undici', rawOrigin, [{ path: '/continue' }]);
    expect([lean!.status, lean!.body]).toEqual([201, 'ok']);
    expect(undici!.error).toBe('connection_reset');
  });

  it('reads a body that ends with the connection and reconnects after a close', async () => {
    const before = rawConnections;
    const outcomes = await expectSameAsUndici(rawOrigin, [{ path: '/until-close' }, { path: '/http10' }, { path: '/ok' }]);
    expect(outcomes.map((outcome) => [outcome.status, outcome.body])).toEqual([
      [200, 'all of this'],
      [200, 'old body'],
      [200, 'ok'],
    ]);
    expect(rawConnections - before).toBe(6);
  });

  it('fails malformed status lines, headers and chunk sizes as "other" and goes on with a new connection', async () => {
    const outcomes = await expectSameAsUndici(rawOrigin, [{ path: '/bad-status' }, { path: '/ok' }, { path: '/bad-header' }, { path: '/bad-chunk' }, { path: '/ok' }]);
    expect(outcomes.map((outcome) => outcome.error ?? outcome.status)).toEqual(['other', 200, 'other', 'other', 200]);
  });

  it('reads Content-Length and Connection values with whitespace and any case, and refuses lengths that are not one number', async () => {
    const before = rawConnections;
    const kept = await expectSameAsUndici(rawOrigin, [{ path: '/length-ows' }, { path: '/http10-keep-alive' }, { path: '/ok' }]);
    expect(kept.map((outcome) => [outcome.status, outcome.body])).toEqual([
      [200, 'ok'],
      [200, 'kept'],
      [200, 'ok'],
    ]);
    const closed = await exchanges('lean', rawOrigin, [{ path: '/close-listed' }, { path: '/ok' }]);
    expect(closed.map((outcome) => [outcome.status, outcome.body])).toEqual([
      [200, 'bye'],
      [200, 'ok'],
    ]);
    // One connection per client for the kept-alive three, then a new one after "foo, Close".
    expect(rawConnections - before).toBe(4);
    const refused = await expectSameAsUndici(rawOrigin, [{ path: '/bad-length' }, { path: '/no-length-digits' }, { path: '/conflicting-length' }, { path: '/ok' }]);
    expect(refused.map((outcome) => outcome.error ?? outcome.status)).toEqual(['other', 'other', 'other', 200]);
  });

  it('counts a connection cut mid-response or reset as connection_reset', async () => {
    const outcomes = await expectSameAsUndici(rawOrigin, [{ path: '/cut' }, { path: '/reset' }, { path: '/ok' }]);
    expect(outcomes.map((outcome) => outcome.error ?? outcome.status)).toEqual(['connection_reset', 'connection_reset', 200]);
  });

  it('aborts a stalled request (the timeout sweep) and recovers on a fresh connection', async () => {
    const outcomes = await expectSameAsUndici(rawOrigin, [{ path: '/stall', abortAfterMs: 100 }, { path: '/ok' }]);
    expect(outcomes.map((outcome) => outcome.error ?? outcome.status)).toEqual(['timeout', 200]);
  });

  it('counts a refused connection as connection_refused', async () => {
    const closed = createNetServer();
    const origin = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const outcomes = await expectSameAsUndici(origin, [{ path: '/' }]);
    expect(outcomes[0]!.error).toBe('connection_refused');
  });
});

describe('the lean client as a pool', () => {
  it('spreads queued requests over at most N connections and answers each once', async () => {
    const before = rawConnections;
    const connections = openConnections({ origin: rawOrigin, connections: 3, mode: 'pool', timeoutMs: 5000 });
    expect(connections.client).toBe('lean');
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => new Promise<Outcome>((resolve) => connections.for(0).dispatch({ method: 'GET', path: i % 2 ? '/ok' : '/split', headers: [] }, null, recorder(resolve)))),
    );
    await connections.destroy();
    expect(outcomes.every((outcome) => outcome.status === 200)).toBe(true);
    expect(rawConnections - before).toBe(3);
  });

  it('fails what is still queued when destroyed', async () => {
    const connections = openConnections({ origin: rawOrigin, connections: 1, mode: 'pool', timeoutMs: 5000 });
    const pending = [0, 1].map(() => new Promise<Outcome>((resolve) => connections.for(0).dispatch({ method: 'GET', path: '/stall', headers: [] }, null, recorder(resolve))));
    await connections.destroy();
    expect((await Promise.all(pending)).map((outcome) => outcome.error)).toEqual(['connection_reset', 'connection_reset']);
  });

  it('refuses a header value that would split the request', () => {
    expect(() => serializeRequest('GET', '/', 'h', ['x-a', 'b\r\nx-evil: 1'], null)).toThrow(/invalid header/);
  });
});
