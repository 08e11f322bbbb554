/**
 * The web shell's HTTP server: the built renderer, the contract over POST /rpc/<command>, and
 * the event bus over GET /events. Listens on 127.0.0.1 unless told otherwise.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Role } from '../../shared/domain/app.js';
import type { EventBus } from '../core/bus.js';
import type { Logger } from '../core/logger.js';
import type { Dispatch } from '../core/rpc/router.js';
import { checkRequest, isLoopbackHost, tokenProblem } from './auth.js';
import { createEventStreams } from './events-stream.js';
import { handleRpc, sendEnvelope } from './http-transport.js';
import { setSecurityHeaders } from './security-headers.js';
import { createStaticHandler } from './static-files.js';
import { createSelfMetrics } from './self-metrics.js';

export interface WebServerOptions {
  dispatch: Dispatch;
  bus: EventBus;
  /** The built renderer; null for a listener that carries only the contract (the app's control endpoint). */
  rendererDir: string | null;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** When set, every /rpc and /events request must carry it as a bearer token. */
  token: string | undefined;
  /** Wall display: every caller is a viewer; commands that change state are refused. */
  readOnly: boolean;
  /** The local control token (see AuthPolicy.controlToken): an operator whatever readOnly says. */
  controlToken?: string | undefined;
  logger: Logger;
  /** Serve Warroom's own metrics at GET /metrics (Prometheus text), behind the same token rules as /rpc. */
  metrics?: boolean;
}

export interface WebServer {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const loopback = isLoopbackHost(options.host);
  if (!loopback && !options.token) {
    throw new Error(`refusing to listen on ${options.host} without a token: remote listeners must be authenticated`);
  }
  const weakToken = options.token === undefined ? undefined : tokenProblem(options.token);
  if (options.controlToken !== undefined && tokenProblem(options.controlToken)) throw new Error(`refusing to start: ${tokenProblem(options.controlToken, 'the control token')}`);
  if (weakToken) throw new Error(`refusing to start: ${weakToken}`);
  const role: Role = options.readOnly ? 'viewer' : 'operator';
  const policy = { token: options.token, loopback, controlToken: options.controlToken };
  const streams = createEventStreams(options.bus);
  const serveStatic = options.rendererDir === null ? undefined : createStaticHandler(options.rendererDir);
  const selfMetrics = options.metrics ? createSelfMetrics({ bus: options.bus, dispatch: options.dispatch }) : undefined;

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res);
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
    const isApi = path === '/events' || path.startsWith('/rpc/') || (selfMetrics !== undefined && path === '/metrics');
    if (!isApi) {
      if (!serveStatic) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      serveStatic(req, res);
      return;
    }
    const admission = checkRequest(req, policy);
    if ('refused' in admission) {
      const { refused } = admission;
      // Nothing behind this line runs for a refused request: no dispatch, no stream.
      req.resume();
      sendEnvelope(res, { ok: false, error: { code: refused.code, message: refused.message } }, refused.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="warroom"' } : {});
      return;
    }
    if (path === '/metrics' && selfMetrics) {
      if (req.method !== 'GET') {
        res.writeHead(405, { Allow: 'GET' }).end();
        return;
      }
      const body = await selfMetrics.render();
      res.writeHead(200, { 'Content-Type': selfMetrics.contentType, 'Cache-Control': 'no-store' }).end(body);
      return;
    }
    if (path === '/events') {
      if (req.method !== 'GET') {
        res.writeHead(405, { Allow: 'GET' }).end();
        return;
      }
      streams.handle(req, res);
      return;
    }
    const name = decodeSegment(path.slice('/rpc/'.length));
    if (name === undefined) {
      req.resume();
      sendEnvelope(res, { ok: false, error: { code: 'invalid_input', message: 'malformed percent-encoding in the command name' } });
      return;
    }
    await handleRpc(req, res, name, options.dispatch, { role: admission.caller === 'control' ? 'operator' : role, transport: 'http' });
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      options.logger.error('web shell request failed', error);
      if (!res.headersSent) sendEnvelope(res, { ok: false, error: { code: 'internal', message: 'request failed inside the web shell' } });
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}/`,
    port: address.port,
    host: address.address,
    close() {
      streams.closeAll();
      selfMetrics?.close();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** A path segment decoded, or undefined when its percent-encoding is malformed ("%ZZ"). */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
}
