import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startSilentPort } from '../testing/ports.js';
import { checkContext, resolvedProbe } from '../testing/probe-fixtures.js';
import { startRedis, type TestRedis } from '../testing/redis-server.js';
import { runCheck } from './run-check.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
}, 15_000);
afterAll(() => redis?.close());

const probeFor = (extra: { port?: number; maxMemoryBytes?: number; passwordEnv?: string } = {}, timeoutMs = 2000) =>
  resolvedProbe({ kind: 'redis', host: '127.0.0.1', port: redis.port, passwordEnv: 'REDIS_PASSWORD', ...extra }, { timeoutMs });

describe('redis probes', () => {
  it('is up when PING answers PONG', async () => {
    expect(await runCheck(probeFor(), checkContext({ env: { REDIS_PASSWORD: redis.password } }))).toMatchObject({ outcome: 'up', detail: 'PONG' });
  });

  it('is down on a wrong password, and on none when one is required', async () => {
    expect(await runCheck(probeFor(), checkContext({ env: { REDIS_PASSWORD: 'wrong' } }))).toMatchObject({ outcome: 'down', detail: 'password authentication failed' });
    const noPassword = resolvedProbe({ kind: 'redis', host: '127.0.0.1', port: redis.port });
    expect(await runCheck(noPassword, checkContext())).toMatchObject({ outcome: 'down', detail: 'password required (set passwordEnv)' });
    expect(await runCheck(probeFor(), checkContext({ env: {} }))).toMatchObject({ outcome: 'down', detail: 'secret REDIS_PASSWORD is not set' });
  });

  it('is degraded when used memory is over maxMemoryBytes', async () => {
    const env = { REDIS_PASSWORD: redis.password };
    // Sizes are in 1024s, as Redis's own used_memory_human.
    expect(await runCheck(probeFor({ maxMemoryBytes: 1024 }), checkContext({ env }))).toMatchObject({ outcome: 'degraded', detail: expect.stringMatching(/^memory [\d.]+ [KM]B > 1 KB$/) });
    expect(await runCheck(probeFor({ maxMemoryBytes: 10_000_000_000 }), checkContext({ env }))).toMatchObject({ outcome: 'up', detail: expect.stringMatching(/^PONG; memory /) });
  });

  it('is down with "connection refused" when nothing listens', async () => {
    const result = await runCheck(probeFor({ port: await freePort() }), checkContext({ env: { REDIS_PASSWORD: 'x' } }));
    expect(result).toMatchObject({ outcome: 'down', detail: 'connection refused' });
  });

  it('times out on a port that never answers', async () => {
    const silent = await startSilentPort();
    try {
      const result = await runCheck(probeFor({ port: silent.port }, 300), checkContext({ env: { REDIS_PASSWORD: 'x' } }));
      expect(result.outcome).toBe('down');
      expect(result.detail).toMatch(/^timed out after 300 ms/);
    } finally {
      await silent.close();
    }
  });
});
