/** Turns socket, DNS and library errors into the few words a wall display can show. */

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed by peer',
  ECONNABORTED: 'connection aborted',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host is down',
  EADDRNOTAVAIL: 'address not available',
  ENOTFOUND: 'DNS: no such host',
  EAI_NONAME: 'DNS: no such host',
  EAI_NODATA: 'DNS: no address for host',
  ENODATA: 'DNS: no records of that type',
  EAI_AGAIN: 'DNS: temporary failure (try again)',
  ESERVFAIL: 'DNS: server failure',
  EREFUSED: 'DNS: query refused',
  ERR_INVALID_URL: 'invalid URL',
};

const MAX_DETAIL = 200;

/** The error's code, if it has one (Node system errors, pg and ioredis errors). */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    if (typeof error.code === 'string') return error.code;
  }
  return undefined;
}

export function describeError(error: unknown): string {
  const code = errorCode(error);
  if (code && REASONS[code]) return REASONS[code];
  const message = error instanceof Error ? error.message : String(error);
  return truncate(firstLine(message) || 'unknown error');
}

export function truncate(text: string, max = MAX_DETAIL): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}
