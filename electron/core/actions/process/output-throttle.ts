/**
 * Coalesces live output so a child printing 100 MB cannot flood the UI: per stream at most one
 * call per `intervalMs`, each with at most `maxChunkBytes` (the newest); what a call had to skip
 * is replaced by a one-line notice. The stored output is separate and unaffected.
 */
import { systemClock, systemTimers } from '../../clock.js';
import type { Clock, Timer, Timers } from '../../clock.js';
import { TextTail } from './text-tail.js';

export type OutputStream = 'stdout' | 'stderr';

/** A piece of live output: masked, cleaned text of one stream; `at` is when its first byte arrived (epoch ms). */
export interface OutputChunk {
  stream: OutputStream;
  text: string;
  at: number;
}

interface StreamState {
  pending: TextTail;
  firstAt: number | null;
  lastEmitAt: number;
  timer: Timer | null;
}

export class OutputThrottle {
  private readonly streams: Record<OutputStream, StreamState>;

  constructor(
    private readonly emit: (chunk: OutputChunk) => void,
    private readonly intervalMs: number,
    maxChunkBytes: number,
    private readonly time: Clock & Timers = { ...systemClock, ...systemTimers },
  ) {
    const state = (): StreamState => ({ pending: new TextTail(maxChunkBytes), firstAt: null, lastEmitAt: 0, timer: null });
    this.streams = { stdout: state(), stderr: state() };
  }

  push(stream: OutputStream, text: string): void {
    if (!text) return;
    const state = this.streams[stream];
    state.pending.append(text);
    state.firstAt ??= this.time.now();
    // Leading edge: a quiet stream's first line goes out on the next tick, later ones wait their turn.
    state.timer ??= this.time.after(Math.max(0, state.lastEmitAt + this.intervalMs - this.time.now()), () => this.flush(stream));
  }

  /** Emits whatever is pending now, e.g. when the process ends. */
  flushAll(): void {
    this.flush('stdout');
    this.flush('stderr');
  }

  private flush(stream: OutputStream): void {
    const state = this.streams[stream];
    state.timer?.cancel();
    state.timer = null;
    const { text, droppedBytes } = state.pending.take();
    if (!text && !droppedBytes) return;
    const at = state.firstAt ?? this.time.now();
    state.firstAt = null;
    state.lastEmitAt = this.time.now();
    const notice = droppedBytes ? `[… ${droppedBytes} bytes skipped in the live view …]\n` : '';
    this.emit({ stream, text: notice + text, at });
  }
}
