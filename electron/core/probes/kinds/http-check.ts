/** The http kind: one request over a pooled keep-alive agent, judged on status, body, JSON and certificate. */
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { resendOnStaleConnection } from '../../net/closed-connection.js';
import { CheckFailure, type AttemptContext, type KindResult, type KindRunner, type ProbeOf } from './check-types.js';
import { errorCode, truncate } from './describe-error.js';
import { readBodyUpTo } from './http-body.js';
import { parseJsonPath, readJsonPath } from './json-path.js';
import { substituteSecrets } from './secrets.js';
import { assessExpiry, certificateVerifyReason, handshakeReason, peekCertificateExpiry, verifyCodeReason } from './tls-certificate.js';

type HttpProbe = ProbeOf<'http'>;

/** What the TLS socket said, captured when the response arrives (the socket may be pooled or gone later). */
interface TlsFacts {
  authorized: boolean;
  authorizationError?: string | Error;
  validTo?: string;
}

export const runHttpCheck: KindRunner<'http'> = async (probe, ctx) => {
  const url = targetUrl(probe);
  const headers: Record<string, string> = { 'user-agent': 'warroom-probe', accept: '*/*' };
  for (const [name, value] of Object.entries(probe.headers)) headers[name.toLowerCase()] = substituteSecrets(value, ctx.env);

  const response = await sendWithStaleSocketRetry(url, probe, headers, ctx);
  const tlsFacts = url.protocol === 'https:' ? readTlsFacts(response.socket as TLSSocket) : undefined;
  const verdicts: KindResult[] = [judgeStatus(response, probe)];
  if (verdicts[0]!.outcome === 'down') {
    response.destroy();
  } else {
    ctx.phase('reading the body');
    // The body is read even when not judged, so the socket can go back to the pool for reuse.
    const body = await readBodyUpTo(response, probe.maxBodyBytes, ctx.signal);
    if (probe.bodyContains !== undefined) verdicts.push(judgeContains(body.bytes, body.truncated, probe.bodyContains, probe.maxBodyBytes));
    if (probe.json) verdicts.push(judgeJson(body.bytes, body.truncated, probe.json, probe.maxBodyBytes));
  }
  if (tlsFacts) verdicts.push(...judgeTls(tlsFacts, probe, ctx.now()));
  return combine(verdicts);
};

function targetUrl(probe: HttpProbe): URL {
  const raw = probe.url ?? probe.target;
  if (!raw) throw new CheckFailure('no URL to call (no url on the probe, no base URL on the service)', false);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CheckFailure(`invalid URL "${truncate(raw, 80)}"`, false);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CheckFailure(`unsupported URL scheme ${url.protocol}`, false);
  return url;
}

/**
 * A pooled socket the server closed just as we reused it fails with a reset before any response;
 * that is the pool's fault, not the target's, so it gets one fresh try (as Node's docs advise).
 */
async function sendWithStaleSocketRetry(url: URL, probe: HttpProbe, headers: Record<string, string>, ctx: AttemptContext) {
  try {
    return await resendOnStaleConnection(() => send(url, probe, headers, ctx), (error) => error instanceof StaleSocketError, ctx.signal);
  } catch (error) {
    // Stale twice (or cancelled after once): the socket's own error is what the probe reports.
    throw error instanceof StaleSocketError ? error.cause : error;
  }
}

class StaleSocketError extends Error {
  constructor(override readonly cause: unknown) {
    super('stale keep-alive socket');
  }
}

function send(url: URL, probe: HttpProbe, headers: Record<string, string>, ctx: AttemptContext): Promise<http.IncomingMessage> {
  const secure = url.protocol === 'https:';
  const agent = ctx.agents.agentFor(secure ? (probe.insecureTls ? 'https-insecure' : 'https') : 'http');
  return new Promise((resolve, reject) => {
    ctx.phase('connecting');
    const request = (secure ? https : http).request(url, { method: probe.method, headers, agent });
    const onAbort = () => request.destroy(ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('aborted'));
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });
    request.once('socket', (socket) => {
      const connected = () => ctx.phase('waiting for the response');
      // A pooled socket is connected (and past its handshake) already; a new one is not yet.
      if (request.reusedSocket) connected();
      else socket.once(secure ? 'secureConnect' : 'connect', connected);
    });
    request.once('response', (response) => {
      // From here the body reader owns abort handling.
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(response);
    });
    request.on('error', (error) => {
      ctx.signal.removeEventListener('abort', onAbort);
      if (request.reusedSocket && !ctx.signal.aborted && ['ECONNRESET', 'EPIPE'].includes(errorCode(error) ?? '')) {
        reject(new StaleSocketError(error));
        return;
      }
      if (!secure) return reject(error);
      describeTlsError(error, url, ctx).then(reject, reject);
    });
    request.end(probe.body);
  });
}

