import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  showErrorBox: vi.fn(),
  exit: vi.fn(),
  getPath: vi.fn(() => '/home/ops/.config/Warroom'),
}));
vi.mock('electron', () => ({
  app: { exit: electron.exit, getPath: electron.getPath },
  dialog: { showErrorBox: electron.showErrorBox },
}));

const { fatalErrorText, guardElectronProcess } = await import('./fatal-error.js');

describe('Electron fatal errors', () => {
  beforeEach(() => vi.clearAllMocks());

  it('says what happened, what became of running work, and where the log is', () => {
    const text = fatalErrorText(new Error('boom'), '/home/ops/.config/Warroom');
    expect(text.title).toBe('Warroom stopped after an internal error');
    expect(text.message).toContain('Running actions and load tests were stopped');
    expect(text.message).toContain('/home/ops/.config/Warroom/warroom.log');
    expect(text.message).toMatch(/Error: boom\n {4}at /);
  });

  it('on an uncaught exception: closes the core, shows the error box, then exits 1', async () => {
    const proc = new EventEmitter();
    const order: string[] = [];
    electron.showErrorBox.mockImplementation(() => order.push('box'));
    const exited = new Promise<void>((resolve) =>
      electron.exit.mockImplementation((code: number) => {
        order.push(`exit ${code}`);
        resolve();
      }),
    );
    const guard = guardElectronProcess({ info: () => {}, warn: () => {}, error: () => {} }, proc);
    guard.attach({ logger: { info: () => {}, warn: () => {}, error: () => {} }, problems: { report: () => {} }, close: async () => void order.push('close') });
    proc.emit('uncaughtException', new Error('boom'));
    await exited;
    expect(order).toEqual(['close', 'box', 'exit 1']);
    expect(electron.showErrorBox).toHaveBeenCalledWith('Warroom stopped after an internal error', expect.stringContaining('/home/ops/.config/Warroom/warroom.log'));
  });

  it('on an unhandled rejection: no box, no exit', () => {
    const proc = new EventEmitter();
    guardElectronProcess({ info: () => {}, warn: () => {}, error: () => {} }, proc);
    proc.emit('unhandledRejection', new Error('one task failed'));
    expect(electron.showErrorBox).not.toHaveBeenCalled();
    expect(electron.exit).not.toHaveBeenCalled();
  });
});
