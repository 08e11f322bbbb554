/** Chooses the transport: the Electron bridge when the preload exposed one, HTTP otherwise. */
import type { WarroomBridge } from '../../shared/contract/index.js';
import { readToken, storeToken } from './auth-token.js';
import type { WarroomClient } from './client.js';
import { createHttpClient } from './http-client.js';
import { createIpcClient } from './ipc-client.js';

declare global {
  interface Window {
    /** Set by electron/preload.ts; absent in a plain browser. */
    warroom?: WarroomBridge;
  }
}

export function pickClient(win: Window = window): WarroomClient {
  if (win.warroom) return createIpcClient(win.warroom);
  return createHttpClient({ getToken: () => readToken(), setToken: (token) => storeToken(token) });
}
