/**
 * Downloads in the Electron window. The only ones Warroom makes are load reports (HTML, CSV,
 * JSON) and decision records (Markdown), which the Load and Go/no-go views hand to Chromium as a
 * blob: URL on our app:// origin (renderer/components/load/download.ts). Those are saved through a save dialog that starts in
 * the user's Downloads folder under a cleaned name; anything else is cancelled. A saved file is
 * never opened, shown or run by the app.
 */
import { join } from 'node:path';
import type { Logger } from '../core/logger.js';
import { isAppUrl } from './app-protocol.js';

/** The part of Electron's DownloadItem the guard uses. */
export interface DownloadItemLike {
  getURL(): string;
  getFilename(): string;
  getMimeType(): string;
  setSaveDialogOptions(options: SaveDialogOptionsLike): void;
  getSavePath(): string;
  once(event: 'done', listener: (event: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void): unknown;
}

export interface SaveDialogOptionsLike {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
}

/** The webContents that started the download. */
export interface DownloadSourceLike {
  getURL(): string;
}

/** The part of Electron's Session the guard uses. */
export interface DownloadSessionLike {
  on(
    event: 'will-download',
    listener: (event: { preventDefault(): void }, item: DownloadItemLike, source: DownloadSourceLike | null | undefined) => void,
  ): unknown;
}

export interface DownloadDeps {
  /** app.getPath('downloads'), asked per download: the user may move the folder. */
  downloadsDir: () => string;
  logger: Logger;
}

/** What a report may be, by extension: its dialog label and the mime type the renderer gives its blob. */
const REPORT_TYPES: Record<string, { label: string; mime: string }> = {
  html: { label: 'HTML report', mime: 'text/html' },
  csv: { label: 'CSV report', mime: 'text/csv' },
  json: { label: 'JSON report', mime: 'application/json' },
  md: { label: 'Markdown document', mime: 'text/markdown' },
};

const MAX_STEM_LENGTH = 120;
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

export type DownloadDecision =
  | { allow: true; fileName: string; extension: string }
  | { allow: false; reason: string };

/** Decides about one download from what Chromium reports about it; pure, so it is tested alone. */
export function decideDownload(item: Pick<DownloadItemLike, 'getURL' | 'getFilename' | 'getMimeType'>, source: DownloadSourceLike | null | undefined): DownloadDecision {
  const url = item.getURL();
  if (!isAppBlobUrl(url)) return { allow: false, reason: `it does not come from the app (${url.slice(0, 120)})` };
  const page = source?.getURL();
  if (!isAppUrl(page)) return { allow: false, reason: `the page that started it is not the app (${(page ?? 'none').slice(0, 120)})` };
  const cleaned = cleanFileName(item.getFilename());
  if (!cleaned) return { allow: false, reason: `"${item.getFilename().slice(0, 120)}" is not an HTML, CSV or JSON report` };
  const mime = item.getMimeType().split(';')[0]!.trim().toLowerCase();
  const expected = REPORT_TYPES[cleaned.extension]!.mime;
  if (mime !== '' && mime !== expected) return { allow: false, reason: `a .${cleaned.extension} file must be ${expected}, this one is ${mime.slice(0, 80)}` };
  return { allow: true, ...cleaned };
}

/** Handles one will-download: a report gets a save dialog in Downloads, anything else is cancelled. */
export function handleWillDownload(
  event: { preventDefault(): void },
  item: DownloadItemLike,
  source: DownloadSourceLike | null | undefined,
  { downloadsDir, logger }: DownloadDeps,
): DownloadDecision {
  const decision = decideDownload(item, source);
  if (!decision.allow) {
    event.preventDefault();
    logger.warn(`blocked a download: ${decision.reason}`);
    return decision;
  }
  const type = REPORT_TYPES[decision.extension]!;
  item.setSaveDialogOptions({
    title: 'Save report',
    defaultPath: join(downloadsDir(), decision.fileName),
    filters: [{ name: type.label, extensions: [decision.extension] }],
  });
  item.once('done', (_event, state) => {
    if (state === 'completed') logger.info(`saved a report to ${item.getSavePath()}`);
    else if (state === 'interrupted') logger.warn(`saving ${decision.fileName} was interrupted`);
  });
  return decision;
}

export function guardDownloads(session: DownloadSessionLike, deps: DownloadDeps): void {
  session.on('will-download', (event, item, source) => {
    handleWillDownload(event, item, source, deps);
  });
}

/** blob:app://warroom/<uuid>: a blob the app's own page made. */
function isAppBlobUrl(url: string): boolean {
  return url.startsWith('blob:') && isAppUrl(url.slice('blob:'.length));
}

/**
 * A file name safe on every OS: no directory part, only letters, digits, `.`, `_` and `-`, no
 * leading dot, bounded length, and a report extension (html, csv, json, md), or undefined.
 */
export function cleanFileName(suggested: string): { fileName: string; extension: string } | undefined {
  const base = suggested.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot < 0) return undefined;
  const extension = base.slice(dot + 1).toLowerCase();
  if (!Object.hasOwn(REPORT_TYPES, extension)) return undefined;
  const stem = base
    .slice(0, dot)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .replace(/[.-]+$/, '')
    .slice(0, MAX_STEM_LENGTH);
  // CON, NUL, COM1… name devices on Windows whatever their extension.
  const safeStem = WINDOWS_DEVICE_NAME.test(stem) ? `warroom-${stem}` : stem || 'warroom-report';
  return { fileName: `${safeStem}.${extension}`, extension };
}
