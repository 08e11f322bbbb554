/**
 * Keep-alive connections of one worker to the target origin, bounded. Two shapes:
 *  - `pinned`: a fixed set of undici Clients (one connection each) and each virtual user always
 *    uses the same one. A closed-model user re-sends from inside the previous response's
 *    callback; a Pool at that moment still counts the connection as busy and parks the request
 *    in its queue, which cost ~30 % throughput in the benchmark. Pinning avoids that.
 *  - `pool`: one undici Pool with `connections` Clients; open-model arrivals take any free one.
 */
import { Client, Pool, type Dispatcher } from 'undici';

export type ConnectionMode = 'pinned' | 'pool';

export interface Connections {
  /** The dispatcher user/slot `index` sends through. */
  for(index: number): Dispatcher;
  /** Closes every connection and fails whatever is still queued. */
  destroy(): Promise<void>;
}

export interface ConnectionOptions {
  origin: string;
  connections: number;
  mode: ConnectionMode;
  /** Longest request timeout: bounds the wait for a connection (the worker enforces each request's timeout itself). */
  timeoutMs: number;
}

export function openConnections(options: ConnectionOptions): Connections {
  const clientOptions = {
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    // Off: the worker's sweep enforces each request's timeout, and undici's per-request timers
    // (re-armed for headers, then body, on every request) showed up in the profile.
    headersTimeout: 0,
    bodyTimeout: 0,
    connectTimeout: Math.min(options.timeoutMs, 30_000),
  };
  if (options.mode === 'pool') {
    const pool = new Pool(options.origin, { ...clientOptions, connections: options.connections });
    return {
      for: () => pool,
      destroy: () => pool.destroy().catch(() => undefined),
    };
  }
  const clients: Client[] = [];
  const clientFor = (index: number): Client => {
    const slot = index % options.connections;
    // Created on first use, so a ramp opens connections as users arrive.
    return (clients[slot] ??= new Client(options.origin, clientOptions));
  };
  return {
    for: clientFor,
    destroy: async () => {
      await Promise.all(clients.map((client) => client.destroy().catch(() => undefined)));
    },
  };
}
