/**
 * The typed event bus. Every event gets a monotonic seq and a time. Nothing is replayed: a client
 * that (re)connects takes a snapshot carrying `lastSeq` and applies only events after it.
 */
import { events } from '../../shared/contract/events.js';
import type { EventMeta, EventName, EventPayload, WireEvent } from '../../shared/contract/events.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { CoreProblems } from './problems/problems.js';

export interface EventBus {
  /** Sends an event; undefined when a lenient bus refused its payload (see `strict`). */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): WireEvent | undefined;
  on<E extends EventName>(name: E, fn: (payload: EventPayload<E>, meta: EventMeta) => void): () => void;
  /** Every event, in order: what the shells forward. */
  subscribe(fn: (event: WireEvent) => void): () => void;
  lastSeq(): number;
}

export interface EventBusOptions {
  clock: Clock;
  logger: Logger;
  /**
   * Every payload is checked against its schema. Strict (tests and development, the default): a
   * payload that breaks the contract throws at the emitter, to catch core bugs early. Otherwise
   * (production) it is logged and reported as a core problem, and not sent: no timer or stream
   * dies of it, and clients only ever get payloads the contract promises.
   */
  strict?: boolean;
  /** Where refused payloads and throwing listeners are reported (the core's problems). */
  problems?: Pick<CoreProblems, 'report' | 'clear'>;
}

export function createEventBus({ clock, logger, strict = true, problems }: EventBusOptions): EventBus {
  let seq = 0;
  const listeners = new Set<(event: WireEvent) => void>();
  /** Sources with a problem raised, cleared when that event next goes through cleanly. */
  const failing = new Set<string>();

  const fail = (source: string, what: string, error: unknown) => {
    failing.add(source);
    problems?.report(source, what, error);
  };
  const succeed = (source: string) => {
    if (failing.delete(source)) problems?.clear(source);
  };

  const deliver = (event: WireEvent) => {
    let broken = false;
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One broken listener must not stop the others or the emitter.
        broken = true;
        if (problems) fail(`events.${event.name}.delivery`, `delivering ${event.name}`, error);
        else logger.error(`event listener failed on ${event.name}`, error);
      }
    }
    if (!broken) succeed(`events.${event.name}.delivery`);
  };

  return {
    emit(name, payload) {
      const checked = events[name].safeParse(payload);
      if (!checked.success) {
        if (strict) throw checked.error;
        const error = new Error(`${name} payload breaks the contract, not sent: ${checked.error.message}`);
        logger.error(`invalid ${name} payload: ${safeJson(payload)}`);
        fail(`events.${name}`, `emitting ${name}`, error);
        return undefined;
      }
      succeed(`events.${name}`);
      seq += 1;
      const event = { name, payload, seq, at: clock.now() } as WireEvent;
      deliver(event);
      return event;
    },
    on(name, fn) {
      const listener = (event: WireEvent) => {
        if (event.name === name) fn(event.payload as EventPayload<typeof name>, { seq: event.seq, at: event.at });
      };
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    lastSeq: () => seq,
  };
}

/** A payload for the log, bounded: it may be large or not serialisable at all. */
function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters)` : text;
  } catch {
    return String(value);
  }
}
