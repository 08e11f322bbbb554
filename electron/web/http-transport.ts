/** POST /rpc/<command>: a JSON body in, the envelope out; status codes mirror the error code. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode, RpcResult } from '../../shared/contract/errors.js';
import type { CallContext, Dispatch } from '../core/rpc/router.js';

export const MAX_BODY_BYTES = 1024 * 1024;

const STATUS: Record<ErrorCode, number> = {
  unknown_command: 404,
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export function sendEnvelope(res: ServerResponse, result: RpcResult<unknown>, extraHeaders: Record<string, string> = {}): void {
  const status = result.ok ? 200 : STATUS[result.error.code];
  const body = JSON.stringify(result);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
    ...extraHeaders,
  });
  res.end(body);
}

export async function handleRpc(req: IncomingMessage, res: ServerResponse, name: string, dispatch: Dispatch, ctx: CallContext): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendEnvelope(res, { ok: false, error: { code: 'invalid_input', message: 'commands are called with POST' } });
    return;
  }
  const type = req.headers['content-type'] ?? '';
  // Requiring JSON also forces a CORS preflight on cross-site fetches, which we never answer.
  if (!/^application\/json\b/i.test(type)) {
    sendEnvelope(res, { ok: false, error: { code: 'invalid_input', message: 'expected Content-Type: application/json' } });
    return;
  }
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch (error) {
    sendEnvelope(res, { ok: false, error: { code: 'invalid_input', message: (error as Error).message } }, { Connection: 'close' });
    return;
  }
  sendEnvelope(res, await dispatch(name, body, ctx));
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new Error(`request body of ${declared} bytes exceeds ${MAX_BODY_BYTES}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new Error(`request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`request body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
