/**
 * The gateway's /api/ forwarding: each request goes to the data layer over a keep-alive agent, as
 * a real gateway pools upstream connections. A refused or reset upstream is 502, a slow one 504.
 */
import { Agent, request } from 'node:http';
import type { ApiHandler, ApiReply } from './http-json.js';

/** Upstream answers larger than this are refused (the data layer's are a few hundred bytes). */
const MAX_UPSTREAM_BYTES = 5 * 1024 * 1024;

/** Options of the gateway's forwarding; the upstream port is read per request (it can move). */
export interface GatewayProxyOptions {
  upstreamName: string;
  upstreamPort: () => number;
  /** Answer 504 when the upstream hasn't answered within this. */
  timeoutMs?: number;
}

/** The forwarding handler, and close() to drop its pooled connections. */
export interface GatewayProxy {
  handle: ApiHandler;
  close(): void;
}

export function createGatewayProxy(options: GatewayProxyOptions): GatewayProxy {
  const timeoutMs = options.timeoutMs ?? 10_000;
  // Free sockets idle out before the upstream's 5 s keep-alive timeout, so a request is never
  // written to a socket the upstream is closing.
  const agent = new Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, timeout: 4_000 });
  const route = '/api/*';

  const handle: ApiHandler = (req) =>
    new Promise<ApiReply>((resolve) => {
      let settled = false;
      const finish = (reply: ApiReply) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(reply);
      };
      const unavailable = () => finish({ status: 502, route, json: { error: `upstream ${options.upstreamName} unavailable` } });
      const headers: Record<string, string | number> = { 'content-length': req.body.length, 'x-forwarded-by': 'gateway' };
      for (const name of ['content-type', 'accept'] as const) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const upstream = request(
        { host: '127.0.0.1', port: options.upstreamPort(), method: req.method, path: req.path + req.search, headers, agent },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_UPSTREAM_BYTES) {
              upstream.destroy();
              unavailable();
            } else chunks.push(chunk);
          });
          response.on('end', () => {
            const contentType = response.headers['content-type'] ?? 'application/octet-stream';
            // Relayed as the upstream set them: where a created goal lives, which methods a route allows.
            const relayed = Object.fromEntries((['location', 'allow'] as const).flatMap((name) => (typeof response.headers[name] === 'string' ? [[name, response.headers[name]]] : [])));
            finish({ status: response.statusCode ?? 502, route, raw: { contentType, body: Buffer.concat(chunks) }, headers: relayed });
          });
          response.on('error', unavailable);
        },
      );
      const timer = setTimeout(() => {
        finish({ status: 504, route, json: { error: `upstream ${options.upstreamName} timed out after ${timeoutMs} ms` } });
        upstream.destroy();
      }, timeoutMs);
      upstream.on('error', unavailable);
      upstream.end(req.body);
    });

  return { handle, close: () => agent.destroy() };
}
