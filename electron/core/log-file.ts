/**
 * warroom.log: what the core logs, also kept in the data dir, so a core that died (or a problem
 * seen on a wall display last night) can be read about afterwards. Size-capped and rotated
 * (warroom.log, .1, .2); a failing write (full disk) never throws and never stops stderr logging.
 */
import { appendFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './logger.js';

export const LOG_FILE = 'warroom.log';

export interface LogFileOptions {
  now?: () => number;
  /** A file is rotated before it would pass this size (default 5 MB). */
  maxBytes?: number;
  /** Files kept, the current one included (default 3). */
  files?: number;
  /** How a line is appended (tests inject a failing disk). */
  append?: (path: string, text: string) => void;
}

/** `base` plus a rotating warroom.log in `dataDir`; just `base` for a ':memory:' core. */
export function withLogFile(base: Logger, dataDir: string, options: LogFileOptions = {}): Logger {
  if (dataDir === ':memory:') return base;
  const path = join(dataDir, LOG_FILE);
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const files = Math.max(1, options.files ?? 3);
  const append = options.append ?? ((file: string, text: string) => appendFileSync(file, text, { mode: 0o600 }));
  let size = sizeOf(path);
  let failing = false;

  const rotate = () => {
    for (let i = files - 1; i >= 1; i -= 1) {
      const from = i === 1 ? path : `${path}.${i - 1}`;
      try {
        renameSync(from, `${path}.${i}`);
      } catch {
        // Not there yet: fewer files so far.
      }
    }
    size = 0;
  };

  const write = (level: string, message: string, error?: unknown) => {
    // Logger.error takes `unknown`; only an Error carries more than its message already says.
    const detail = error instanceof Error ? `: ${error.stack ?? error.message}` : '';
    const text = `${new Date(now()).toISOString()} ${level} ${message}${detail}\n`;
    const bytes = Buffer.byteLength(text);
    try {
      if (size > 0 && size + bytes > maxBytes) rotate();
      append(path, text);
      size += bytes;
      failing = false;
    } catch (failure) {
      // Say it once on stderr (not in the file that cannot be written), and go on without it.
      if (!failing) base.warn(`cannot write ${path} (${failure instanceof Error ? failure.message : String(failure)}): logging to stderr only until it works again`);
      failing = true;
    }
  };

  return {
    info(message) {
      base.info(message);
      write('info', message);
    },
    warn(message) {
      base.warn(message);
      write('warn', message);
    },
    error(message, error) {
      base.error(message, error);
      write('error', message, error);
    },
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
