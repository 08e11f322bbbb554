/**
 * The Electron transport: one invoke channel into the core's dispatch and one push channel for
 * bus events, bound to one window. Written against the small *Like interfaces below, which
 * Electron's ipcMain and WebContents satisfy, so it is unit-tested without Electron's binary.
 */
import { IPC_CHANNELS } from '../../shared/contract/index.js';
import type { RpcResult, WireEvent } from '../../shared/contract/index.js';
import type { Role } from '../../shared/domain/app.js';
import type { EventBus } from '../core/bus.js';
import { stderrLogger } from '../core/logger.js';
import type { Logger } from '../core/logger.js';
import type { Dispatch } from '../core/rpc/router.js';
import { isAppUrl } from './app-protocol.js';

/** What an IPC event tells us about its sender (IpcMainEvent and IpcMainInvokeEvent both fit). */
export interface IpcSenderEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string } | null;
}

export type IpcListener = (event: IpcSenderEventLike, ...args: unknown[]) => unknown;

/** The part of Electron's ipcMain the transport uses. */
export interface IpcMainLike {
  handle(channel: string, listener: IpcListener): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: IpcListener): unknown;
  off(channel: string, listener: IpcListener): unknown;
}

/** The part of Electron's WebContents the transport uses. */
export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcTransportOptions {
  ipcMain: IpcMainLike;
  /** The one window allowed to call, and the one that receives events. */
  webContents: WebContentsLike;
  dispatch: Dispatch;
  /** The role of every call from this window: see windowRole. */
  role: Role;
  bus: Pick<EventBus, 'subscribe'>;
  logger?: Logger;
  /**
   * Events kept while the renderer is not ready. On overflow the queue is dropped: the renderer
   * takes a snapshot after ready anyway, so nothing it needs is lost.
   */
  maxQueuedEvents?: number;
  /** Frames allowed to call; our app:// origin by default. */
  isTrustedUrl?: (url: string) => boolean;
}

export const DEFAULT_MAX_QUEUED_EVENTS = 1000;

/**
 * A kiosk window is the wall display: anyone walking past can touch it, so it only reads (the
 * router refuses every command that changes state, as for `serve --read-only`). The ordinary
 * window is the operator's.
 */
export function windowRole({ kiosk }: { kiosk: boolean }): Role {
  return kiosk ? 'viewer' : 'operator';
}

/** Wires the window to the core; the returned disposer (also run when the window is destroyed) undoes it all. */
export function attachIpcTransport(options: IpcTransportOptions): () => void {
  const { ipcMain, webContents, dispatch, bus, role } = options;
  const logger = options.logger ?? stderrLogger;
  const maxQueued = Math.max(1, options.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS);
  const isTrustedUrl = options.isTrustedUrl ?? isAppUrl;

  /** Pending events; undefined once the renderer said it is ready. */
  let queue: WireEvent[] | undefined = [];
  let disposed = false;

  const refusal = (event: IpcSenderEventLike): string | undefined => {
    if (event.sender.id !== webContents.id) return 'the sender is not the Warroom window';
    const url = event.senderFrame?.url;
    if (!url || !isTrustedUrl(url)) return `the sending frame (${url ? url.slice(0, 120) : 'gone'}) is not the Warroom app`;
    return undefined;
  };

  const send = (event: WireEvent) => {
    if (webContents.isDestroyed()) return;
    try {
      webContents.send(IPC_CHANNELS.event, event);
    } catch (error) {
      // The window may go away between the check and the send; it is released on 'destroyed'.
      logger.warn(`ipc: could not push ${event.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const handleRpc: IpcListener = async (event, name, input): Promise<RpcResult<unknown>> => {
    const why = refusal(event);
    if (why) {
      logger.warn(`ipc: refused a call of ${JSON.stringify(String(name)).slice(0, 80)}: ${why}`);
      return { ok: false, error: { code: 'forbidden', message: `refused: ${why}` } };
    }
    try {
      return await dispatch(name, input, { role, transport: 'ipc' });
    } catch (error) {
      // dispatch answers with envelopes; a throw here is a core bug, still answered, never dropped.
      logger.error('ipc: dispatch threw', error);
      return { ok: false, error: { code: 'internal', message: 'the call failed inside the main process' } };
    }
  };

  const handleReady: IpcListener = (event) => {
    const why = refusal(event);
    if (why) {
      logger.warn(`ipc: ignored a ready signal: ${why}`);
      return;
    }
    const pending = queue;
    queue = undefined;
    // A second ready (a reload) finds nothing queued: that page snapshots after ready too.
    for (const wireEvent of pending ?? []) send(wireEvent);
  };

  const unsubscribe = bus.subscribe((event) => {
    if (disposed) return;
    if (!queue) {
      send(event);
      return;
    }
    if (queue.length >= maxQueued) {
      logger.warn(`ipc: the renderer is not ready; dropped ${queue.length} queued events (it will take a snapshot)`);
      queue = [];
    }
    queue.push(event);
  });

  ipcMain.handle(IPC_CHANNELS.rpc, handleRpc);
  ipcMain.on(IPC_CHANNELS.ready, handleReady);

  const dispose = () => {
    if (disposed) return;
    disposed = true;
    queue = undefined;
    unsubscribe();
    ipcMain.removeHandler(IPC_CHANNELS.rpc);
    ipcMain.off(IPC_CHANNELS.ready, handleReady);
  };
  webContents.once('destroyed', dispose);
  return dispose;
}
