import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../core/logger.js';
import { cleanFileName, guardDownloads } from './downloads.js';
import type { DownloadItemLike, DownloadSessionLike, SaveDialogOptionsLike } from './downloads.js';

const DOWNLOADS = '/home/ops/Downloads';
const APP_PAGE = { getURL: () => 'app://warroom/index.html' };

/** A DownloadItem as Chromium hands it over for a report the Load view saves. */
function fakeItem(overrides: { url?: string; filename?: string; mime?: string } = {}) {
  const dialogs: SaveDialogOptionsLike[] = [];
  let onDone: ((event: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void) | undefined;
  const item: DownloadItemLike = {
    getURL: () => overrides.url ?? 'blob:app://warroom/3f2a9c1e-5d1b-4c1a-9a0e-2b7f1d9e8c42',
    getFilename: () => overrides.filename ?? 'warroom-load-normal-12-20250512-1403.html',
    getMimeType: () => overrides.mime ?? 'text/html',
    setSaveDialogOptions: (options) => dialogs.push(options),
    getSavePath: () => join(DOWNLOADS, 'saved.html'),
    once: (_event, listener) => {
      onDone = listener;
    },
  };
  return { item, dialogs, done: (state: 'completed' | 'cancelled' | 'interrupted') => onDone?.({}, state) };
}

/** A session with one will-download listener, fired the way Electron fires it. */
function guardedSession() {
  let listener: Parameters<DownloadSessionLike['on']>[1] | undefined;
  const session: DownloadSessionLike = {
    on: (_event, fn) => {
      listener = fn;
    },
  };
  const logger = { ...silentLogger, info: vi.fn(), warn: vi.fn() };
  guardDownloads(session, { downloadsDir: () => DOWNLOADS, logger });
  const download = (item: DownloadItemLike, source: { getURL(): string } | null = APP_PAGE) => {
    const event = { preventDefault: vi.fn() };
    listener!(event, item, source);
    return { cancelled: event.preventDefault.mock.calls.length > 0 };
  };
  return { download, logger };
}

describe('report downloads in the Electron window', () => {
  it('offers a report from the app for saving in Downloads, under its own name and type only', () => {
    const { download, logger } = guardedSession();
    const report = fakeItem();
    expect(download(report.item)).toEqual({ cancelled: false });
    expect(report.dialogs).toEqual([
      {
        title: 'Save report',
        defaultPath: join(DOWNLOADS, 'warroom-load-normal-12-20250512-1403.html'),
        filters: [{ name: 'HTML report', extensions: ['html'] }],
      },
    ]);
    report.done('completed');
    expect(logger.info).toHaveBeenCalledWith(`saved a report to ${join(DOWNLOADS, 'saved.html')}`);
  });

  it('accepts CSV and JSON reports with their mime types', () => {
    const { download } = guardedSession();
    const csv = fakeItem({ filename: 'warroom-load-spike-3.csv', mime: 'text/csv' });
    const json = fakeItem({ filename: 'warroom-load-spike-3.json', mime: 'application/json' });
    expect(download(csv.item)).toEqual({ cancelled: false });
    expect(download(json.item)).toEqual({ cancelled: false });
    expect(csv.dialogs[0]?.filters).toEqual([{ name: 'CSV report', extensions: ['csv'] }]);
    expect(json.dialogs[0]?.defaultPath).toBe(join(DOWNLOADS, 'warroom-load-spike-3.json'));
  });

  it('cancels downloads that do not come from the app origin', () => {
    const { download, logger } = guardedSession();
    for (const url of [
      'https://evil.example/report.html',
      'blob:https://evil.example/3f2a9c1e',
      'blob:app://elsewhere/3f2a9c1e',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'app://warroom/index.html',
    ]) {
      const item = fakeItem({ url });
      expect(download(item.item), url).toEqual({ cancelled: true });
      expect(item.dialogs, url).toEqual([]);
    }
    expect(logger.warn).toHaveBeenCalledTimes(6);
  });

  it('cancels a download started by a page that is not the app', () => {
    const { download } = guardedSession();
    expect(download(fakeItem().item, { getURL: () => 'https://evil.example/' })).toEqual({ cancelled: true });
    expect(download(fakeItem().item, null)).toEqual({ cancelled: true });
  });

  it('cancels anything that is not an HTML, CSV or JSON report, or whose type does not match its name', () => {
    const { download } = guardedSession();
    for (const [filename, mime] of [
      ['setup.exe', 'application/octet-stream'],
      ['report.html.sh', 'text/html'],
      ['run.desktop', 'application/x-desktop'],
      ['report', 'text/html'],
      ['report.html', 'application/x-msdownload'],
      ['report.csv', 'text/html'],
    ] as const) {
      const item = fakeItem({ filename, mime });
      expect(download(item.item), filename).toEqual({ cancelled: true });
      expect(item.dialogs, filename).toEqual([]);
    }
  });
});

describe('cleanFileName', () => {
  it('keeps a report name as it is', () => {
    expect(cleanFileName('warroom-load-normal-12-20250512-1403.csv')).toEqual({ fileName: 'warroom-load-normal-12-20250512-1403.csv', extension: 'csv' });
    expect(cleanFileName('decision-3-go-2026-12-05.md')).toEqual({ fileName: 'decision-3-go-2026-12-05.md', extension: 'md' });
  });

  it('drops directories, odd characters and leading dots, and bounds the length', () => {
    expect(cleanFileName('../../.bashrc.html')?.fileName).toBe('bashrc.html');
    expect(cleanFileName('..\\..\\Startup\\run.html')?.fileName).toBe('run.html');
    expect(cleanFileName('load run: "spike" <1>.JSON')).toEqual({ fileName: 'load-run-spike-1.json', extension: 'json' });
    expect(cleanFileName('.html')?.fileName).toBe('warroom-report.html');
    expect(cleanFileName(`${'a'.repeat(500)}.html`)?.fileName).toHaveLength(120 + '.html'.length);
  });

  it('never yields a Windows device name', () => {
    expect(cleanFileName('CON.html')?.fileName).toBe('warroom-CON.html');
    expect(cleanFileName('nul.csv')?.fileName).toBe('warroom-nul.csv');
  });

  it('refuses names without a report extension', () => {
    for (const name of ['payload.exe', 'report.html.lnk', 'report', 'report.', 'x.js']) expect(cleanFileName(name), name).toBeUndefined();
  });
});
