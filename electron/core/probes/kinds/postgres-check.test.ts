import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startSilentPort } from '../testing/ports.js';
import { startPostgres, type TestPostgres } from '../testing/postgres-server.js';
import { checkContext, resolvedProbe } from '../testing/probe-fixtures.js';
import { runCheck } from './run-check.js';

let primary: TestPostgres;
beforeAll(async () => {
  primary = await startPostgres();
}, 30_000);
afterAll(() => primary?.close(), 15_000);

const probeFor = (server: { port: number }, extra: { maxReplicaLag?: number; passwordEnv?: string } = {}, timeoutMs = 3000) =>
  resolvedProbe({ kind: 'postgres', host: '127.0.0.1', port: server.port, user: 'warroom', passwordEnv: 'PG_PASSWORD', ...extra }, { timeoutMs });
const withPassword = (password: string) => checkContext({ env: { PG_PASSWORD: password } });

async function sql(server: TestPostgres, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database: server.database });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

describe('postgres probes', () => {
  it('is up when select 1 answers', async () => {
    expect(await runCheck(probeFor(primary), withPassword(primary.password))).toMatchObject({ outcome: 'up', detail: 'select 1 ok' });
  });

  it('is down on a wrong password or a missing secret', async () => {
    expect(await runCheck(probeFor(primary), withPassword('wrong'))).toMatchObject({ outcome: 'down', detail: 'password authentication failed' });
    expect(await runCheck(probeFor(primary), checkContext({ env: {} }))).toMatchObject({ outcome: 'down', detail: 'secret PG_PASSWORD is not set' });
    const noPassword = resolvedProbe({ kind: 'postgres', host: '127.0.0.1', port: primary.port, user: 'warroom' });
    expect(await runCheck(noPassword, checkContext())).toMatchObject({ outcome: 'down', detail: 'password required (set passwordEnv)' });
  });

  it('is down with "connection refused" when nothing listens', async () => {
    expect(await runCheck(probeFor({ port: await freePort() }), withPassword('x'))).toMatchObject({ outcome: 'down', detail: 'connection refused' });
  });

  it('times out on a port that never answers', async () => {
    const silent = await startSilentPort();
    try {
      expect(await runCheck(probeFor(silent, {}, 300), withPassword('x'))).toMatchObject({ outcome: 'down', detail: 'timed out after 300 ms (connecting)' });
    } finally {
      await silent.close();
    }
  });

  it('says "primary" when asked for replica lag on a primary', async () => {
    expect(await runCheck(probeFor(primary, { maxReplicaLag: 30_000 }), withPassword(primary.password))).toMatchObject({
      outcome: 'up',
      detail: 'primary (no replica lag)',
    });
  });

  it('measures a standby: caught up is up, replay behind by more than the limit is degraded', async () => {
    const standby = await startPostgres({ standbyOf: primary });
    try {
      await sql(primary, 'create table replicated (id int)');
      await waitForReplay(standby);
      expect(await runCheck(probeFor(standby, { maxReplicaLag: 30_000 }), withPassword(primary.password))).toMatchObject({
        outcome: 'up',
        detail: 'replica lag 0 ms',
      });

      // Paused replay: WAL keeps arriving but is not applied, the textbook lagging replica.
      await sql(standby, 'select pg_wal_replay_pause()');
      await sql(primary, 'insert into replicated values (1)');
      await new Promise((resolve) => setTimeout(resolve, 700));
      const result = await runCheck(probeFor(standby, { maxReplicaLag: 300 }), withPassword(primary.password));
      expect(result.outcome).toBe('degraded');
      expect(result.detail).toMatch(/^replica lag [\d.]+ (ms|s) > 300 ms$/);
    } finally {
      await standby.close();
    }
  }, 30_000);
});

async function waitForReplay(standby: TestPostgres): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { rows } = await sql(standby, "select count(*)::int as n from pg_class where relname = 'replicated'");
    if ((rows[0] as { n: number }).n === 1) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the standby never replayed the primary');
}
