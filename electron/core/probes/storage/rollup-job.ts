/**
 * Turns complete minutes of raw checks into per-minute rollups, and enforces retention: raw
 * checks beyond the raw window (only once rolled up), rollups beyond theirs.
 */
import { systemTimers } from '../../clock.js';
import type { Clock, Timer, Timers } from '../../clock.js';
import type { ProbeResultsRepo } from '../../store/repos/probe-results-repo.js';
import { MINUTE_MS, minuteOf, summariseMinutes } from './minute-rollups.js';

export interface RollupJobDeps {
  repo: ProbeResultsRepo;
  clock: Clock;
  timers?: Timers;
  /** probes.rawRetention */
  rawRetentionMs: number;
  /** probes.rollupRetention */
  rollupRetentionMs: number;
  /**
   * How long after a minute ends before it is rolled up, so checks still running or still in
   * the write buffer make it in (default 2 min). A check stored later than that for a minute
   * already rolled up stays in the raw rows but not in the rollup.
   */
  settleMs?: number;
  /** Default: every minute. */
  intervalMs?: number;
  /** Rows per DELETE; each is its own short transaction (default 5000). */
  deleteChunk?: number;
  /** Minutes per rollup transaction when catching up (default 60). */
  chunkMinutes?: number;
  onError?: (error: unknown) => void;
  /** Called after each run of the timer that went through (a failure before it is over). */
  onDone?: () => void;
}

export interface PruneReport {
  raw: number;
  rollups: number;
}

export interface RollupJob {
  /**
   * Rolls up every complete minute (ending `settleMs` before `now`) not rolled up yet. Idempotent:
   * a second call with the same `now` does nothing. Returns how many rollup rows were written.
   */
  rollUp(now: number): number;
  /**
   * Deletes raw checks older than `now - rawRetentionMs` that are already rolled up, and rollups
   * older than `now - rollupRetentionMs`, in chunks with a turn of the event loop between them
   * so a large backlog never blocks the core for long.
   */
  prune(now: number, rawRetentionMs: number, rollupRetentionMs: number): Promise<PruneReport>;
  /** rollUp then prune, now. */
  runOnce(): Promise<void>;
  /** Runs `runOnce` every interval on an unref'd timer. */
  start(): void;
  /** Stops the timer and waits for a run in progress (it stops between chunks). */
  stop(): Promise<void>;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createRollupJob(deps: RollupJobDeps): RollupJob {
  const settleMs = deps.settleMs ?? 2 * MINUTE_MS;
  const intervalMs = deps.intervalMs ?? MINUTE_MS;
  const deleteChunk = deps.deleteChunk ?? 5000;
  const chunkMs = (deps.chunkMinutes ?? 60) * MINUTE_MS;
  const { repo } = deps;
  const timers = deps.timers ?? systemTimers;
  let timer: Timer | undefined;
  let running: Promise<void> | undefined;
  let stopping = false;

  function rollUp(now: number): number {
    const target = minuteOf(now - settleMs);
    let from = repo.rolledUntil();
    if (from === null) {
      const first = repo.firstAtOrAfter(Number.MIN_SAFE_INTEGER);
      if (first === null) return 0;
      from = minuteOf(first);
    }
    let written = 0;
    while (from < target) {
      // Jump over spans without checks (the app was closed) with one index seek.
      const next = repo.firstAtOrAfter(from);
      if (next === null || next >= target) {
        repo.saveRollups([], target);
        break;
      }
      from = Math.max(from, minuteOf(next));
      const to = Math.min(from + chunkMs, target);
      const rollups = summariseMinutes(repo.samplesBetween(from, to));
      repo.saveRollups(rollups, to);
      written += rollups.length;
      from = to;
    }
    return written;
  }

  async function deleteInChunks(remove: (limit: number) => number, keepGoing: () => boolean): Promise<number> {
    let total = 0;
    while (keepGoing()) {
      const deleted = remove(deleteChunk);
      total += deleted;
      if (deleted < deleteChunk) break;
      await yieldToEventLoop();
    }
    return total;
  }

  async function prune(now: number, rawRetentionMs: number, rollupRetentionMs: number, keepGoing = () => true): Promise<PruneReport> {
    // Raw rows not yet rolled up are the only copy of those minutes: never below the mark.
    const rawCutoff = Math.min(now - rawRetentionMs, repo.rolledUntil() ?? Number.MIN_SAFE_INTEGER);
    const raw = await deleteInChunks((limit) => repo.deleteSamplesBefore(rawCutoff, limit), keepGoing);
    const rollupCutoff = now - rollupRetentionMs;
    const rollups = await deleteInChunks((limit) => repo.deleteRollupsBefore(rollupCutoff, limit), keepGoing);
    return { raw, rollups };
  }

  async function run(keepGoing: () => boolean): Promise<void> {
    const now = deps.clock.now();
    rollUp(now);
    await prune(now, deps.rawRetentionMs, deps.rollupRetentionMs, keepGoing);
  }

  const tick = () => {
    if (running) return;
    // A stop() in the middle ends the run between chunks, before the store closes.
    running = run(() => !stopping)
      .then(() => deps.onDone?.(), (error: unknown) => deps.onError?.(error))
      .catch(() => {
        // A throwing reporter must not become an unhandled rejection.
      })
      .finally(() => {
        running = undefined;
      });
  };

  return {
    rollUp,
    prune: (now, rawRetentionMs, rollupRetentionMs) => prune(now, rawRetentionMs, rollupRetentionMs),
    runOnce: () => run(() => true),
    start() {
      if (timer) return;
      stopping = false;
      timer = timers.every(intervalMs, tick);
    },
    async stop() {
      stopping = true;
      timer?.cancel();
      timer = undefined;
      await running;
    },
  };
}
