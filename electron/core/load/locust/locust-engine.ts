/**
 * Locust as a second load engine. Warroom runs `locust --headless` with CSV output (its own
 * process group, the process runner's timeout and output caps), reads `*_stats_history.csv` as it
 * grows into one tick per second, and at the end reads `*_stats.csv`, `*_failures.csv` and
 * `*_exceptions.csv` into the summary. Distributed: a master expecting N workers, started here
 * (`startLocalWorkers`) or on other machines with the printed command.
 *
 * Nothing is stored until Locust is sending load: `startLocustRun` resolves only once the history
 * shows users (or requests), and rejects with a LocustStartError (everything stopped) when the
 * binary is missing, the locustfile does not load, or the workers never connect.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { basename, delimiter, dirname, isAbsolute, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { LocustProfile, LoadStopReason, LoadSummary, LoadThreshold, LoadTick } from '../../../../shared/domain/load.js';
import type { LoadEngineDetail } from '../../../../shared/domain/load-runs.js';
import { baseEnvironment } from '../../actions/build-command.js';
import { runProcess } from '../../actions/process/run-process.js';
import type { ProcessEnd, RunningProcess } from '../../actions/process/run-process.js';
import { completeRows, parseCsv } from './csv.js';
import { HistoryReader, LOCUST_PERCENTILE_NOTE, readLocustRun, TickBuilder } from './locust-results.js';

/** Locust could not start a run; nothing ran and nothing is to be stored. */
export class LocustStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocustStartError';
  }
}

export interface LocustRunOptions {
  profile: LocustProfile;
  /** Absolute path of the locustfile. */
  locustfile: string;
  host: string;
  /** The config's thresholds and the profile's. */
  thresholds: LoadThreshold[];
  /** A fresh directory for this run's CSV files (kept as evidence). */
  outputDir: string;
  env: NodeJS.ProcessEnv;
  /** Warroom's companion locustfile (resources/locust/warroom_companion.py), given to every Locust process. */
  pluginFile: string;
  onLog?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** How often the history is read (default 250 ms). */
  pollMs?: number;
}

export interface LocustRunHandle {
  readonly done: Promise<LoadSummary>;
  readonly durationMs: number;
  readonly detail: LoadEngineDetail;
  /** The CSV prefix Locust writes to. */
  readonly csvPrefix: string;
  /** Where ticks go from now on; the seconds read before (while starting) are handed over first. */
  attach(onTick: (tick: LoadTick) => void): void;
  /** SIGTERM to the master (Locust writes its final CSV), then the workers. */
  stop(reason?: 'stopped' | 'interrupted'): void;
}

const CSV_NAME = 'locust';
const OUTPUT_CAP_BYTES = 1024 * 1024;
/** After the master is gone, how long workers may take to follow before they are stopped. */
const WORKER_FOLLOW_MS = 5000;

/** The program on PATH, or null. */
export function findOnPath(program: string, env: NodeJS.ProcessEnv): string | null {
  if (isAbsolute(program)) return existsSync(program) ? program : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, program))) return join(dir, program);
  }
  return null;
}

/** A free TCP port on loopback (for a master whose workers all run here). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const quote = (word: string): string => (/^[A-Za-z0-9_./:=@,+-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);
const commandLine = (argv: string[]): string => argv.map(quote).join(' ');

/** Options master and workers share: which tasks and users run. */
function selection(profile: LocustProfile): string[] {
  return [
    ...profile.userClasses,
    ...(profile.tags.length > 0 ? ['--tags', ...profile.tags] : []),
    ...(profile.excludeTags.length > 0 ? ['--exclude-tags', ...profile.excludeTags] : []),
  ];
}

/** The last lines of a process's output that say why it failed (a traceback's last lines, Locust's errors). */
function whyItEnded(end: ProcessEnd): string {
  const lines = end.storedOutput
    .toString('utf8')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
  const workerWait = lines.filter((line) => /Waiting for workers to be ready/.test(line)).at(-1);
  if (lines.some((line) => /Gave up waiting for workers/.test(line))) {
    const connected = workerWait ? /(\d+) of (\d+) connected/.exec(workerWait) : null;
    return `the workers did not connect in time${connected ? ` (${connected[1]} of ${connected[2]} connected)` : ''}`;
  }
  const lastIndex = (from: string[], test: (line: string) => boolean): number => {
    for (let i = from.length - 1; i >= 0; i -= 1) if (test(from[i]!)) return i;
    return -1;
  };
  const errorLine = lastIndex(lines, (line) => /(Error|Exception)\b/.test(line) && !/^\s*File /.test(line));
  if (errorLine >= 0) {
    const where = lines[lastIndex(lines.slice(0, errorLine), (line) => /^\s*File ".*", line \d+/.test(line))];
    return [where?.trim(), lines[errorLine]!.trim()].filter(Boolean).join(': ');
  }
  return lines.slice(-3).join(' / ') || end.reason;
}

