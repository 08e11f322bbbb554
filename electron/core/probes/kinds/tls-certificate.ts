/** What an https probe says about the server's certificate: verification failures and expiry. */
import { isIP } from 'node:net';
import tls from 'node:tls';
import { errorCode } from './describe-error.js';

const DAY_MS = 86_400_000;

/** OpenSSL/Node verification codes → words. */
const VERIFY_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown certificate issuer',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown certificate issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown certificate issuer',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  CERT_REVOKED: 'certificate revoked',
  CERT_SIGNATURE_FAILURE: 'bad certificate signature',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
  HOSTNAME_MISMATCH: 'certificate does not match the host name',
};

/** The reason when `error` is a certificate verification failure, else undefined. */
export function certificateVerifyReason(error: unknown): string | undefined {
  const code = errorCode(error);
  return code ? VERIFY_REASONS[code] : undefined;
}

/** The reason when `error` is a TLS handshake or protocol failure that is not about the certificate. */
export function handshakeReason(error: unknown): string | undefined {
  const code = errorCode(error) ?? '';
  if (code !== 'EPROTO' && !code.startsWith('ERR_SSL_') && !code.startsWith('ERR_TLS_')) return undefined;
  // Where OpenSSL's reason ("wrong version number") is found: a `reason` field, the message
  // ("…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:file:line:"), or the code.
  const reason = (error as { reason?: unknown }).reason;
  const message = error instanceof Error ? error.message : '';
  const fromMessage = /:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):/.exec(message)?.[1];
  const fromCode = code.startsWith('ERR_') ? code.replace(/^ERR_(SSL|TLS)_/, '').toLowerCase().replaceAll('_', ' ') : '';
  const words = typeof reason === 'string' && reason ? reason : (fromMessage ?? fromCode);
  return words ? `handshake failed (${words})` : 'handshake failed';
}

/** Human words for a verification code from `socket.authorizationError`. */
export function verifyCodeReason(code: string | Error | undefined): string {
  const text = code instanceof Error ? ((errorCode(code) ?? code.message) || 'unknown') : (code ?? 'unknown');
  return VERIFY_REASONS[text] ?? text.toLowerCase().replaceAll('_', ' ');
}

export type ExpiryVerdict = { outcome: 'up' | 'degraded' | 'down'; note?: string };

/** Expired → down; within `minDays` → degraded; otherwise no note. */
export function assessExpiry(validTo: string | undefined, now: number, minDays: number): ExpiryVerdict {
  const expiresAt = validTo ? Date.parse(validTo) : Number.NaN;
  if (Number.isNaN(expiresAt)) return { outcome: 'up' };
  const leftMs = expiresAt - now;
  if (leftMs <= 0) return { outcome: 'down', note: `certificate expired ${describeDays(-leftMs)} ago` };
  if (leftMs < minDays * DAY_MS) return { outcome: 'degraded', note: `certificate expires in ${describeDays(leftMs)}` };
  return { outcome: 'up' };
}

function describeDays(ms: number): string {
  if (ms < DAY_MS) {
    const hours = Math.max(1, Math.round(ms / 3_600_000));
    return `${hours} hour${hours === 1 ? '' : 's'}`;
  }
  const days = Math.round(ms / DAY_MS);
  return `${days} day${days === 1 ? '' : 's'}`;
}

/**
 * Handshakes without verifying and returns the peer certificate's expiry, sending nothing else.
 * Used only after a verification failure, to say "expired 2 days ago" instead of a bare code.
 */
export function peekCertificateExpiry(host: string, port: number, signal: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(undefined);
    // SNI takes names only; Node warns when given an address.
    const servername = isIP(host) ? undefined : host;
    const socket = tls.connect({ host, port, servername, rejectUnauthorized: false });
    const done = (validTo: string | undefined) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(validTo);
    };
    const onAbort = () => done(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => done(socket.getPeerCertificate().valid_to));
    socket.once('error', () => done(undefined));
  });
}
