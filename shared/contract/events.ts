/** Every event the core pushes: name → payload schema. Each is delivered with a monotonic seq. */
import type { z } from 'zod';
import { HeartbeatSchema } from '../domain/app.js';
import { JournalEntrySchema } from '../domain/journal.js';
import { RehearsalStateSchema } from '../domain/rehearsal.js';

export const events = {
  /** The core is alive; emitted every intervalMs so clients can tell fresh data from stale. */
  'core.heartbeat': HeartbeatSchema,
  'journal.added': JournalEntrySchema,
  /** The simulated platform changed: a service, a fault, a version, the scenario timeline. */
  'rehearsal.changed': RehearsalStateSchema,
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export interface EventMeta {
  /** Monotonic per core; a client applies only events newer than its snapshot's lastSeq. */
  seq: number;
  /** Epoch ms when the core emitted it. */
  at: number;
}

/** An event as it crosses a transport (IPC message, SSE data line). */
export type WireEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } & EventMeta }[EventName];

export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