/** Certificate and handshake failures become "TLS: …"; an expired certificate says since when. */
async function describeTlsError(error: Error, url: URL, ctx: AttemptContext): Promise<Error> {
  const verifyReason = certificateVerifyReason(error);
  if (verifyReason) {
    const validTo = await peekCertificateExpiry(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 443), ctx.signal);
    const expiry = assessExpiry(validTo, ctx.now(), 0);
    return new CheckFailure(`TLS: ${expiry.outcome === 'down' ? expiry.note : verifyReason}`, false);
  }
  const handshake = handshakeReason(error);
  return handshake ? new CheckFailure(`TLS: ${handshake}`) : error;
}

function readTlsFacts(socket: TLSSocket | null): TlsFacts | undefined {
  if (!socket || typeof socket.getPeerCertificate !== 'function') return undefined;
  return { authorized: socket.authorized, authorizationError: socket.authorizationError, validTo: socket.getPeerCertificate().valid_to };
}

function judgeStatus(response: http.IncomingMessage, probe: HttpProbe): KindResult {
  const status = response.statusCode ?? 0;
  const expected = probe.expectStatus;
  const ok = expected ? expected.includes(status) : status >= 200 && status < 300;
  if (ok) return { outcome: 'up', detail: `HTTP ${status}` };
  const wanted = expected ? expected.join(', ') : '2xx';
  const location = response.headers.location;
  // Redirects are reported, never followed: the probe checks this URL, not wherever it points.
  const redirect = status >= 300 && status < 400 && location ? ` redirected to ${truncate(location, 100)}` : '';
  return { outcome: 'down', detail: `HTTP ${status}${redirect} (expected ${wanted})` };
}

function judgeContains(bytes: Buffer, truncated: boolean, needle: string, limit: number): KindResult {
  if (bytes.includes(needle)) return { outcome: 'up', detail: '' };
  const scope = truncated ? ` in the first ${limit} bytes (body is larger; raise maxBodyBytes)` : '';
  return { outcome: 'down', detail: `body does not contain ${quote(needle)}${scope}` };
}

function judgeJson(bytes: Buffer, truncated: boolean, rule: NonNullable<HttpProbe['json']>, limit: number): KindResult {
  const path = parseJsonPath(rule.path);
  if (!path) throw new CheckFailure(`invalid JSON path "${truncate(rule.path, 60)}"`, false);
  if (truncated) return { outcome: 'down', detail: `body is larger than ${limit} bytes, cannot read JSON (raise maxBodyBytes)` };
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { outcome: 'down', detail: 'body is not JSON' };
  }
  const found = readJsonPath(document, path);
  if (!found.found) return { outcome: 'down', detail: `${rule.path} is missing, expected ${quote(rule.equals)}` };
  if (found.value === rule.equals) return { outcome: 'up', detail: '' };
  return { outcome: 'down', detail: `${rule.path} is ${quote(found.value)}, expected ${quote(rule.equals)}` };
}

function judgeTls(facts: TlsFacts, probe: HttpProbe, now: number): KindResult[] {
  const verdicts: KindResult[] = [];
  if (!facts.authorized) {
    // Only reachable with insecureTls: the strict agent refuses such a handshake before any request.
    verdicts.push({ outcome: 'up', detail: `insecure TLS accepted (${verifyCodeReason(facts.authorizationError)})` });
  }
  // An expired certificate is down even with insecureTls: "expires in 3 days" is degraded, so expired cannot be better.
  const expiry = assessExpiry(facts.validTo, now, probe.certificateMinDays);
  if (expiry.note) verdicts.push({ outcome: expiry.outcome, detail: expiry.note });
  return verdicts;
}

const RANK = { up: 0, degraded: 1, down: 2 } as const;

function combine(verdicts: KindResult[]): KindResult {
  let outcome: KindResult['outcome'] = 'up';
  for (const verdict of verdicts) if (RANK[verdict.outcome] > RANK[outcome]) outcome = verdict.outcome;
  // A failure names only what failed ("HTTP 200; …" would bury it on a wall display).
  const shown = outcome === 'down' ? verdicts.filter((verdict) => verdict.outcome === 'down') : verdicts;
  return { outcome, detail: shown.map((verdict) => verdict.detail).filter(Boolean).join('; ') };
}

function quote(value: unknown): string {
  return truncate(JSON.stringify(value) ?? String(value), 80);
}
