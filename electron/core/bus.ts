/**
 * The typed event bus. Every event gets a monotonic seq and a time; the last few are kept so a
 * reconnecting client can catch up without a gap, or learn that it must take a new snapshot.
 */
import { events } from '../../shared/contract/events.js';
import type { EventMeta, EventName, EventPayload, WireEvent } from '../../shared/contract/events.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

export interface EventBus {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): WireEvent;
  on<E extends EventName>(name: E, fn: (payload: EventPayload<E>, meta: EventMeta) => void): () => void;
  /** Every event, in order: what the shells forward. */
  subscribe(fn: (event: WireEvent) => void): () => void;
  lastSeq(): number;
  /** Events after `seq`, or undefined when some of them are no longer kept. */
  since(seq: number): WireEvent[] | undefined;
}

export interface EventBusOptions {
  clock: Clock;
  logger: Logger;
  /** Check each payload against its schema: on in tests and development; catches core bugs. */
  validate?: boolean;
  /** How many recent events to keep for catch-up. */
  keep?: number;
}

export function createEventBus({ clock, logger, validate = true, keep = 2000 }: EventBusOptions): EventBus {
  let seq = 0;
  const recent: WireEvent[] = [];
  const listeners = new Set<(event: WireEvent) => void>();

  const deliver = (event: WireEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One broken listener must not stop the others or the emitter.
        logger.error(`event listener failed on ${event.name}`, error);
      }
    }
  };

  return {
    emit(name, payload) {
      if (validate) events[name].parse(payload);
      seq += 1;
      const event = { name, payload, seq, at: clock.now() } as WireEvent;
      recent.push(event);
      if (recent.length > keep) recent.splice(0, recent.length - keep);
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
    since(after) {
      if (after >= seq) return [];
      const first = recent[0];
      if (!first || first.seq > after + 1) return undefined;
      return recent.filter((event) => event.seq > after);
    },
  };
}
