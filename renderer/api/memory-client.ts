/**
 * A Client that calls a dispatch function in the same process, for renderer tests: pass a fake
 * core's dispatch (or the real router bound to a CallContext) and push events with emit().
 */
import type { RpcResult, WireEvent } from '../../shared/contract/index.js';
import type { LinkState, WarroomClient } from './client.js';
import { createEventHub } from './event-hub.js';
import { unwrap } from './envelope.js';

/** Answers a call with an envelope, like electron/rpc/router.ts dispatch with its context bound. */
export type MemoryDispatch = (name: string, input: unknown) => Promise<RpcResult<unknown>>;

/** Anything that hands out wire events in order, e.g. the core's EventBus.subscribe. */
export interface WireEventSource {
  subscribe(fn: (event: WireEvent) => void): () => void;
}

/** A memory client plus the knobs a test turns. */
export interface MemoryClient extends WarroomClient {
  /** Delivers an event as if the core pushed it, when the link is open (also reaches the source's other subscribers). */
  emit(event: WireEvent): void;
  /** Simulates the stream opening, dropping or refusing the credential. */
  setLinkState(state: LinkState): void;
  /** Tokens passed to authenticate(), oldest first. */
  readonly tokens: readonly string[];
}

/** A minimal synchronous event source, for tests without a core. */
export function createWireEventEmitter(): WireEventSource & { emit(event: WireEvent): void } {
  const listeners = new Set<(event: WireEvent) => void>();
  return {
    subscribe(fn) {
      listeners.add(fn);
      return () => {
        listeners.delete(fn);
      };
    },
    emit(event) {
      for (const fn of [...listeners]) fn(event);
    },
  };
}

export function createMemoryClient(options: {
  dispatch: MemoryDispatch;
  events?: WireEventSource & { emit?(event: WireEvent): void };
  initialState?: LinkState;
}): MemoryClient {
  const source = options.events ?? createWireEventEmitter();
  const hub = createEventHub(options.initialState ?? 'open');
  // Like a real stream, nothing arrives while it is not open.
  const unsubscribe = source.subscribe((event) => {
    if (hub.state() === 'open') hub.deliver(event);
  });
  const tokens: string[] = [];

  return {
    transport: 'memory',
    async call(name, input) {
      return unwrap(await options.dispatch(name, input ?? {}));
    },
    on: hub.on,
    onConnection: hub.onConnection,
    onLinkState: hub.onLinkState,
    authenticate(token) {
      tokens.push(token);
    },
    close() {
      unsubscribe();
      hub.setState('closed');
      hub.clear();
    },
    emit(event) {
      if (source.emit) source.emit(event);
      else if (hub.state() === 'open') hub.deliver(event);
    },
    setLinkState: hub.setState,
    tokens,
  };
}
