import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../shared/contract/index.js';
import { silentLogger } from '../core/logger.js';

// print-pdf.ts uses Electron's app, dialog, BrowserWindow and ipcMain; plain Node has none.
const electron = vi.hoisted(() => {
  const dialogAnswer: { canceled: boolean; filePath?: string } = { canceled: false };
  const dialogCalls: unknown[][] = [];
  return { downloads: '', dialogAnswer, dialogCalls, handlers: new Map<string, (...args: unknown[]) => unknown>() };
});
vi.mock('electron', () => ({
  app: { getPath: (name: string) => (name === 'downloads' ? electron.downloads : '/nowhere') },
  BrowserWindow: { fromWebContents: () => ({ id: 1 }) },
  dialog: {
    showSaveDialog: (...args: unknown[]) => {
      electron.dialogCalls.push(args);
      return Promise.resolve(electron.dialogAnswer);
    },
  },
  ipcMain: {
    handle: (channel: string, fn: (...args: unknown[]) => unknown) => electron.handlers.set(channel, fn),
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
}));

const { attachPdfPrinting, pdfFileName } = await import('./print-pdf.js');

function sender(url: string) {
  return {
    getURL: () => url,
    printToPDF: vi.fn((_options: unknown) => Promise.resolve(Buffer.from('%PDF-1.4 fake page'))),
  };
}

describe('print to PDF (Electron)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-print-'));
    electron.downloads = dir;
    electron.dialogCalls.length = 0;
    electron.handlers.clear();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the asking page with printToPDF and saves it where the save dialog says', async () => {
    const detach = attachPdfPrinting(silentLogger);
    const page = sender('app://warroom/index.html#/meeting');
    electron.dialogAnswer = { canceled: false, filePath: join(dir, 'chosen.pdf') };
    const result = await electron.handlers.get(IPC_CHANNELS.printPdf)!({ sender: page }, 'decision-3-go-2026-12-05');
    expect(result).toEqual({ saved: join(dir, 'chosen.pdf') });
    expect(page.printToPDF).toHaveBeenCalledWith(expect.objectContaining({ pageSize: 'A4', printBackground: true }));
    expect(readFileSync(join(dir, 'chosen.pdf'), 'latin1')).toBe('%PDF-1.4 fake page');
    expect(electron.dialogCalls[0]![1]).toMatchObject({ defaultPath: join(dir, 'decision-3-go-2026-12-05.pdf'), filters: [{ extensions: ['pdf'] }] });
    detach();
    expect(electron.handlers.has(IPC_CHANNELS.printPdf)).toBe(false);
  });

  it('writes nothing when the user cancels the dialog', async () => {
    attachPdfPrinting(silentLogger);
    electron.dialogAnswer = { canceled: true };
    await expect(electron.handlers.get(IPC_CHANNELS.printPdf)!({ sender: sender('app://warroom/index.html') }, 'x')).resolves.toEqual({ saved: null });
  });

  it('refuses a page that is not the app', async () => {
    attachPdfPrinting(silentLogger);
    const page = sender('https://example.com/');
    await expect(electron.handlers.get(IPC_CHANNELS.printPdf)!({ sender: page }, 'x')).rejects.toThrow(/only for the app's page/);
    expect(page.printToPDF).not.toHaveBeenCalled();
  });

  it('cleans the suggested name', () => {
    expect(pdfFileName('../../etc/passwd')).toBe('etc-passwd.pdf');
    expect(pdfFileName('decision 3: GO.pdf')).toBe('decision-3-GO.pdf');
    expect(pdfFileName(42)).toBe('warroom.pdf');
  });
});
