/** Where the core and the platform report what happens; each process picks its sink. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** A logger that writes one line per message ("warning: …", "error: …: stack") to `write`. */
export function lineLogger(write: (line: string) => void): Logger {
  return {
    info: (message) => write(`${message}\n`),
    warn: (message) => write(`warning: ${message}\n`),
    error: (message, error) => write(`error: ${message}${error instanceof Error ? `: ${error.stack ?? error.message}` : ''}\n`),
  };
}
