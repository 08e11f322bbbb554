/** Waits for the next event of a name (that passes `match`), so tests wait on facts, not on the clock. */
import type { EventName, EventPayload } from '../../../shared/contract/events.js';
import type { EventBus } from '../bus.js';

export function nextEvent<E extends EventName>(
  bus: EventBus,
  name: E,
  match: (payload: EventPayload<E>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = bus.on(name, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}