/** Reads a growing file from where the last read stopped: only whole rows, a half-written one waits. */
class FileTail {
  private offset = 0;
  private pending = '';
  private line = 1;
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly path: string) {}

  read(): ReturnType<typeof completeRows>['rows'] {
    if (!existsSync(this.path)) return [];
    const fd = openSync(this.path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > this.offset) {
        const buffer = Buffer.alloc(size - this.offset);
        const read = readSync(fd, buffer, 0, buffer.length, this.offset);
        this.offset += read;
        this.pending += this.decoder.write(buffer.subarray(0, read));
      }
    } finally {
      closeSync(fd);
    }
    const { rows, consumed, nextLine } = completeRows(this.pending, this.line);
    this.pending = this.pending.slice(consumed);
    this.line = nextLine;
    return rows;
  }
}

/**
 * Starts Locust and resolves once it is sending load (the handle then ends with the summary);
 * rejects with LocustStartError, everything stopped, when it could not get that far.
 */
export async function startLocustRun(options: LocustRunOptions): Promise<LocustRunHandle> {
  const { profile } = options;
  const log = (level: 'info' | 'warn' | 'error', message: string) => {
    try {
      options.onLog?.(level, message);
    } catch {
      // A logger that throws must not take the run down.
    }
  };
  const locust = findOnPath('locust', options.env);
  if (!locust) {
    throw new LocustStartError(
      `the locust program was not found on PATH (${options.env.PATH ?? 'unset'}): install Locust 2.12 or later (Debian: apt-get install python3-locust; elsewhere: pip install locust)`,
    );
  }
  if (!existsSync(options.locustfile)) throw new LocustStartError(`locustfile ${options.locustfile} does not exist`);
  if (options.locustfile.includes(',')) throw new LocustStartError(`locustfile ${options.locustfile}: Locust cannot take a path with a comma`);

  mkdirSync(options.outputDir, { recursive: true });
  const csvPrefix = join(options.outputDir, CSV_NAME);
  const distributed = profile.workers !== undefined;
  const masterPort = distributed ? (profile.masterPort ?? (profile.startLocalWorkers ? await freePort() : 5557)) : null;
  const durationSeconds = Math.ceil(profile.duration / 1000);
  const masterArgv = [
    locust,
    '-f',
    `${options.locustfile},${options.pluginFile}`,
    ...selection(profile),
    '--headless',
    '--host',
    options.host,
    '--users',
    String(profile.users),
    '--spawn-rate',
    String(profile.spawnRate ?? profile.users),
    '--run-time',
    `${durationSeconds}s`,
    '--stop-timeout',
    String(Math.ceil(profile.gracefulStop / 1000)),
    '--csv',
    csvPrefix,
    '--csv-full-history',
    '--only-summary',
    // Failed requests are results, not a failure of Locust: thresholds judge them.
    '--exit-code-on-error',
    '0',
    ...(distributed
      ? [
          '--master',
          '--expect-workers',
          String(profile.workers),
          '--expect-workers-max-wait',
          String(Math.ceil(profile.workerWait / 1000)),
          '--master-bind-host',
          profile.startLocalWorkers ? '127.0.0.1' : '*',
          '--master-bind-port',
          String(masterPort),
        ]
      : []),
  ];
  const workerArgv = (masterHost: string, files: string) => ['locust', '-f', files, ...selection(profile), '--worker', '--master-host', masterHost, '--master-port', String(masterPort)];
  // On another machine, run in a copy of the locustfile's directory with warroom_companion.py beside it.
  const workerCommand = distributed ? commandLine(workerArgv(hostname(), `${basename(options.locustfile)},${basename(options.pluginFile)}`)) : null;
  const detail: LoadEngineDetail = {
    version: null,
    command: commandLine(masterArgv),
    workers: profile.workers ?? 0,
    workerCommand,
    source: 'run',
    files: ['stats', 'stats_history', 'failures', 'exceptions'].map((suffix) => `${csvPrefix}_${suffix}.csv`),
    notes: [
      LOCUST_PERCENTILE_NOTE,
      ...(workerCommand ? [`Workers on other machines need the locustfile and ${basename(options.pluginFile)} (in Warroom's resources/locust/) in their directory.`] : []),
    ],
  };
  if (workerCommand) {
    log('info', `locust master on port ${masterPort} expects ${profile.workers} worker(s); on another machine, in the locustfile's directory, start one with: ${workerCommand}`);
  }

  const env = { ...baseEnvironment(options.env), PYTHONUNBUFFERED: '1' };
  const cwd = dirname(options.locustfile);
  const timeoutMs = profile.duration + profile.gracefulStop + (distributed ? profile.workerWait : 0) + 120_000;
  const spawnLocust = (argv: string[], label: string): RunningProcess =>
    runProcess({
      argv,
      cwd,
      env,
      timeoutMs,
      killGraceMs: profile.gracefulStop + 15_000,
      maxStoredBytes: OUTPUT_CAP_BYTES,
      maxLiveBufferBytes: 64 * 1024,
      secrets: [],
      marker: `locust-${label}-${randomUUID()}`,
      onOutput: (chunk) => {
        const version = /Starting Locust (\d[\w.]*)/.exec(chunk.text);
        if (version) detail.version = version[1]!;
      },
    });

  const startedAt = Date.now();
  const master = spawnLocust(masterArgv, 'master');
  const workers = distributed && profile.startLocalWorkers ? Array.from({ length: profile.workers! }, (_, i) => spawnLocust([locust, ...workerArgv('127.0.0.1', `${options.locustfile},${options.pluginFile}`).slice(1)], `worker-${i + 1}`)) : [];
  const stopWorkers = () => workers.forEach((worker) => worker.cancel('the master ended'));

  const historyFile = `${csvPrefix}_stats_history.csv`;
  const tail = new FileTail(historyFile);
  const history = new HistoryReader(historyFile);
  const builder = new TickBuilder(options.thresholds, profile.users);
  /** Seconds read before the caller attached (while starting) wait here. */
  const waiting: LoadTick[] = [];
  let onTick: ((tick: LoadTick) => void) | null = null;
  let started = false;
  let stopReason: LoadStopReason = 'completed';
  let masterEnd: ProcessEnd | null = null;
  void master.done.then((end) => {
    masterEnd = end;
  });

  /** Reads what the history gained: ticks go out once the run has started, earlier ones wait. */
  const drain = (): void => {
    for (const second of history.push(tail.read())) {
      if (second.userCount > 0 || second.total.totalRequests > 0) started = true;
      const tick = builder.tick(second);
      if (started && onTick) onTick(tick);
      else waiting.push(tick);
    }
  };
  // Until load flows: the master may die (bad locustfile), workers may never come.
  const pollMs = options.pollMs ?? 250;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        try {
          drain();
          if (started) {
            clearInterval(timer);
            resolve();
          } else if (masterEnd) {
            clearInterval(timer);
            reject(new LocustStartError(`locust did not start the run (${masterEnd.reason}): ${whyItEnded(masterEnd)}`));
          }
        } catch (error) {
          clearInterval(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }, pollMs);
    });
  } catch (error) {
    master.cancel('the run did not start');
    stopWorkers();
    await Promise.all([master.done, ...workers.map((w) => w.done)]);
    throw error;
  }
  log('info', `locust run started: ${profile.users} users${distributed ? `, ${profile.workers} workers` : ''}, ${durationSeconds} s`);

  const done = (async (): Promise<LoadSummary> => {
    const timer = setInterval(() => {
      try {
        drain();
      } catch (error) {
        log('warn', `reading ${historyFile}: ${(error as Error).message}`);
      }
    }, pollMs);
    const end = await master.done;
    clearInterval(timer);
    const followed = await Promise.race([
      Promise.all(workers.map((w) => w.done)).then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), WORKER_FOLLOW_MS).unref()),
    ]);
    if (!followed) stopWorkers();
    await Promise.all(workers.map((w) => w.done));
    drain();
    const failedItself = stopReason === 'completed' && (end.outcome !== 'exited' || end.exitCode !== 0);
    if (failedItself) log('error', `locust ended badly (${end.reason}): ${whyItEnded(end)}`);
    const read = (suffix: string) => {
      const file = `${csvPrefix}_${suffix}.csv`;
      return existsSync(file) ? { file, rows: parseCsv(readFileSync(file, 'utf8')) } : undefined;
    };
    const stats = read('stats');
    if (!stats) throw new Error(`locust wrote no ${csvPrefix}_stats.csv (${end.reason}): ${whyItEnded(end)}`);
    const { summary } = readLocustRun(
      { stats, failures: read('failures'), exceptions: read('exceptions') },
      {
        thresholds: options.thresholds,
        stopReason: failedItself ? 'error' : stopReason,
        startedAt,
        endedAt: Date.now(),
        workers: Math.max(1, profile.workers ?? 1),
        users: profile.users,
        error: failedItself ? `locust ended badly (${end.reason}): ${whyItEnded(end)}` : undefined,
      },
    );
    return { ...summary, seconds: builder.seconds };
  })();

  return {
    done,
    durationMs: profile.duration,
    detail,
    csvPrefix,
    attach(listener) {
      onTick = (tick) => {
        try {
          listener(tick);
        } catch (error) {
          log('warn', `a tick could not be handled: ${(error as Error).message}`);
        }
      };
      waiting.splice(0).forEach(onTick);
    },
    stop(reason = 'stopped') {
      if (masterEnd || stopReason !== 'completed') return;
      stopReason = reason;
      master.cancel(reason === 'interrupted' ? 'Warroom is closing' : 'stopped');
    },
  };
}
