/**
 * Runs one operator action's program: argv without a shell, the caller's environment only, in a
 * process group of its own so that cancel, timeout and the end of the run take everything it
 * started with it. Output is decoded, cleaned, masked, streamed throttled to the live view and
 * stored (capped) for the audit trail; memory stays bounded whatever the child prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, statSync } from 'node:fs';
import { childTree, type ChildTree } from '../../process/child-tree.js';
import { HAS_PROCESS_GROUPS, type StopResult } from '../../process/process-group.js';
import { RUN_MARKER_VARIABLE } from '../../process/run-tree.js';
import { describeDuration, describeExit, describeSpawnError, describeStop } from './describe-end.js';
import { OutputThrottle, type OutputChunk, type OutputStream } from './output-throttle.js';
import type { ProcessEnd, ProcessStats, RunningProcess, RunProcessOptions } from './process-types.js';
import { StoredOutput } from './stored-output.js';
import { StreamText } from './stream-text.js';
import { TextTail } from './text-tail.js';

export type * from './process-types.js';

const DEFAULT_KILL_GRACE_MS = 5000;
const DEFAULT_LIVE_BUFFER_BYTES = 1024 * 1024;
/** At most ~10 live calls per second per stream. */
const LIVE_INTERVAL_MS = 100;
/** Per live call; more in one interval is skipped (with a notice), so 100 MB/s reaches the UI as ~1 MB/s. */
const LIVE_CHUNK_MAX_BYTES = 64 * 1024;
/** How long to wait for the group to vanish after SIGKILL before reporting survivors. */
const KILL_WAIT_MS = 5000;
/** After the group is gone, how long the pipes may take to deliver their last bytes (a process that left the group may hold them open). */
const OUTPUT_DRAIN_MS = 500;

type Exit = { code: number | null; signal: NodeJS.Signals | null } | { error: Error };

export function runProcess(options: RunProcessOptions): RunningProcess {
  const startedAt = performance.now();
  const live = new TextTail(options.maxLiveBufferBytes ?? DEFAULT_LIVE_BUFFER_BYTES);
  const elapsed = () => Math.round(performance.now() - startedAt);
  const program = options.argv[0] ?? '';

  const refusal = checkBeforeSpawn(options);
  if (refusal) return notStarted(refusal, elapsed, live);
  let stdoutFd: number | null = null;
  let child: ChildProcess; // stdout is null when it goes to a file
  try {
    if (options.stdoutFile !== undefined) stdoutFd = openSync(options.stdoutFile, 'w', 0o600);
    child = spawn(program, options.argv.slice(1), {
      cwd: options.cwd,
      // The marker is how a descendant that leaves the group (setsid) is still found.
      env: options.marker === undefined ? options.env : { ...options.env, [RUN_MARKER_VARIABLE]: options.marker },
      shell: false,
      detached: HAS_PROCESS_GROUPS, // own process group; on Windows it would mean a new console instead
      stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
      windowsHide: true,
    });
  } catch (error) {
    return notStarted(describeSpawnError(error, program, options.cwd), elapsed, live); // e.g. a NUL byte in argv
  } finally {
    if (stdoutFd !== null) closeSync(stdoutFd); // the child has its own copy
  }

  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const pid = child.pid ?? null;
  const tree: ChildTree | null = child.pid === undefined ? null : childTree(child as typeof child & { pid: number }, { graceMs, killWaitMs: KILL_WAIT_MS, marker: options.marker });
  let phase: ProcessStats['phase'] = 'running';
  let stopAs: { outcome: 'timed_out' | 'cancelled'; why: string } | null = null;

  const liveLimit = Math.min(LIVE_CHUNK_MAX_BYTES, options.maxLiveBufferBytes ?? DEFAULT_LIVE_BUFFER_BYTES);
  const throttle = new OutputThrottle((chunk) => sendLive(chunk, live, (c) => options.onOutput(c)), LIVE_INTERVAL_MS, liveLimit);
  const stored = new StoredOutput(options.maxStoredBytes);
  const texts = { stdout: new StreamText(options.secrets), stderr: new StreamText(options.secrets) };
  let outputBytes = 0;
  const take = (stream: OutputStream, text: string) => {
    stored.append(text);
    throttle.push(stream, text);
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]?.on('data', (bytes: Buffer) => {
      outputBytes += bytes.length;
      take(stream, texts[stream].push(bytes));
    });
    child[stream]?.on('error', () => {}); // a broken pipe read is not the run's outcome; 'exit' is
  }

  const exited = new Promise<Exit>((settle) => {
    child.once('exit', (code, signal) => settle({ code, signal }));
    // After a successful spawn 'error' only reports a failed kill(), which we don't use for groups.
    child.on('error', (error) => {
      if (pid === null) settle({ error });
    });
  });
  const closed = new Promise<void>((settle) => child.once('close', () => settle()));

  const stop = (outcome: 'timed_out' | 'cancelled', why: string) => {
    if (phase !== 'running' || !tree) return;
    phase = 'stopping';
    stopAs = { outcome, why };
    void tree.stop();
  };
  const timer = setTimeout(() => stop('timed_out', `timed out after ${describeDuration(options.timeoutMs)}`), options.timeoutMs);
  const onAbort = () => stop('cancelled', abortReason(options.signal?.reason));
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const finish = async (): Promise<ProcessEnd> => {
    const exit = await exited;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if ('error' in exit || !tree) {
      phase = 'ended';
      return ended('failed_to_start', describeSpawnError('error' in exit ? exit.error : null, program, options.cwd), { exitCode: null, signal: null }, elapsed());
    }
    // The main process is gone; whatever it left running in its group goes too (no orphans).
    const leftovers = phase === 'running' && tree.isAlive();
    if (phase === 'running') phase = 'finishing';
    const stopped = await tree.stop();
    tree.release();
    await settledWithin(closed, OUTPUT_DRAIN_MS);
    child.stdout?.destroy();
    child.stderr?.destroy();
    take('stdout', texts.stdout.end());
    take('stderr', texts.stderr.end());
    throttle.flushAll();
    phase = 'ended';
    const record = stored.finish();
    const reason = describeEnd(exit, stopAs, stopped, leftovers, graceMs);
    return {
      outcome: stopAs?.outcome ?? 'exited',
      exitCode: exit.code,
      signal: exit.signal,
      reason,
      storedOutput: record.buffer,
      outputBytes,
      truncated: record.truncated,
      digest: record.digest,
      durationMs: elapsed(),
    };
  };

  return {
    pid,
    pgid: tree?.pgid ?? null,
    tree: tree?.identity ?? null,
    done: finish(),
    cancel: (why?: string) => stop('cancelled', why ? `cancelled: ${why}` : 'cancelled'),
    output: () => live.text(),
    stats: () => ({ phase, outputBytes, liveBytes: live.bytes, elapsedMs: elapsed() }),
  };
}

