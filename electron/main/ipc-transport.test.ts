import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONTRACT_VERSION, IPC_CHANNELS } from '../../shared/contract/index.js';
import type { WireEvent } from '../../shared/contract/index.js';
import type { Role } from '../../shared/domain/app.js';
import { loadConfigFile } from '../core/config/load-config.js';
import { createCore } from '../core/core.js';
import type { Core } from '../core/core.js';
import { silentLogger } from '../core/logger.js';
import { REHEARSAL_CONFIG } from '../core/testing/make-core.js';
import { parseShellArgs } from './args.js';
import { attachIpcTransport, windowRole } from './ipc-transport.js';
import type { IpcListener, IpcMainLike, IpcSenderEventLike, WebContentsLike } from './ipc-transport.js';

const APP_URL = 'app://warroom/index.html';

function fakeIpcMain() {
  const handlers = new Map<string, IpcListener>();
  const listeners = new Map<string, Set<IpcListener>>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => handlers.delete(channel),
    on(channel, listener) {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
    },
    off: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  return {
    ipcMain,
    handlers,
    listenerCount: (channel: string) => listeners.get(channel)?.size ?? 0,
    /** What ipcRenderer.invoke does: runs the handler and awaits its answer. */
    invoke: (event: IpcSenderEventLike, name: unknown, input?: unknown): Promise<unknown> => {
      const handler = handlers.get(IPC_CHANNELS.rpc);
      if (!handler) return Promise.reject(new Error('No handler registered'));
      return Promise.resolve(handler(event, name, input));
    },
    /** What ipcRenderer.send does. */
    send: (channel: string, event: IpcSenderEventLike, ...args: unknown[]) => {
      for (const listener of listeners.get(channel) ?? []) listener(event, ...args);
    },
  };
}

function fakeWebContents(id = 7) {
  const sent: { channel: string; args: unknown[] }[] = [];
  let destroyed = false;
  let onDestroyed: (() => void) | undefined;
  const webContents: WebContentsLike = {
    id,
    send: (channel, ...args) => sent.push({ channel, args }),
    isDestroyed: () => destroyed,
    once: (_event, listener) => {
      onDestroyed = listener;
    },
  };
  return {
    webContents,
    sent,
    events: () => sent.filter((s) => s.channel === IPC_CHANNELS.event).map((s) => s.args[0] as WireEvent),
    destroy: () => {
      destroyed = true;
      onDestroyed?.();
    },
  };
}

const fromWindow = (id = 7, url: string | null = APP_URL): IpcSenderEventLike => ({
  sender: { id },
  senderFrame: url === null ? null : { url },
});

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

function setup(options: { maxQueuedEvents?: number; role?: Role } = {}) {
  const core = createCore({
    loaded: loadConfigFile(REHEARSAL_CONFIG, { bundled: true }),
    dataDir: ':memory:',
    shell: 'test',
    ownership: 'owner',
    logger: silentLogger,
    // One heartbeat at start (before the transport exists), then none during the test.
    heartbeatIntervalMs: 3_600_000,
  });
  cores.push(core);
  const dispatch = vi.fn(core.dispatch);
  const ipc = fakeIpcMain();
  const win = fakeWebContents();
  const dispose = attachIpcTransport({
    ipcMain: ipc.ipcMain,
    webContents: win.webContents,
    dispatch,
    role: 'operator',
    bus: core.bus,
    logger: silentLogger,
    ...options,
  });
  const addNote = (text: string) => core.dispatch('journal.add', { author: 'test', text }, { role: 'operator', transport: 'memory' });
  return { core, dispatch, ipc, win, dispose, addNote };
}

