/**
 * Who may talk to the web shell. On loopback without a token, only requests addressed to a
 * loopback name pass (DNS rebinding), and cross-origin browser requests are refused (CSRF from
 * any page the user visits). With a token, every /rpc and /events request must carry it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The shortest token accepted: a short one can be guessed (a generated one has 32 characters). */
export const MIN_TOKEN_LENGTH = 16;

/** Why a token cannot be used, or undefined when it can; `name` is how the message calls it. Never repeats it. */
export function tokenProblem(token: string, name = 'the token'): string | undefined {
  if (token.length < MIN_TOKEN_LENGTH) {
    const length = token.length === 1 ? '1 character' : `${token.length} characters`;
    return `${name} is ${length}; it must be at least ${MIN_TOKEN_LENGTH} (for example: openssl rand -base64 24)`;
  }
  if (/\s/.test(token)) return `${name} must not contain spaces (it is sent as "Authorization: Bearer <token>")`;
  return undefined;
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}

/** Compares in constant time; hashing first makes the lengths equal. */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

export type Refusal = { status: 401 | 403; code: 'unauthorized' | 'forbidden'; message: string };

export interface AuthPolicy {
  /** Required on every /rpc and /events request when set. */
  token: string | undefined;
  /** The server listens on a loopback address only. */
  loopback: boolean;
  /**
   * The local control token (in a 0600 file in the data dir, named by the lock): whoever can read
   * it is the data dir's owner at this machine, so it calls as an operator even on a read-only
   * server, and it is accepted wherever the user's token is.
   */
  controlToken?: string | undefined;
}

/** Who a request that may proceed comes from: a local client with the control token, or anyone else allowed in. */
export type Caller = 'control' | 'user';

/** Whether a request may proceed and as whom; a presented bearer token must always be a known one. */
export function checkRequest(req: IncomingMessage, policy: AuthPolicy): { refused: Refusal } | { caller: Caller } {
  const hostHeader = req.headers.host ?? '';
  if (policy.loopback && !policy.token) {
    const hostname = hostHeader.replace(/:\d+$/, '');
    if (!isLoopbackHost(hostname)) {
      return { refused: { status: 403, code: 'forbidden', message: `requests must be addressed to 127.0.0.1 or localhost, not "${hostname}"` } };
    }
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${hostHeader}` && origin !== `https://${hostHeader}`) {
    return { refused: { status: 403, code: 'forbidden', message: `cross-origin request from ${origin} refused` } };
  }
  const presented = bearerToken(req);
  if (presented !== undefined && policy.controlToken !== undefined && tokenMatches(presented, policy.controlToken)) return { caller: 'control' };
  if (policy.token) {
    if (!presented) return { refused: { status: 401, code: 'unauthorized', message: 'missing bearer token' } };
    if (!tokenMatches(presented, policy.token)) return { refused: { status: 401, code: 'unauthorized', message: 'wrong bearer token' } };
  } else if (presented !== undefined && policy.controlToken !== undefined) {
    // No token is needed here, but a wrong one is still wrong: a local client with a stale token file learns it.
    return { refused: { status: 401, code: 'unauthorized', message: 'wrong bearer token' } };
  }
  return { caller: 'user' };
}
