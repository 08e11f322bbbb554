/** Chooses the transport: the Electron bridge when the preload exposed one, HTTP otherwise. */
import { readToken, storeToken } from './auth-token.js';
import type { WarroomClient } from './client.js';
import { electronBridge } from './electron-bridge.js';
import { createHttpClient } from './http-client.js';
import { createIpcClient } from './ipc-client.js';

export function pickClient(win: Window = window): WarroomClient {
  const bridge = electronBridge(win);
  if (bridge) return createIpcClient(bridge);
  return createHttpClient({ getToken: () => readToken(), setToken: (token) => storeToken(token) });
}
