import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../shared/contract/index.js';

// The preload imports 'electron', which in plain Node would try to download Electron (pitfall 3).
const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, Set<(...args: unknown[]) => void>>(),
  invoke: vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: 'pong' })),
  send: vi.fn(),
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: electron.invoke,
    send: electron.send,
    on: (channel: string, fn: (...args: unknown[]) => void) => {
      electron.listeners.set(channel, (electron.listeners.get(channel) ?? new Set()).add(fn));
    },
    off: (channel: string, fn: (...args: unknown[]) => void) => electron.listeners.get(channel)?.delete(fn),
  },
}));

interface Bridge {
  call(name: string, input: unknown): Promise<unknown>;
  onEvent(fn: (event: unknown) => void): () => void;
  ready(): void;
  printToPdf(fileName: string): Promise<unknown>;
}

describe('preload', () => {
  let bridge: Bridge;
  beforeEach(async () => {
    await import('./preload.js');
    bridge = electron.exposed.get('warroom') as Bridge;
  });

  it('exposes exactly call, onEvent, ready and printToPdf as window.warroom', () => {
    expect([...electron.exposed.keys()]).toEqual(['warroom']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent', 'printToPdf', 'ready']);
  });

  it('asks the main process to print to PDF on its own channel', async () => {
    await bridge.printToPdf('decision-1');
    expect(electron.invoke).toHaveBeenCalledWith(IPC_CHANNELS.printPdf, 'decision-1');
  });

  it('calls go to the one rpc channel, ready to the ready channel', async () => {
    await expect(bridge.call('app.info', {})).resolves.toEqual({ ok: true, value: 'pong' });
    expect(electron.invoke).toHaveBeenCalledWith(IPC_CHANNELS.rpc, 'app.info', {});
    bridge.ready();
    expect(electron.send).toHaveBeenCalledWith(IPC_CHANNELS.ready);
  });

  it('passes events without the IPC event object, until unsubscribed', () => {
    const seen: unknown[] = [];
    const off = bridge.onEvent((event) => seen.push(event));
    const emit = (event: unknown) => electron.listeners.get(IPC_CHANNELS.event)?.forEach((fn) => fn({ sender: 'ipc' }, event));
    emit({ name: 'core.heartbeat', seq: 1 });
    off();
    emit({ name: 'core.heartbeat', seq: 2 });
    expect(seen).toEqual([{ name: 'core.heartbeat', seq: 1 }]);
    expect(electron.listeners.get(IPC_CHANNELS.event)?.size).toBe(0);
  });
});
