/**
 * What every transport shares: per-event listeners, the link state and its listeners. A
 * transport only feeds it wire events and state changes.
 */
import type { ConnectionState, EventMeta, EventName, EventPayload, WireEvent } from '../../shared/contract/index.js';
import type { LinkState } from './client.js';

type AnyListener = (payload: unknown, meta: EventMeta) => void;

/** Listener registry and link state of one client. */
export interface EventHub {
  // Function-typed properties (not methods): transports hand them out unbound.
  on: <E extends EventName>(name: E, fn: (payload: EventPayload<E>, meta: EventMeta) => void) => () => void;
  onConnection: (fn: (state: ConnectionState) => void) => () => void;
  onLinkState: (fn: (state: LinkState) => void) => () => void;
  deliver: (event: WireEvent) => void;
  setState: (state: LinkState) => void;
  state: () => LinkState;
  clear: () => void;
}

export function createEventHub(initial: LinkState): EventHub {
  let current = initial;
  const byName = new Map<EventName, Set<AnyListener>>();
  const stateListeners = new Set<(state: LinkState) => void>();

  const guarded = (what: string, run: () => void) => {
    try {
      run();
    } catch (error) {
      // One broken listener must not starve the others.
      console.error(`warroom: ${what} listener failed`, error);
    }
  };

  const onLinkState = (fn: (state: LinkState) => void) => {
    stateListeners.add(fn);
    guarded('connection', () => fn(current));
    return () => {
      stateListeners.delete(fn);
    };
  };

  return {
    on(name, fn) {
      const set = byName.get(name) ?? new Set<AnyListener>();
      byName.set(name, set);
      const listener = fn as AnyListener;
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    onLinkState,
    onConnection(fn) {
      return onLinkState((state) => fn(state === 'unauthorized' ? 'closed' : state));
    },
    deliver(event) {
      const meta = { seq: event.seq, at: event.at };
      for (const fn of [...(byName.get(event.name) ?? [])]) guarded(event.name, () => fn(event.payload, meta));
    },
    setState(state) {
      if (state === current) return;
      current = state;
      for (const fn of [...stateListeners]) guarded('connection', () => fn(state));
    },
    state: () => current,
    clear() {
      byName.clear();
      stateListeners.clear();
    },
  };
}
