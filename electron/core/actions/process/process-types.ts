/** The shapes runProcess takes and gives: options, the running handle, and how a run ended. */
import type { RunTreeIdentity } from '../../process/run-tree.js';
import type { OutputChunk } from './output-throttle.js';

export type { OutputChunk, OutputStream } from './output-throttle.js';

/** What to run and under which limits. The caller has already validated argv, cwd and env. */
export interface RunProcessOptions {
  /** argv[0] is the program (looked up in env.PATH when it has no '/'); never run through a shell. */
  argv: string[];
  cwd: string;
  /** The complete child environment; Warroom's own environment is not inherited. */
  env: Record<string, string>;
  timeoutMs: number;
  /** Between SIGTERM and SIGKILL, on cancel, timeout and for leftovers. Default 5000. */
  killGraceMs?: number;
  /** Output kept in memory for the live view (UTF-8 bytes, oldest dropped). Default 1 MiB. */
  maxLiveBufferBytes?: number;
  /** Output stored whole up to this many bytes; the rest is only counted, after a marker line. */
  maxStoredBytes: number;
  /** Values masked as "••••" in everything the run gives out. */
  secrets: string[];
  /** Live output: masked, cleaned text, at most about 10 calls per second per stream. */
  onOutput(chunk: OutputChunk): void;
  /** Aborting it is the same as cancel(). */
  signal?: AbortSignal;
  /**
   * A value unique to this run, put in the child's environment as WARROOM_RUN_MARKER: every
   * descendant inherits it, so one that leaves the process group (setsid) is still stopped.
   */
  marker?: string;
  /**
   * Send the child's stdout straight into this file (created or truncated, mode 0600) instead of
   * the live view and the stored record: a scanner's report, which may be large, is read whole
   * from it afterwards. stderr is streamed and stored as usual.
   */
  stdoutFile?: string;
}

export type ProcessOutcome = 'exited' | 'timed_out' | 'cancelled' | 'failed_to_start';

/** How a run ended; `done` resolves with it once the whole process group is gone. */
export interface ProcessEnd {
  outcome: ProcessOutcome;
  /** The main process's exit code; null when a signal ended it or it never started. */
  exitCode: number | null;
  /** The signal that ended the main process, e.g. "SIGTERM". */
  signal: string | null;
  /** In words: "exit code 3", "timed out after 10 min (killed after 5 s: ignored SIGTERM)", "program not found: ./rollback.sh". */
  reason: string;
  /** Masked, cleaned output of both streams in arrival order; ends with the truncation marker when truncated. */
  storedOutput: Buffer;
  /** Every byte the child wrote to stdout and stderr, stored or not. */
  outputBytes: number;
  truncated: boolean;
  /** sha256 (hex) of storedOutput, for the audit trail. */
  digest: string;
  durationMs: number;
}

export interface ProcessStats {
  /** running → stopping (cancel or timeout) or finishing (main exited, leftovers being stopped) → ended. */
  phase: 'running' | 'stopping' | 'finishing' | 'ended';
  outputBytes: number;
  /** UTF-8 bytes in the live buffer now. */
  liveBytes: number;
  elapsedMs: number;
}

/** A started run. Nothing here throws; a run that cannot start ends as failed_to_start. */
export interface RunningProcess {
  /** null when the program never started. */
  readonly pid: number | null;
  /** The process group killed on cancel and timeout; null if it never started or on Windows. */
  readonly pgid: number | null;
  /** What finds the whole tree again, from this or a later Warroom (stored with the run); null if it never started or on Windows. */
  readonly tree: RunTreeIdentity | null;
  readonly done: Promise<ProcessEnd>;
  /** SIGTERM to the whole tree, SIGKILL after the grace period. No effect once the main process exited. */
  cancel(reason?: string): void;
  /** The live buffer: the newest output, as sent to onOutput. */
  output(): string;
  stats(): ProcessStats;
}
