/** Reads a response body up to a byte limit, then stops: a 10 MB or never-ending body costs at most the limit. */
import type { IncomingMessage } from 'node:http';
import { CheckFailure } from './check-types.js';

export interface BodyRead {
  bytes: Buffer;
  /** True when the limit was hit; the rest was not read and the connection was closed. */
  truncated: boolean;
}

/**
 * Resolves on the body's end or at `limit` bytes. Hitting the limit or the signal destroys the
 * response, and with it the socket, so a half-read connection never goes back to the pool.
 */
export function readBodyUpTo(response: IncomingMessage, limit: number, signal: AbortSignal): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: { value: BodyRead } | { error: Error }) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      response.off('data', onData);
      if ('value' in outcome) resolve(outcome.value);
      else reject(outcome.error);
    };
    const onAbort = () => {
      response.destroy();
      settle({ error: signal.reason instanceof Error ? signal.reason : new Error('aborted') });
    };
    const onData = (chunk: Buffer) => {
      const room = limit - size;
      if (chunk.length >= room) {
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size = limit;
        response.destroy();
        settle({ value: { bytes: Buffer.concat(chunks, size), truncated: true } });
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    response.on('data', onData);
    response.once('end', () => settle({ value: { bytes: Buffer.concat(chunks, size), truncated: false } }));
    // 'aborted' + 'error' mean the server closed the connection before the body ended.
    response.once('error', () => settle({ error: new CheckFailure('connection reset while reading the body') }));
    response.once('close', () => {
      if (!response.complete) settle({ error: new CheckFailure('connection closed before the body ended') });
    });
  });
}
