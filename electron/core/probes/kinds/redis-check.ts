/** The redis kind: PING must answer PONG; with `maxMemoryBytes`, INFO memory's used_memory must stay below it. */
import { Redis } from 'ioredis';
import { rejectOnAbort } from './attempt.js';
import { CheckFailure, type KindRunner } from './check-types.js';
import { describeError, truncate } from './describe-error.js';
import { formatBytes } from '../../../../shared/format/numbers.js';
import { requireSecret } from './secrets.js';

export const runRedisCheck: KindRunner<'redis'> = async (probe, ctx) => {
  const password = probe.passwordEnv ? requireSecret(ctx.env, probe.passwordEnv) : undefined;
  const client = new Redis({
    host: probe.host,
    port: probe.port,
    password,
    // One connection, one try: the probe's retries and timeout decide, not the client's reconnect loop.
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: ctx.timeoutMs,
    commandTimeout: ctx.timeoutMs,
    connectionName: 'warroom-probe',
  });
  let lastError: unknown;
  // ioredis emits 'error' for connection failures; unheard, it would crash the app.
  client.on('error', (error) => {
    lastError ??= error;
  });
  const aborted = rejectOnAbort(ctx.signal);
  try {
    ctx.phase('connecting');
    await Promise.race([client.connect(), aborted.promise]);
    ctx.phase('sending PING');
    const pong = await Promise.race([client.ping(), aborted.promise]);
    if (pong !== 'PONG') return { outcome: 'down', detail: `PING answered ${truncate(JSON.stringify(pong), 60)}` };
    if (probe.maxMemoryBytes === undefined) return { outcome: 'up', detail: 'PONG' };
    ctx.phase('reading INFO memory');
    const info = await Promise.race([client.info('memory'), aborted.promise]);
    const used = /^used_memory:(\d+)/m.exec(info)?.[1];
    if (used === undefined) return { outcome: 'down', detail: 'INFO memory has no used_memory' };
    const usedBytes = Number(used);
    if (usedBytes > probe.maxMemoryBytes) {
      return { outcome: 'degraded', detail: `memory ${formatBytes(usedBytes)} > ${formatBytes(probe.maxMemoryBytes)}` };
    }
    return { outcome: 'up', detail: `PONG; memory ${formatBytes(usedBytes)}` };
  } catch (error) {
    if (ctx.signal.aborted || error instanceof CheckFailure) throw error;
    throw new CheckFailure(redisReason(error, lastError));
  } finally {
    aborted.dispose();
    client.disconnect();
  }
};

function redisReason(error: unknown, connectionError: unknown): string {
  // "Connection is closed." hides why (a refused socket, a rejected AUTH); the 'error' event had the cause.
  const cause = connectionError !== undefined && /Connection is closed/.test(messageOf(error)) ? connectionError : error;
  const message = messageOf(cause);
  if (/^WRONGPASS|invalid password/i.test(message)) return 'password authentication failed';
  if (/^NOAUTH/.test(message)) return 'password required (set passwordEnv)';
  return describeError(cause);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
