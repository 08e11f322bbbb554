/** The web shell: a core plus its HTTP server. What `warroom serve` and `npm start` run here. */
import { rmSync } from 'node:fs';
import { createCore } from '../core/core.js';
import type { Core } from '../core/core.js';
import type { LoadedConfig } from '../core/config/load-config.js';
import type { Logger } from '../core/logger.js';
import type { ProcessGuard } from '../core/process-guard.js';
import { rehearsalFiles } from '../core/rehearsal/rehearsal-service.js';
import type { RehearsalMode } from '../core/rehearsal/rehearsal-service.js';
import { defaultResourcesDir, rendererDir as defaultRendererDir } from '../core/paths.js';
import { generateToken, isLoopbackHost } from './auth.js';
import { publishToken } from './token-file.js';
import { startWebServer } from './web-server.js';
import type { WebServer } from './web-server.js';

export const DEFAULT_PORT = 4800;

export interface WebShellOptions {
  loaded: LoadedConfig;
  dataDir: string;
  host: string;
  port: number;
  /** When the port was not chosen by the user, a busy default falls back to a free port. */
  portIsDefault: boolean;
  readOnly: boolean;
  /** From $WARROOM_TOKEN; forces authentication even on loopback. */
  envToken: string | undefined;
  logger: Logger;
  rendererDir?: string;
  heartbeatIntervalMs?: number;
  rehearsal: RehearsalMode;
  /** Contract checks throw (development) or are reported as core problems (production, the default). */
  strictContract?: boolean;
  /** The process guard of `warroom serve`. */
  guard?: ProcessGuard | undefined;
}

export interface WebShell {
  core: Core;
  server: WebServer;
  /** Token in use, and whether it was generated here (then it is shown once). */
  token: { value: string; generated: boolean } | undefined;
  close(): Promise<void>;
}

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const token = options.envToken
    ? { value: options.envToken, generated: false }
    : isLoopbackHost(options.host)
      ? undefined
      : { value: generateToken(), generated: true };

  const core = createCore({
    loaded: options.loaded,
    dataDir: options.dataDir,
    shell: 'web',
    ownership: 'owner',
    logger: options.logger,
    rehearsal: options.rehearsal,
    rehearsalLaunch: rehearsalFiles(defaultResourcesDir()),
    ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
    strictContract: options.strictContract ?? false,
    ...(options.guard ? { guard: options.guard } : {}),
  });
  // Local clients (a CLI command that starts a run) authenticate with this one, read from the
  // data dir: never the user's token, which stays where the user put it.
  const controlToken = core.lock ? generateToken() : undefined;
  const serverOptions = {
    controlToken,
    dispatch: core.dispatch,
    bus: core.bus,
    rendererDir: options.rendererDir ?? defaultRendererDir(),
    host: options.host,
    token: token?.value,
    readOnly: options.readOnly,
    logger: options.logger,
    metrics: true,
  };
  let server: WebServer;
  try {
    server = await startWebServer({ ...serverOptions, port: options.port }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' && options.portIsDefault) {
        options.logger.warn(`port ${options.port} is in use; using a free port instead`);
        return startWebServer({ ...serverOptions, port: 0 });
      }
      throw error;
    });
  } catch (error) {
    await core.close();
    throw error;
  }
  // Where a later local client finds this app: the URL, and the file with the control token.
  const tokenFile = core.lock ? publishToken(options.dataDir, controlToken) : null;
  core.lock?.advertise({ url: server.url, tokenFile });
  return {
    core,
    server,
    token,
    async close() {
      await server.close();
      if (tokenFile) rmSync(tokenFile, { force: true });
      await core.close();
    },
  };
}
