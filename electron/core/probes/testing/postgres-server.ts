/**
 * A throwaway PostgreSQL server on 127.0.0.1: initdb into a temp dir, a superuser with a password
 * (scram-sha-256 over TCP), then `postgres -D dir -k dir -p <port>`; close() stops it and removes
 * the dir. initdb and postgres refuse to run as root, so as root both run as the `postgres` system
 * user (created by the Debian package) through `runuser -u postgres --`, in a dir chowned to it.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../testing/temp-dir.js';
import { freePort } from './ports.js';
import { startServiceProcess } from './service-process.js';

export interface TestPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  close(): Promise<void>;
}

const INSTALL_HINT = 'install the Debian package "postgresql" (apt-get install -y postgresql), or set WARROOM_PG_BIN to a dir with initdb and postgres';

/** The newest /usr/lib/postgresql/<version>/bin that has initdb and postgres. */
function findBinDir(): string {
  const fromEnv = process.env.WARROOM_PG_BIN;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, 'postgres'))) throw new Error(`WARROOM_PG_BIN=${fromEnv} has no postgres binary: ${INSTALL_HINT}`);
    return fromEnv;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const dir = join(root, version, 'bin');
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir;
  }
  throw new Error(`PostgreSQL server binaries not found under ${root}/*/bin: ${INSTALL_HINT}`);
}

/** As root: the uid/gid of the postgres system user and the runuser prefix; otherwise run as ourselves. */
function runAs(): { prefix: string[]; owner?: { uid: number; gid: number } } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'postgres');
  if (!entry) throw new Error('running as root, and initdb refuses root: create the "postgres" system user (the Debian package "postgresql" does)');
  if (!existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) throw new Error('running as root needs runuser (Debian package "util-linux") to start postgres as the postgres user');
  return { prefix: ['runuser', '-u', 'postgres', '--'], owner: { uid: Number(entry[2]), gid: Number(entry[3]) } };
}

export interface StartPostgresOptions {
  /** Start as a streaming standby of this server (pg_basebackup -R) instead of a fresh primary. */
  standbyOf?: TestPostgres;
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<TestPostgres> {
  const bin = findBinDir();
  const { prefix, owner } = runAs();
  const user = options.standbyOf?.user ?? 'warroom';
  const password = options.standbyOf?.password ?? 'pg-test-password';
  const dir = makeTempDir('warroom-pg-');
  const dataDir = join(dir.path, 'data');
  const run = (program: string, args: string[]) => {
    const [command, ...rest] = [...prefix, join(bin, program), ...args] as [string, ...string[]];
    try {
      execFileSync(command, rest, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
      throw new Error(`${program} failed: ${stderr.split('\n').slice(-5).join(' | ')}`, { cause: error });
    }
  };
  try {
    if (owner) chownSync(dir.path, owner.uid, owner.gid);
    if (options.standbyOf) {
      const source = options.standbyOf;
      const conninfo = `host=${source.host} port=${source.port} user=${source.user} password=${source.password} dbname=postgres`;
      run('pg_basebackup', ['-D', dataDir, '-d', conninfo, '-R', '-X', 'stream', '--no-sync']);
    } else {
      const pwFile = join(dir.path, 'password');
      writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
      if (owner) chownSync(pwFile, owner.uid, owner.gid);
      // --no-sync: a test database need not survive a power cut, and fsync makes initdb slow.
      run('initdb', ['-D', dataDir, '-U', user, `--pwfile=${pwFile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync', '-E', 'UTF8', '--locale=C']);
    }
  } catch (error) {
    dir.remove();
    throw error instanceof Error && /ENOENT/.test(error.message) ? new Error(`${error.message}: ${INSTALL_HINT}`) : error;
  }

  const port = await freePort();
  const server = await startServiceProcess({
    name: 'postgres',
    argv: [...prefix, join(bin, 'postgres'), '-D', dataDir, '-k', dir.path, '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off', '-c', 'max_connections=40'],
    cwd: dir.path,
    ready: /database system is ready to accept (read-only )?connections/,
    startTimeoutMs: 15_000,
    onExitCleanup: () => dir.remove(),
  });
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    database: 'postgres',
    close: async () => {
      // SIGINT is postgres's "fast shutdown": disconnect clients, checkpoint, exit.
      await server.stop('SIGINT', 5000);
      dir.remove();
    },
  };
}
