/**
 * A local HTTP target for load-engine tests, on 127.0.0.1 port 0. Routes can answer fast, slow,
 * with a status, with a 10 MB body, never, by resetting the socket, or with a body that never
 * ends; /goals stores and returns items so captures can flow from a POST to a GET.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LoadTarget {
  url: string;
  /** Requests seen per "METHOD /route" (ids replaced by :id). */
  hits: Map<string, number>;
  close(): Promise<void>;
}

const BIG = Buffer.alloc(10 * 1024 * 1024, 'x');

export async function startLoadTarget(): Promise<LoadTarget> {
  const hits = new Map<string, number>();
  const goals = new Map<number, { id: number; title: string }>();
  let nextId = 1;
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();

  const json = (res: ServerResponse, status: number, value: unknown): void => {
    const body = JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const url = new URL(req.url ?? '/', 'http://target');
    const route = url.pathname.replace(/\/\d+$/, '/:id');
    hits.set(`${req.method} ${route}`, (hits.get(`${req.method} ${route}`) ?? 0) + 1);
    const delayMs = Number(url.searchParams.get('delay') ?? 0);
    const respond = (): void => {
      switch (route) {
        case '/fast':
          return json(res, 200, { ok: true });
        case '/echo':
          return json(res, 200, { method: req.method, path: url.pathname + url.search, headers: req.headers, body });
        case '/goals': {
          const id = nextId++;
          const parsed = (body ? JSON.parse(body) : {}) as { title?: string };
          goals.set(id, { id, title: parsed.title ?? '' });
          return json(res, 201, { data: { goal: { id } } });
        }
        case '/goals/:id': {
          const goal = goals.get(Number(url.pathname.split('/').at(-1)));
          return goal ? json(res, 200, goal) : json(res, 404, { error: 'no such goal' });
        }
        case '/status/:id':
          return json(res, Number(url.pathname.split('/').at(-1)), { status: 'as asked' });
        case '/hang':
          hanging.add(res);
          return;
        case '/reset':
          req.socket.destroy();
          return;
        case '/big':
          res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': BIG.length });
          res.end(BIG);
          return;
        case '/never-ends':
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('the start of a body that never ends');
          hanging.add(res);
          return;
        default:
          return json(res, 404, { error: 'no route' });
      }
    };
    if (delayMs > 0) setTimeout(respond, delayMs);
    else respond();
  };

  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handle(req, res, body));
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: async () => {
      for (const res of hanging) res.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
