/**
 * A kept-alive connection the server closed as a request went out: undici says "other side
 * closed" (UND_ERR_SOCKET, on the error or, from fetch, its cause) before any answer. The request
 * met no live server, so a GET is safe to send once more on a fresh connection, which says what is
 * true now: an answer, or "connection refused" from a server that stopped. Without it the first read
 * after Prometheus or Alertmanager stopped said "other side closed" (seen in full test runs).
 */
export function closedKeptAliveConnection(error: unknown): boolean {
  const codeOf = (e: unknown) => (e instanceof Error && 'code' in e ? e.code : undefined);
  return codeOf(error) === 'UND_ERR_SOCKET' || (error instanceof Error && codeOf(error.cause) === 'UND_ERR_SOCKET');
}

/** Sends a GET, and once more when the first met a closed kept-alive connection (unless cancelled). */
export async function getOnLiveConnection<T>(send: () => Promise<T>, signal: AbortSignal): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!closedKeptAliveConnection(error) || signal.aborted) throw error;
    return send();
  }
}