function describeEnd(
  exit: { code: number | null; signal: NodeJS.Signals | null },
  stopAs: { why: string } | null,
  stopped: StopResult,
  leftovers: boolean,
  graceMs: number,
): string {
  if (stopAs) return stopAs.why + describeStop(stopped, graceMs, exit.signal);
  const cleanup = leftovers ? (stopped === 'survived' ? '; leftover processes survived SIGKILL' : '; leftover processes killed') : '';
  return describeExit(exit.code, exit.signal) + cleanup;
}

/** A missing program or a bad cwd must read as such, not as the ENOENT spawn gives for both. */
function checkBeforeSpawn(options: RunProcessOptions): string | null {
  if (!options.argv[0]) return 'no program given';
  try {
    if (!statSync(options.cwd).isDirectory()) return `working directory is not a directory: ${options.cwd}`;
  } catch {
    return `working directory not found: ${options.cwd}`;
  }
  return null;
}

function notStarted(reason: string, elapsed: () => number, live: TextTail): RunningProcess {
  return {
    pid: null,
    pgid: null,
    tree: null,
    done: Promise.resolve(ended('failed_to_start', reason, { exitCode: null, signal: null }, elapsed())),
    cancel: () => {},
    output: () => live.text(),
    stats: () => ({ phase: 'ended', outputBytes: 0, liveBytes: 0, elapsedMs: elapsed() }),
  };
}

function ended(outcome: ProcessEnd['outcome'], reason: string, exit: { exitCode: number | null; signal: string | null }, durationMs: number): ProcessEnd {
  const record = new StoredOutput(0).finish();
  return { outcome, ...exit, reason, storedOutput: record.buffer, outputBytes: 0, truncated: false, digest: record.digest, durationMs };
}

function sendLive(chunk: OutputChunk, live: TextTail, onOutput: (chunk: OutputChunk) => void): void {
  live.append(chunk.text);
  try {
    onOutput(chunk);
  } catch {
    // A failing viewer must not break the run or its audit record; the live buffer still has the text.
  }
}

async function settledWithin(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((settle) => (timer = setTimeout(settle, ms)))]);
  clearTimeout(timer);
}

function abortReason(reason: unknown): string {
  return reason instanceof Error && reason.message ? `cancelled: ${reason.message}` : 'cancelled';
}
