/** The postgres kind: one connection per check, `select 1`, and on request the standby's replay lag. */
import pg from 'pg';
import { rejectOnAbort } from './attempt.js';
import { CheckFailure, type KindResult, type KindRunner } from './check-types.js';
import { describeError, errorCode, truncate } from './describe-error.js';
import { formatLatency } from '../../../../shared/format/durations.js';
import { requireSecret } from './secrets.js';

/** SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html) with a clearer wording. */
const SQLSTATE_REASONS: Record<string, string> = {
  '28P01': 'password authentication failed',
  '57P03': 'the database system is starting up',
  '53300': 'too many connections',
  '57014': 'query cancelled (statement_timeout)',
};

/**
 * When the standby has replayed everything it received, it is caught up however old the last
 * transaction is; otherwise the lag is the age of the last replayed transaction. Without the
 * first case an idle primary would make every standby look ever more "behind".
 */
const REPLICA_LAG_SQL = `select pg_is_in_recovery() as standby,
  case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
       else extract(epoch from now() - pg_last_xact_replay_timestamp()) end::float8 as lag_seconds`;

export const runPostgresCheck: KindRunner<'postgres'> = async (probe, ctx) => {
  const password = probe.passwordEnv ? requireSecret(ctx.env, probe.passwordEnv) : undefined;
  const client = new pg.Client({
    host: probe.host,
    port: probe.port,
    database: probe.database,
    user: probe.user,
    password,
    ssl: probe.ssl,
    // The attempt's own signal fires first; these are the driver's backstops with the same budget.
    connectionTimeoutMillis: ctx.timeoutMs,
    statement_timeout: ctx.timeoutMs,
    query_timeout: ctx.timeoutMs,
    application_name: 'warroom-probe',
  });
  // A server closing the connection later emits 'error' on the client; without a listener it would crash the app.
  client.on('error', () => {});
  const aborted = rejectOnAbort(ctx.signal);
  try {
    ctx.phase('connecting');
    await Promise.race([client.connect(), aborted.promise]);
    ctx.phase('running select 1');
    await Promise.race([client.query('select 1'), aborted.promise]);
    if (probe.maxReplicaLag === undefined) return { outcome: 'up', detail: 'select 1 ok' };
    ctx.phase('reading replica lag');
    const result = await Promise.race([client.query<{ standby: boolean; lag_seconds: number | null }>(REPLICA_LAG_SQL), aborted.promise]);
    return judgeLag(result.rows[0], probe.maxReplicaLag);
  } catch (error) {
    if (ctx.signal.aborted || error instanceof CheckFailure) throw error;
    throw new CheckFailure(postgresReason(error));
  } finally {
    aborted.dispose();
    // end() destroys a half-open connection and says goodbye on an open one; it never needs awaiting here.
    client.end().catch(() => {});
  }
};

function judgeLag(row: { standby: boolean; lag_seconds: number | null } | undefined, maxLagMs: number): KindResult {
  if (!row?.standby) return { outcome: 'up', detail: 'primary (no replica lag)' };
  if (row.lag_seconds === null) return { outcome: 'degraded', detail: 'replica has not replayed any transaction yet' };
  const lagMs = row.lag_seconds * 1000;
  if (lagMs > maxLagMs) return { outcome: 'degraded', detail: `replica lag ${formatLatency(lagMs)} > ${formatLatency(maxLagMs)}` };
  return { outcome: 'up', detail: `replica lag ${formatLatency(lagMs)}` };
}

function postgresReason(error: unknown): string {
  const code = errorCode(error);
  if (code && SQLSTATE_REASONS[code]) return SQLSTATE_REASONS[code];
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('client password must be a string')) return 'password required (set passwordEnv)';
  if (message === 'timeout expired') return 'timed out connecting';
  if (message.startsWith('Connection terminated')) return 'connection closed by the server';
  // pg's server errors (bad database, role, pg_hba) already read well: 'database "x" does not exist'.
  return code && /^[0-9A-Z]{5}$/.test(code) ? truncate(message) : describeError(error);
}
