/** The contract both sides import: commands, events, errors, the client and bridge interfaces. */
import type { CommandInput, CommandName, CommandOutput } from './commands.js';
import type { RpcResult } from './errors.js';
import type { EventMeta, EventName, EventPayload, WireEvent } from './events.js';

export * from './commands.js';
export * from './events.js';
export * from './errors.js';

/** Bumped whenever a command or event changes incompatibly; app.hello compares it. */
export const CONTRACT_VERSION = 7;

export type ConnectionState = 'connecting' | 'open' | 'closed';

/**
 * The one way into a core: call its commands and follow its events. The renderer and the CLI code
 * against this, whatever carries the calls (IPC, HTTP + SSE, or the router in the same process).
 */
export interface CommandClient {
  /** Calls a command; rejects with RpcCallError (the envelope's code, message, issues) when the core answers ok: false. */
  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends EventName>(name: E, fn: (payload: EventPayload<E>, meta: EventMeta) => void): () => void;
}

/** What the renderer codes against: a CommandClient plus the state of its event stream. */
export interface Client extends CommandClient {
  readonly transport: 'ipc' | 'http' | 'memory';
  /** Subscribes to the event stream's connection state (opened again after a reconnect). */
  onConnection(fn: (state: ConnectionState) => void): () => void;
  close(): void;
}

/** The object the Electron preload exposes as window.warroom; nothing else crosses the bridge. */
export interface WarroomBridge {
  call(name: string, input: unknown): Promise<RpcResult<unknown>>;
  onEvent(fn: (event: WireEvent) => void): () => void;
  /** Tells the main process the renderer listens, so queued events can flow. */
  ready(): void;
  /** Electron only: print the page shown to a PDF file through a save dialog (the web shell uses the browser's print). */
  printToPdf?(fileName: string): Promise<{ saved: string | null }>;
}

/** Channel names of the Electron transport (preload and main must agree). */
export const IPC_CHANNELS = { rpc: 'warroom:rpc', event: 'warroom:event', ready: 'warroom:ready', printPdf: 'warroom:print-pdf' } as const;
