/**
 * A kept-alive connection the server closed as a request went out: the request met no live
 * server, so it is safe to send once more on a fresh connection, which says what is true now (an
 * answer, or "connection refused" from a server that stopped). One mechanism for the HTTP clients:
 * the probes' node:http requests (a reset on a reused socket) and the undici ones of Prometheus and
 * Alertmanager ("other side closed"; without it the first read after either stopped said that).
 */

/** Runs `send` once more when its first failure is `stale` (a closed kept-alive connection) and nothing cancelled it. */
export async function resendOnStaleConnection<T>(send: () => Promise<T>, stale: (error: unknown) => boolean, signal: AbortSignal): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!stale(error) || signal.aborted) throw error;
    return send();
  }
}

/** undici's word for it: UND_ERR_SOCKET "other side closed", on the error or, from fetch, its cause. */
function closedByServer(error: unknown): boolean {
  const codeOf = (e: unknown) => (e instanceof Error && 'code' in e ? e.code : undefined);
  return codeOf(error) === 'UND_ERR_SOCKET' || (error instanceof Error && codeOf(error.cause) === 'UND_ERR_SOCKET');
}

/** Sends an undici GET, and once more when the first met a closed kept-alive connection (never a POST: it may have arrived). */
export function getOnLiveConnection<T>(send: () => Promise<T>, signal: AbortSignal): Promise<T> {
  return resendOnStaleConnection(send, closedByServer, signal);
}
