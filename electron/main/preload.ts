/**
 * The only bridge between the sandboxed renderer and the main process: a call into the core's
 * commands, a subscription to its events, the ready handshake and printing the page to PDF. Nothing else, no channel
 * names from the page. Bundled to CommonJS (vite.preload.config.ts): sandboxed preloads cannot
 * load ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { IPC_CHANNELS } from '../../shared/contract/index.js';
import type { RpcResult, WarroomBridge, WireEvent } from '../../shared/contract/index.js';

const bridge = {
  call: (name: string, input: unknown) => ipcRenderer.invoke(IPC_CHANNELS.rpc, name, input) as Promise<RpcResult<unknown>>,
  onEvent: (fn: (event: WireEvent) => void) => {
    const listener = (_event: IpcRendererEvent, wireEvent: WireEvent) => fn(wireEvent);
    ipcRenderer.on(IPC_CHANNELS.event, listener);
    return () => {
      ipcRenderer.off(IPC_CHANNELS.event, listener);
    };
  },
  ready: () => ipcRenderer.send(IPC_CHANNELS.ready),
  printToPdf: (fileName: string) => ipcRenderer.invoke(IPC_CHANNELS.printPdf, fileName) as Promise<{ saved: string | null }>,
} satisfies WarroomBridge;

contextBridge.exposeInMainWorld('warroom', bridge);
