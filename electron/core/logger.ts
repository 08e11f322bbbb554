/** The core's log sink: stderr by default, so stdout stays clean for --json output. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const stderrLogger: Logger = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
  error: (message, error) =>
    process.stderr.write(`error: ${message}${error instanceof Error ? `: ${error.stack ?? error.message}` : ''}\n`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
