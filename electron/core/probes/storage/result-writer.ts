/**
 * Buffers probe results and stores them in one transaction per interval rather than one per
 * check: with dozens of probes, per-check commits would be most of the disk work.
 */
import type { ProbeResult } from '../../../../shared/domain/probes.js';
import { systemTimers } from '../../clock.js';
import type { Clock, Timer, Timers } from '../../clock.js';
import type { ProbeResultsRepo } from '../../store/repos/probe-results-repo.js';

export interface ResultWriterStats {
  /** Waiting in memory for the next flush. */
  buffered: number;
  /** Stored so far. */
  stored: number;
  /** Given up on: the oldest ones while storing failed and the buffer was full, or added after close. */
  dropped: number;
  failedFlushes: number;
}

export interface ResultWriterDeps {
  repo: Pick<ProbeResultsRepo, 'insertMany'>;
  /** The environment the core probes: stored with every result, so each environment's board reads only its own. */
  environment: string;
  clock: Clock;
  timers?: Timers;
  /** A batch is stored once its oldest result has waited this long (default 1000). */
  flushIntervalMs?: number;
  /** Results kept in memory while storing fails; beyond this the oldest are dropped (default 5000). */
  maxBuffered?: number;
  /** Called after each failed flush (disk full, database busy beyond busy_timeout, ...). */
  onError?: (error: unknown, stats: ResultWriterStats) => void;
  /** Called after each successful flush (a failure before it is over). */
  onStored?: (stats: ResultWriterStats) => void;
}

export interface ResultWriter {
  add(result: ProbeResult): void;
  /** Stores everything buffered in one transaction now; returns how many were stored (0 on failure). */
  flush(): number;
  /** Flushes and stops; returns how many results could not be stored (0 when all are safe). */
  close(): number;
  stats(): ResultWriterStats;
}

export function createResultWriter(deps: ResultWriterDeps): ResultWriter {
  const flushIntervalMs = deps.flushIntervalMs ?? 1000;
  const maxBuffered = deps.maxBuffered ?? 5000;
  let buffer: ProbeResult[] = [];
  let oldestAt = 0;
  /** After a failure, no new attempt before this, so a sick disk is not hammered on every add. */
  let retryAt = 0;
  const timers = deps.timers ?? systemTimers;
  let timer: Timer | undefined;
  let closed = false;
  const stats = { stored: 0, dropped: 0, failedFlushes: 0 };

  const snapshot = (): ResultWriterStats => ({ buffered: buffer.length, ...stats });
  const dueAt = () => Math.max(oldestAt + flushIntervalMs, retryAt);

  function arm(): void {
    if (timer || closed || buffer.length === 0) return;
    // The clock decides when a batch is due; the timer only covers "no further add arrives".
    timer = timers.after(Math.max(0, dueAt() - deps.clock.now()), () => {
      timer = undefined;
      flush();
    });
  }

  function trim(): void {
    const excess = buffer.length - maxBuffered;
    if (excess > 0) {
      buffer.splice(0, excess);
      stats.dropped += excess;
    }
  }

  function flush(): number {
    timer?.cancel();
    timer = undefined;
    if (buffer.length === 0) return 0;
    const batch = buffer;
    buffer = [];
    try {
      deps.repo.insertMany(deps.environment, batch);
    } catch (error) {
      // The transaction rolled back: nothing of this batch is stored, and nothing stored before is touched.
      buffer = batch.concat(buffer);
      trim();
      stats.failedFlushes += 1;
      retryAt = deps.clock.now() + flushIntervalMs;
      arm();
      deps.onError?.(error, snapshot());
      return 0;
    }
    stats.stored += batch.length;
    retryAt = 0;
    deps.onStored?.(snapshot());
    return batch.length;
  }

  return {
    add(result) {
      if (closed) {
        stats.dropped += 1;
        return;
      }
      const now = deps.clock.now();
      if (buffer.length === 0) oldestAt = now;
      buffer.push(result);
      if (now >= dueAt() || (buffer.length >= maxBuffered && now >= retryAt)) flush();
      else {
        trim();
        arm();
      }
    },
    flush,
    close() {
      closed = true;
      flush();
      timer?.cancel();
      timer = undefined;
      const lost = buffer.length;
      stats.dropped += lost;
      buffer = [];
      return lost;
    },
    stats: snapshot,
  };
}
