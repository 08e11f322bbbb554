/**
 * The local control endpoint of an app that has no web listener of its own (the Electron shell):
 * the contract over HTTP + SSE on 127.0.0.1 and an ephemeral port, no renderer files, and every
 * request authenticated with a token generated per start and kept in a 0600 file in the data dir.
 * A CLI command that starts a run finds both in the data dir's lock and goes through the app.
 */
import { rmSync } from 'node:fs';
import type { EventBus } from '../core/bus.js';
import type { Logger } from '../core/logger.js';
import type { Dispatch } from '../core/rpc/router.js';
import { generateToken } from './auth.js';
import { writeTokenFile } from './token-file.js';
import { startWebServer } from './web-server.js';

export interface ControlListener {
  readonly url: string;
  readonly tokenFile: string;
  /** Stops listening and removes the token file. */
  close(): Promise<void>;
}

export async function startControlListener(options: { dispatch: Dispatch; bus: EventBus; dataDir: string; logger: Logger }): Promise<ControlListener> {
  const token = generateToken();
  const server = await startWebServer({
    dispatch: options.dispatch,
    bus: options.bus,
    rendererDir: null,
    // Loopback only, whatever else the app does: remote listeners stay opt-in (warroom serve --host).
    host: '127.0.0.1',
    port: 0,
    // Required on every request; the one token is also the control token, so its holder is an operator.
    token,
    controlToken: token,
    readOnly: true,
    logger: options.logger,
  });
  let tokenFile: string;
  try {
    tokenFile = writeTokenFile(options.dataDir, token);
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    url: server.url,
    tokenFile,
    async close() {
      await server.close();
      rmSync(tokenFile, { force: true });
    },
  };
}
