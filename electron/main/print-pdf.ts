/**
 * "Export PDF" in the Electron window: the renderer asks (window.warroom.printToPdf), the main
 * process prints the page it shows with Chromium's printToPDF, so the same print stylesheet the
 * web shell's print uses decides what is on paper, and saves it through a save dialog in
 * Downloads. Only the app's own page may ask; the name is cleaned and always ends in .pdf.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '../../shared/contract/index.js';
import type { Logger } from '../core/logger.js';
import { isAppUrl } from './app-protocol.js';

export interface PrintPdfResult {
  /** Where the PDF was saved, or null when the user cancelled the dialog. */
  saved: string | null;
}

/** A file name for the PDF: letters, digits, dot, dash and underscore only, ending in .pdf. */
export function pdfFileName(requested: unknown): string {
  const stem = (typeof requested === 'string' ? requested : '')
    .replace(/\.pdf$/i, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 120);
  return `${stem || 'warroom'}.pdf`;
}

export async function printSenderToPdf(event: Pick<IpcMainInvokeEvent, 'sender'>, requestedName: unknown, logger: Logger): Promise<PrintPdfResult> {
  const page = event.sender.getURL();
  if (!isAppUrl(page)) throw new Error(`printing to PDF is only for the app's page, not ${page.slice(0, 120)}`);
  const pdf = await event.sender.printToPDF({ printBackground: true, pageSize: 'A4' });
  const owner = BrowserWindow.fromWebContents(event.sender);
  const options = {
    title: 'Save PDF',
    defaultPath: join(app.getPath('downloads'), pdfFileName(requestedName)),
    filters: [{ name: 'PDF document', extensions: ['pdf'] }],
  };
  const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return { saved: null };
  await writeFile(choice.filePath, pdf);
  logger.info(`PDF saved to ${choice.filePath}`);
  return { saved: choice.filePath };
}

/** Answers the renderer's print-to-PDF requests; returns the detach. */
export function attachPdfPrinting(logger: Logger): () => void {
  ipcMain.handle(IPC_CHANNELS.printPdf, (event, requestedName: unknown) => printSenderToPdf(event, requestedName, logger));
  return () => ipcMain.removeHandler(IPC_CHANNELS.printPdf);
}
