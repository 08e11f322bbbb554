/** Small HTTP helpers shared by the platform's servers: bounded bodies and JSON answers. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** Larger request bodies are answered 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body is larger than ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads the whole body, refusing (without buffering the rest) once it passes `limitBytes`. */
export function readBody(req: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limitBytes) {
      req.resume();
      reject(new BodyTooLargeError(limitBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        // Stop buffering; the caller answers 413 and closes the connection.
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Sends a JSON answer unless the client is already gone. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A request as the /api/ handlers (data layer, gateway) see it: body already read. */
export interface ApiRequest {
  method: string;
  /** Path without the query string, e.g. /api/v1/goals/. */
  path: string;
  /** The query string including its "?", or ''. */
  search: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An /api/ answer: a JSON value, or raw bytes with their content type (what the gateway relays). */
export interface ApiReply {
  status: number;
  /** A bounded label for metrics, e.g. /api/v1/goals/:id. */
  route: string;
  json?: unknown;
  raw?: { contentType: string; body: Buffer };
  headers?: Record<string, string>;
}

export type ApiHandler = (req: ApiRequest) => ApiReply | Promise<ApiReply>;

/** JSON-parses a body, or explains in one line why it can't be. */
export function parseJsonBody(body: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (body.length === 0) return { ok: false, reason: 'expected a JSON body' };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
}
