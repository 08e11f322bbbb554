/** The Client over the Electron preload bridge (window.warroom). */
import type { WarroomBridge } from '../../shared/contract/index.js';
import type { WarroomClient } from './client.js';
import { createEventHub } from './event-hub.js';
import { isEnvelope, isWireEvent, transportError, unwrap } from './envelope.js';

export function createIpcClient(bridge: WarroomBridge): WarroomClient {
  // IPC has no stream to lose: it is open for the life of the window.
  const hub = createEventHub('open');
  const unsubscribe = bridge.onEvent((event) => {
    if (isWireEvent(event)) hub.deliver(event);
  });
  // Only now may the main process release the events it queued for us.
  bridge.ready();

  return {
    transport: 'ipc',
    async call(name, input) {
      let envelope: unknown;
      try {
        envelope = await bridge.call(name, input ?? {});
      } catch (error) {
        throw transportError('internal', `${name}: the IPC call failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!isEnvelope(envelope)) throw transportError('internal', `${name}: the main process answered without an envelope`);
      return unwrap(envelope);
    },
    on: hub.on,
    onConnection: hub.onConnection,
    onLinkState: hub.onLinkState,
    authenticate() {
      // The window is trusted by construction; nothing to authenticate.
    },
    close() {
      unsubscribe();
      hub.setState('closed');
      hub.clear();
    },
  };
}
