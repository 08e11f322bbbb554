/**
 * One loop for every probe: each runs every interval (± 10 % jitter so they don't fire in step),
 * never overlaps itself, shares a bounded number of concurrent slots, and can be paused, resumed
 * or run all at once. A hung check is abandoned at its hard deadline so it never blocks the rest.
 */
import type { ResolvedProbe } from '../../../shared/domain/probes.js';
import { systemTimers } from '../clock.js';
import type { Timer, Timers } from '../clock.js';

export interface Scheduler {
  start(): void;
  pause(): void;
  resume(): void;
  isPaused(): boolean;
  /** Runs every probe now (a probe already running is awaited, not doubled); resolves when all are done. */
  runAll(): Promise<void>;
  /** Cancels timers, aborts checks in flight and waits for them. */
  stop(): Promise<void>;
  /** Checks waiting for a slot and running, for the benchmark and diagnostics. */
  load(): { queued: number; running: number };
}

export interface SchedulerOptions {
  probes: readonly ResolvedProbe[];
  /**
   * Runs one check; must honour the signal. It may answer a delay (ms) for the next run instead
   * of the interval: a result that changed and awaits confirmation is re-checked soon, so a
   * stop turns red within one interval even when two results must agree.
   */
  run(probe: ResolvedProbe, signal: AbortSignal): Promise<number | void>;
  concurrency: number;
  random?: () => number;
  /** First runs are spread over this window after start, so tiles fill quickly. */
  startSpreadMs?: number;
  /** Node's (unref'd) by default; tests pass a fake clock. */
  timers?: Timers;
  /** A run that threw instead of reporting a result (a storage failure, a bug): told, never thrown. */
  onError?: (probe: ResolvedProbe, error: unknown) => void;
}

interface ProbeSlot {
  probe: ResolvedProbe;
  timer: Timer | undefined;
  running: Promise<void> | undefined;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const random = options.random ?? Math.random;
  const timers = options.timers ?? systemTimers;
  const slots = options.probes.map((probe): ProbeSlot => ({ probe, timer: undefined, running: undefined }));
  const waiting: (() => void)[] = [];
  const inFlight = new Set<AbortController>();
  let active = 0;
  let paused = false;
  let stopped = false;

  const acquire = (): Promise<void> => {
    if (active < options.concurrency) {
      active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };

  const schedule = (slot: ProbeSlot, delayMs: number) => {
    slot.timer?.cancel();
    slot.timer = timers.after(delayMs, () => void execute(slot));
  };
  const nextDelay = (probe: ResolvedProbe) => probe.intervalMs * (0.9 + 0.2 * random());

  const execute = (slot: ProbeSlot): Promise<void> => {
    if (slot.running) return slot.running;
    if (stopped) return Promise.resolve();
    slot.timer?.cancel();
    slot.running = (async () => {
      await acquire();
      const controller = new AbortController();
      inFlight.add(controller);
      // The check has its own timeout; this is the backstop for one that ignores it.
      const deadlineMs = slot.probe.timeoutMs * (slot.probe.retries + 1) + 1000;
      let deadline: Timer | undefined;
      let nextInMs: number | void = undefined;
      try {
        if (stopped) return;
        nextInMs = await Promise.race([
          options.run(slot.probe, controller.signal),
          new Promise<void>((resolve) => {
            deadline = timers.after(deadlineMs, () => {
              controller.abort(new Error(`check abandoned after ${deadlineMs} ms`));
              resolve();
            });
          }),
        ]);
      } catch (error) {
        // Checks report failures as results, so this is the core failing around them: told, but
        // nothing may escape into the loop.
        try {
          options.onError?.(slot.probe, error);
        } catch {
          // The reporter failed too; the loop goes on regardless.
        }
      } finally {
        deadline?.cancel();
        inFlight.delete(controller);
        release();
        slot.running = undefined;
        if (!paused && !stopped) schedule(slot, typeof nextInMs === 'number' ? Math.min(nextInMs, nextDelay(slot.probe)) : nextDelay(slot.probe));
      }
    })();
    return slot.running;
  };

  return {
    start() {
      if (stopped) return;
      const spread = options.startSpreadMs ?? 2000;
      for (const slot of slots) schedule(slot, Math.min(spread, slot.probe.intervalMs) * random());
    },
    pause() {
      paused = true;
      for (const slot of slots) slot.timer?.cancel();
    },
    resume() {
      if (!paused || stopped) return;
      paused = false;
      for (const slot of slots) if (!slot.running) schedule(slot, Math.min(1000, slot.probe.intervalMs) * random());
    },
    isPaused: () => paused,
    async runAll() {
      await Promise.all(slots.map((slot) => execute(slot)));
    },
    async stop() {
      stopped = true;
      for (const slot of slots) slot.timer?.cancel();
      for (const controller of inFlight) controller.abort(new Error('probing stopped'));
      // Let queued runs through so they see `stopped` and end.
      while (waiting.length > 0) release();
      await Promise.all(slots.flatMap((slot) => (slot.running ? [slot.running] : [])));
    },
    load: () => ({ queued: waiting.length, running: active }),
  };
}