describe('ipc transport', () => {
  it('refuses a call from another webContents and dispatches nothing', async () => {
    const { ipc, dispatch } = setup();
    const answer = await ipc.invoke(fromWindow(99), 'app.info', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a call from a frame that is not on the app:// origin', async () => {
    const { ipc, dispatch } = setup();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://elsewhere/index.html', null]) {
      const answer = await ipc.invoke(fromWindow(7, url), 'app.info', {});
      expect(answer, String(url)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('dispatches a call from our window with the operator role over ipc', async () => {
    const { ipc, dispatch } = setup();
    const answer = await ipc.invoke(fromWindow(), 'app.info', {});
    expect(answer).toMatchObject({ ok: true, value: { name: 'Warroom', shell: 'test' } });
    expect(dispatch).toHaveBeenCalledWith('app.info', {}, { role: 'operator', transport: 'ipc' });

    const written = await ipc.invoke(fromWindow(), 'journal.add', { author: 'ops', text: 'go for launch' });
    expect(written).toMatchObject({ ok: true, value: { text: 'go for launch' } });
  });

  it('a kiosk window (--kiosk) is a viewer: it reads, and every command that changes state is refused', async () => {
    const role = windowRole(parseShellArgs(['/opt/warroom/app.asar', '--kiosk']));
    expect(role).toBe('viewer');
    const { ipc, dispatch, core } = setup({ role });

    await expect(ipc.invoke(fromWindow(), 'app.hello', { contractVersion: CONTRACT_VERSION })).resolves.toMatchObject({ ok: true, value: { role: 'viewer' } });
    await expect(ipc.invoke(fromWindow(), 'journal.list', {})).resolves.toMatchObject({ ok: true });
    const write = await ipc.invoke(fromWindow(), 'journal.add', { author: 'passer-by', text: 'no-go' });
    expect(write).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(dispatch).toHaveBeenCalledWith('journal.add', expect.anything(), { role: 'viewer', transport: 'ipc' });
    const journal = await core.dispatch('journal.list', {}, { role: 'viewer', transport: 'memory' });
    expect(journal).toEqual({ ok: true, value: [] });
  });

  it('an ordinary window is the operator', () => {
    expect(windowRole(parseShellArgs(['/opt/warroom/app.asar']))).toBe('operator');
    expect(windowRole(parseShellArgs(['/opt/warroom/app.asar', '--config', 'war.yaml']))).toBe('operator');
  });

  it('answers core errors as envelopes, never throws', async () => {
    const { ipc } = setup();
    await expect(ipc.invoke(fromWindow(), 'no.such.command', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    await expect(ipc.invoke(fromWindow(), 'journal.add', { text: 1 })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('queues events until the renderer is ready, then delivers them in order', async () => {
    const { ipc, win, addNote } = setup();
    await addNote('one');
    await addNote('two');
    expect(win.events()).toEqual([]);

    ipc.send(IPC_CHANNELS.ready, fromWindow());
    const delivered = win.events();
    expect(delivered.map((e) => e.name)).toEqual(['journal.added', 'journal.added']);
    expect(delivered.map((e) => (e.name === 'journal.added' ? e.payload.text : ''))).toEqual(['one', 'two']);
    expect(delivered[1]!.seq).toBe(delivered[0]!.seq + 1);

    // After ready, events go straight through.
    await addNote('three');
    expect(win.events().map((e) => (e.name === 'journal.added' ? e.payload.text : ''))).toEqual(['one', 'two', 'three']);
  });

  it('ignores a ready signal from a foreign sender', async () => {
    const { ipc, win, addNote } = setup();
    await addNote('queued');
    ipc.send(IPC_CHANNELS.ready, fromWindow(99));
    ipc.send(IPC_CHANNELS.ready, fromWindow(7, 'https://evil.example/'));
    expect(win.events()).toEqual([]);
    ipc.send(IPC_CHANNELS.ready, fromWindow());
    expect(win.events()).toHaveLength(1);
  });

  it('drops the queue when it overflows; the renderer snapshots after ready anyway', async () => {
    const { ipc, win, addNote, core } = setup({ maxQueuedEvents: 3 });
    for (const text of ['1', '2', '3', '4', '5']) await addNote(text);
    ipc.send(IPC_CHANNELS.ready, fromWindow());
    const texts = win.events().map((e) => (e.name === 'journal.added' ? e.payload.text : ''));
    expect(texts.length).toBeLessThanOrEqual(3);
    expect(texts).toEqual(['4', '5']);
    // Whatever was dropped is in the snapshot the renderer takes after ready.
    const snapshot = await ipc.invoke(fromWindow(), 'app.snapshot', {});
    expect(snapshot).toMatchObject({ ok: true, value: { lastSeq: core.bus.lastSeq() } });
  });

  it('the disposer removes the handler and the listener and unsubscribes from the bus', async () => {
    const { ipc, win, dispose, addNote } = setup();
    expect(ipc.handlers.has(IPC_CHANNELS.rpc)).toBe(true);
    expect(ipc.listenerCount(IPC_CHANNELS.ready)).toBe(1);
    ipc.send(IPC_CHANNELS.ready, fromWindow());

    dispose();
    expect(ipc.handlers.has(IPC_CHANNELS.rpc)).toBe(false);
    expect(ipc.listenerCount(IPC_CHANNELS.ready)).toBe(0);
    await addNote('after dispose');
    expect(win.events()).toEqual([]);
    await expect(ipc.invoke(fromWindow(), 'app.info', {})).rejects.toThrow('No handler registered');
    dispose(); // idempotent
  });

  it('releases everything when the window is destroyed', async () => {
    const { ipc, win, addNote } = setup();
    ipc.send(IPC_CHANNELS.ready, fromWindow());
    win.destroy();
    expect(ipc.handlers.size).toBe(0);
    expect(ipc.listenerCount(IPC_CHANNELS.ready)).toBe(0);
    await addNote('nobody listens');
    expect(win.sent).toEqual([]);
  });

  it('lets a new window attach after the old one is gone', async () => {
    const { ipc, win, core } = setup();
    win.destroy();
    const next = fakeWebContents(8);
    attachIpcTransport({ ipcMain: ipc.ipcMain, webContents: next.webContents, dispatch: core.dispatch, role: 'operator', bus: core.bus, logger: silentLogger });
    await expect(ipc.invoke(fromWindow(8), 'app.info', {})).resolves.toMatchObject({ ok: true });
    await expect(ipc.invoke(fromWindow(7), 'app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
