/**
 * The Electron shell's side of the process guard: after an uncaught exception the core is closed,
 * then an error box says what happened and where the log is, then the app exits 1.
 */
import { join } from 'node:path';
import { app, dialog } from 'electron';
import { LOG_FILE } from '../core/log-file.js';
import type { Logger } from '../core/logger.js';
import { guardProcess } from '../core/process-guard.js';
import type { GuardedProcess, ProcessGuard } from '../core/process-guard.js';

export function fatalErrorText(error: unknown, dataDir: string): { title: string; message: string } {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    title: 'Warroom stopped after an internal error',
    message: [
      'Warroom hit an error it could not recover from and has closed, so that nothing runs on in an unknown state.',
      'Running actions and load tests were stopped; everything stored before is kept.',
      `Start Warroom again. Details are in ${join(dataDir, LOG_FILE)}.`,
      '',
      detail,
    ].join('\n'),
  };
}

/** Installs the process guard for the Electron main process (main.ts calls it once). */
export function guardElectronProcess(logger: Logger, target?: GuardedProcess): ProcessGuard {
  return guardProcess({
    logger,
    exit: (code) => app.exit(code),
    onFatal: (error) => {
      const { title, message } = fatalErrorText(error, app.getPath('userData'));
      dialog.showErrorBox(title, message);
    },
    ...(target ? { process: target } : {}),
  });
}
