/**
 * One simulated service as a real HTTP server on 127.0.0.1: health, metrics, its API, with the
 * latency and errors its faults and release call for. stop() really closes the port.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from '../../shared/util/logger.js';
import { BodyTooLargeError, readBody, sendJson } from './http-json.js';
import type { ApiHandler, ApiReply } from './http-json.js';
import type { PlatformState } from './platform-state.js';
import { createServiceMetrics } from './service-metrics.js';

/** A running (or stopped) service server. */
export interface ServiceServer {
  readonly id: string;
  /** The port it listens on; once bound, start() reuses it even if it was ephemeral. */
  port(): number;
  listening(): boolean;
  /** Listens on the port; rejects with the listen error (EADDRINUSE…). */
  start(): Promise<void>;
  /** Closes the listening socket and destroys open connections, so the port refuses. */
  stop(): Promise<void>;
  /** Requests answered and how many of them were 5xx, since the platform started. */
  counts(): { requests: number; errors: number };
}

export interface ServiceServerDeps {
  id: string;
  port: number;
  state: PlatformState;
  /** The /api/ handler of this service's role; absent for a plain service. */
  api?: ApiHandler;
  logger: Logger;
}

const HOST = '127.0.0.1';

export function createServiceServer(deps: ServiceServerDeps): ServiceServer {
  const { id, state } = deps;
  let port = deps.port;
  let server: Server | undefined;
  let requests = 0;
  let errors = 0;
  const metrics = createServiceMetrics({
    service: id,
    ready: () => state.readiness(id).ready,
    version: () => state.get(id).version,
    dependencies: () => state.get(id).spec.dependencies.map((name) => ({ name, up: !state.get(id).dependenciesDown.has(name) })),
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = process.hrtime.bigint();
    // In flight until the response is finished or its socket closes (a client that gave up).
    res.once('close', metrics.begin());
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://service.invalid');
    let route = routeLabel(url.pathname);
    const record = (status: number) => {
      requests += 1;
      if (status >= 500) errors += 1;
      metrics.observe(method, route, status, Number(process.hrtime.bigint() - startedAt) / 1e9);
    };
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      sendJson(res, 413, { error: error.message }, { connection: 'close' });
      record(413);
      return;
    }
    // Every route is slowed but /metrics: a scrape measures the service, and a slow fault must read
    // as latency (HighAPILatency), not as a failed scrape (ServiceDown, which inhibits it).
    if (url.pathname !== '/metrics' && !(await delay(state.sampleLatencyMs(id), res))) return;

    const reply = await answer(method, url, req, body);
    route = reply.route;
    if (res.destroyed) return;
    if (reply.raw) {
      res.writeHead(reply.status, { 'content-type': reply.raw.contentType, 'content-length': reply.raw.body.length, ...reply.headers });
      res.end(reply.raw.body);
    } else sendJson(res, reply.status, reply.json ?? null, reply.headers);
    record(reply.status);
  }

  async function answer(method: string, url: URL, req: IncomingMessage, body: Buffer): Promise<ApiReply> {
    const path = url.pathname;
    const route = routeLabel(path);
    const onlyGet = (fn: () => ApiReply | Promise<ApiReply>) =>
      method === 'GET' || method === 'HEAD' ? fn() : { status: 405, route, json: { error: `method ${method} not allowed` }, headers: { allow: 'GET, HEAD' } };
    if (path === '/health/live') return onlyGet(() => ({ status: 200, route, json: { status: 'live', service: id, version: state.get(id).version } }));
    if (path === '/health/ready') {
      return onlyGet(() => {
        const { ready, reasons, checks } = state.readiness(id);
        return ready ? { status: 200, route, json: { status: 'ready', checks } } : { status: 503, route, json: { status: 'not_ready', reasons, checks } };
      });
    }
    if (path === '/metrics') {
      return onlyGet(async () => ({ status: 200, route, raw: { contentType: metrics.contentType, body: Buffer.from(await metrics.render()) } }));
    }
    if (path !== '/' && !path.startsWith('/api/')) return { status: 404, route, json: { error: `no route ${path}` } };

    // Injected errors hit the API and the root page; health and metrics stay truthful.
    const failure = state.drawError(id);
    if (failure) return { status: 503, route, json: { error: 'service unavailable', reason: failure } };
    if (path === '/') return onlyGet(() => ({ status: 200, route, json: describe() }));
    if (deps.api) return deps.api({ method, path, search: url.search, headers: req.headers, body });
    // A plain service's API: a cheap echo, so a load test has something to hit on every service.
    return onlyGet(() => ({ status: 200, route, json: { service: id, version: state.get(id).version, path } }));
  }

  function describe() {
    const service = state.get(id);
    return {
      service: id,
      name: service.spec.name,
      role: service.spec.role,
      version: service.version,
      ready: state.readiness(id).ready,
      dependsOn: service.spec.dependsOn,
      dependencies: service.spec.dependencies,
      endpoints: ['/health/live', '/health/ready', '/metrics', '/api/'],
    };
  }

  return {
    id,
    port: () => port,
    listening: () => server?.listening ?? false,
    async start() {
      if (server?.listening) return;
      const next = createServer({ keepAliveTimeout: 5_000, requestTimeout: 120_000 }, (req, res) => {
        handleRequest(req, res).catch((error: unknown) => {
          deps.logger.error(`${id}: request failed`, error);
          sendJson(res, 500, { error: 'internal error' });
        });
      });
      await new Promise<void>((resolve, reject) => {
        next.once('error', reject);
        next.listen(port, HOST, () => {
          next.off('error', reject);
          resolve();
        });
      });
      port = (next.address() as { port: number }).port;
      server = next;
    },
    async stop() {
      const current = server;
      server = undefined;
      if (!current) return;
      const closed = new Promise<void>((resolve) => current.close(() => resolve()));
      // close() alone waits for keep-alive clients; destroying them makes the port refuse now.
      current.closeAllConnections();
      await closed;
    },
    counts: () => ({ requests, errors }),
  };
}

/** Metrics route labels: a fixed set, so label cardinality stays bounded. */
function routeLabel(path: string): string {
  if (path === '/' || path === '/health/live' || path === '/health/ready' || path === '/metrics') return path;
  return path.startsWith('/api/') ? '/api/*' : 'unmatched';
}

/** Waits without blocking; false when the client went away meanwhile (its timer is cleared). */
function delay(ms: number, res: ServerResponse): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!res.destroyed);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(!res.destroyed);
    }, ms);
    res.once('close', onClose);
  });
}
