/**
 * The platform's control API on 127.0.0.1: bearer token, loopback Host, no foreign Origin, JSON
 * bodies validated with the shared schemas. Answers {error} with 400/401/403/404/405/409/413/415.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  ConfigChangeRequestSchema,
  ConfigRollbackRequestSchema,
  DatabaseRollbackRequestSchema,
  DeployRequestSchema,
  FaultRequestSchema,
  KnownGoodRequestSchema,
  MigrateRequestSchema,
  RollbackRequestSchema,
  ScenarioStartSchema,
} from '../../shared/domain/rehearsal.js';
import type { Logger } from '../../shared/util/logger.js';
import { bearerToken, isLoopbackHost, tokenMatches } from './control-auth.js';
import { BodyTooLargeError, parseJsonBody, readBody, sendJson } from './http-json.js';
import type { PlatformController } from './platform-controller.js';
import { PlatformRefusal } from './platform-state.js';

/** The control API's HTTP server. */
export interface ControlServer {
  /** Listens and resolves with the bound port. */
  start(port: number): Promise<number>;
  close(): Promise<void>;
}

export interface ControlServerDeps {
  controller: PlatformController;
  token: string;
  logger: Logger;
  /** Called after POST /shutdown has been answered. */
  onShutdown(): void;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

type Route = (body: () => Promise<unknown>) => Promise<{ status: number; json: unknown }> | { status: number; json: unknown };

export function createControlServer(deps: ControlServerDeps): ControlServer {
  const { controller } = deps;
  const ok = (json: unknown, status = 200) => ({ status, json });
  const routes: Record<string, Partial<Record<string, Route>>> = {
    '/status': { GET: () => ok(controller.status()) },
    '/faults': { POST: async (body) => ok(await controller.applyFault(parse(FaultRequestSchema, await body()))) },
    '/deploy': { POST: async (body) => ok(controller.deploy(parse(DeployRequestSchema, await body())), 202) },
    '/rollback': { POST: async (body) => ok(await controller.rollback(parse(RollbackRequestSchema, await body()))) },
    '/known-good': { POST: async (body) => ok(controller.recordKnownGood(parse(KnownGoodRequestSchema, await body()))) },
    '/migrate': { POST: async (body) => ok(controller.migrate(parse(MigrateRequestSchema, await body()))) },
    '/database/rollback': { POST: async (body) => ok(controller.rollbackDatabase(parse(DatabaseRollbackRequestSchema, await body()))) },
    '/config': { POST: async (body) => ok(controller.changeConfiguration(parse(ConfigChangeRequestSchema, await body()))) },
    '/config/rollback': { POST: async (body) => ok(controller.rollbackConfiguration(parse(ConfigRollbackRequestSchema, await body()))) },
    '/scenario': {
      POST: async (body) => ok(controller.startScenario(parse(ScenarioStartSchema, await body()))),
      DELETE: () => ok(controller.stopScenario()),
    },
    '/reset': { POST: async () => ok(await controller.reset()) },
    '/shutdown': { POST: () => ok({ status: 'shutting down' }, 202) },
  };

  async function handleControlRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = checkAccess(req, deps.token);
    if (refusal) throw refusal;
    const path = new URL(req.url ?? '/', 'http://control.invalid').pathname;
    const methods = routes[path];
    if (!methods) throw new HttpError(404, `no route ${path} (routes: ${Object.keys(routes).join(', ')})`);
    const method = req.method ?? 'GET';
    const route = methods[method];
    if (!route) {
      res.setHeader('allow', Object.keys(methods).join(', '));
      throw new HttpError(405, `method ${method} not allowed on ${path}`);
    }
    const { status, json } = await route(() => readJson(req));
    sendJson(res, status, json);
    if (path === '/shutdown') res.once('finish', () => deps.onShutdown());
  }

  let server: Server | undefined;
  return {
    async start(port) {
      const next = createServer({ requestTimeout: 30_000 }, (req, res) => {
        handleControlRequest(req, res).catch((error: unknown) => {
          if (error instanceof HttpError) {
            const headers: Record<string, string> = error.status === 401 ? { 'www-authenticate': 'Bearer' } : {};
            sendJson(res, error.status, { error: error.message, ...(error.issues ? { issues: error.issues } : {}) }, headers);
          }
          else if (error instanceof PlatformRefusal) sendJson(res, error.status, { error: error.message });
          else if (error instanceof BodyTooLargeError) sendJson(res, 413, { error: error.message }, { connection: 'close' });
          else {
            deps.logger.error('control API request failed', error);
            sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
          }
        });
      });
      await new Promise<void>((resolve, reject) => {
        next.once('error', reject);
        next.listen(port, '127.0.0.1', () => {
          next.off('error', reject);
          resolve();
        });
      });
      server = next;
      return (next.address() as { port: number }).port;
    },
    async close() {
      const current = server;
      server = undefined;
      if (!current) return;
      const closed = new Promise<void>((resolve) => current.close(() => resolve()));
      current.closeAllConnections();
      await closed;
    },
  };
}

/** Loopback Host (DNS rebinding), no foreign Origin (browser CSRF), then the token. */
function checkAccess(req: IncomingMessage, token: string): HttpError | undefined {
  const host = req.headers.host ?? '';
  const hostname = host.replace(/:\d+$/, '');
  if (!isLoopbackHost(hostname)) return new HttpError(403, `requests must be addressed to 127.0.0.1 or localhost, not "${hostname}"`);
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return new HttpError(403, `cross-origin request from ${origin} refused`);
  const presented = bearerToken(req);
  if (!presented) return new HttpError(401, 'missing bearer token (Authorization: Bearer <token>)');
  if (!tokenMatches(presented, token)) return new HttpError(401, 'wrong bearer token');
  return undefined;
}

/** The JSON body; an empty body counts as {} (POST /rollback, /reset). */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  if (body.length === 0) return {};
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, `expected Content-Type: application/json, got "${type}"`);
  const parsed = parseJsonBody(body);
  if (!parsed.ok) throw new HttpError(400, parsed.reason);
  return parsed.value;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw new HttpError(400, `invalid body: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`, issues);
}
