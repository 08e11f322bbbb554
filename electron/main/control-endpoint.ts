/**
 * The Electron app's local control endpoint: while the app owns its data dir, a loopback-only,
 * token-authenticated listener (electron/web/control-listener.ts) is advertised in the data dir's
 * lock, so `warroom action run`, `warroom load` and `warroom probe` on the same data dir go through
 * the app instead of being refused. No 'electron' import: main.ts passes the core in.
 */
import type { Core } from '../core/core.js';
import type { Logger } from '../core/logger.js';
import { startControlListener } from '../web/control-listener.js';

export interface ControlEndpoint {
  readonly url: string;
  /** Stops listening, takes the address back out of the lock and removes the token file. */
  close(): Promise<void>;
}

/**
 * Opens the endpoint of a core that owns its data dir. A failure is logged and the app runs on
 * without it (CLI commands that start runs are then refused while it runs, as before): undefined.
 */
export async function openControlEndpoint(core: Pick<Core, 'dispatch' | 'bus' | 'lock'>, options: { dataDir: string; logger: Logger }): Promise<ControlEndpoint | undefined> {
  const lock = core.lock;
  if (!lock) return undefined;
  let listener;
  try {
    listener = await startControlListener({ dispatch: core.dispatch, bus: core.bus, dataDir: options.dataDir, logger: options.logger });
  } catch (error) {
    options.logger.error('the local control endpoint could not start; CLI commands that start runs are refused while the app runs', error);
    return undefined;
  }
  lock.advertise({ url: listener.url, tokenFile: listener.tokenFile });
  const started = listener;
  return {
    url: started.url,
    async close() {
      lock.advertise({ url: null, tokenFile: null });
      await started.close();
    },
  };
}
