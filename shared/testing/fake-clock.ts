/**
 * A clock with timers that moves only when told, for the core's and the platform's tests.
 * advance() fires what falls due in time order (timers set while firing included);
 * advanceAsync() also lets promise chains settle after each timer, for async callbacks.
 */
import type { Clock, Timer, Timers } from '../util/clock.js';

export interface FakeClock extends Clock, Timers {
  advance(ms: number): void;
  advanceAsync(ms: number): Promise<void>;
  set(at: number): void;
  /** Timers waiting to fire. */
  pending(): number;
  /** Resolves after `ms` of fake time, once advance() gets there. */
  sleep(ms: number): Promise<void>;
}

interface Scheduled {
  id: number;
  at: number;
  fn: () => void;
  everyMs?: number;
}

/** Promise callbacks that a fired timer started get this many turns to run. */
const SETTLE_TURNS = 50;

export function fakeClock(start = Date.UTC(2026, 10, 25, 12, 0, 0)): FakeClock {
  let now = start;
  let nextId = 0;
  const due = new Map<number, Scheduled>();

  const add = (ms: number, fn: () => void, everyMs?: number): Timer => {
    nextId += 1;
    const id = nextId;
    due.set(id, { id, at: now + Math.max(0, ms), fn, ...(everyMs === undefined ? {} : { everyMs: Math.max(1, everyMs) }) });
    return { cancel: () => void due.delete(id) };
  };
  const nextDue = (until: number): Scheduled | undefined => {
    let first: Scheduled | undefined;
    for (const timer of due.values()) if (timer.at <= until && (!first || timer.at < first.at || (timer.at === first.at && timer.id < first.id))) first = timer;
    return first;
  };
  const fire = (timer: Scheduled) => {
    now = timer.at;
    if (timer.everyMs === undefined) due.delete(timer.id);
    else timer.at += timer.everyMs;
    timer.fn();
  };
  const settle = async () => {
    for (let turn = 0; turn < SETTLE_TURNS; turn += 1) await Promise.resolve();
  };

  const clock: FakeClock = {
    now: () => now,
    after: (ms, fn) => add(ms, fn),
    every: (ms, fn) => add(ms, fn, ms),
    advance(ms) {
      const until = now + ms;
      for (let timer = nextDue(until); timer; timer = nextDue(until)) fire(timer);
      now = until;
    },
    async advanceAsync(ms) {
      const until = now + ms;
      await settle();
      for (let timer = nextDue(until); timer; timer = nextDue(until)) {
        fire(timer);
        await settle();
      }
      now = until;
    },
    set(at) {
      now = at;
    },
    pending: () => due.size,
    sleep: (ms) => new Promise((resolve) => add(ms, resolve)),
  };
  return clock;
}
