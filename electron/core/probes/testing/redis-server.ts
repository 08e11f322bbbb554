/** A throwaway redis-server on 127.0.0.1 with a password, no persistence, in a temp dir. */
import { existsSync } from 'node:fs';
import { makeTempDir } from '../../testing/temp-dir.js';
import { freePort } from './ports.js';
import { startServiceProcess } from './service-process.js';

export interface TestRedis {
  host: string;
  port: number;
  password: string;
  close(): Promise<void>;
}

const REDIS_SERVER = process.env.WARROOM_REDIS_SERVER ?? '/usr/bin/redis-server';

export async function startRedis(password = 'redis-test-password'): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`redis-server not found at ${REDIS_SERVER}: install the Debian package "redis-server" (apt-get install -y redis-server), or set WARROOM_REDIS_SERVER`);
  }
  const dir = makeTempDir('warroom-redis-');
  const port = await freePort();
  const server = await startServiceProcess({
    name: 'redis-server',
    argv: [REDIS_SERVER, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', password, '--dir', dir.path, '--daemonize', 'no'],
    cwd: dir.path,
    ready: /Ready to accept connections/,
    startTimeoutMs: 10_000,
    onExitCleanup: () => dir.remove(),
  });
  return {
    host: '127.0.0.1',
    port,
    password,
    close: async () => {
      await server.stop('SIGTERM', 3000);
      dir.remove();
    },
  };
}
