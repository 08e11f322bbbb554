/** `warroom serve`: the web shell, for browsers, wall displays and machines without Electron. */
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_PORT, startWebShell } from '../serve.js';
import { addCommonOptions, dataDirFor, EXIT, loadConfigFor, loggerFor } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';

interface ServeOptions extends CommonOptions {
  port?: number;
  host: string;
  readOnly?: boolean;
  open?: boolean;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return port;
}

export function serveCommand(io: CliIo, setExit: (code: number) => void): Command {
  return addCommonOptions(new Command('serve'))
    .description('serve the app to a browser over HTTP (127.0.0.1 unless --host is given)')
    .option('-p, --port <port>', `port to listen on, 0 for any free port (default: ${DEFAULT_PORT})`, parsePort)
    .option('--host <address>', 'address to listen on; anything but loopback requires a bearer token', '127.0.0.1')
    .option('--read-only', 'wall display: allow only commands that read')
    .option('--open', 'open the app in the system browser')
    .action(async (options: ServeOptions) => {
      const logger = loggerFor(io);
      const shell = await startWebShell({
        loaded: loadConfigFor(options, io),
        dataDir: dataDirFor(options, io),
        host: options.host,
        port: options.port ?? DEFAULT_PORT,
        portIsDefault: options.port === undefined,
        readOnly: options.readOnly ?? false,
        envToken: io.env.WARROOM_TOKEN?.trim() || undefined,
        logger,
      });
      const { server, token, core } = shell;
      const openUrl = token?.generated ? `${server.url}#token=${token.value}` : server.url;
      const lines = [
        `Warroom ${core.info.version} — web shell${options.readOnly ? ' (read-only)' : ''}`,
        `  config  ${core.info.config.path}${core.info.config.bundled ? ' (bundled rehearsal config)' : ''}`,
        `  data    ${core.info.dataDir}`,
        `  url     ${server.url}`,
      ];
      if (token?.generated) {
        lines.push(`  token   ${token.value}   (shown once; or set WARROOM_TOKEN)`, `  open    ${openUrl}`);
      } else if (token) {
        lines.push('  token   from WARROOM_TOKEN (send it as: Authorization: Bearer <token>)');
      }
      io.stdout.write(`${lines.join('\n')}\n`);
      if (options.open && io.openUrl) {
        io.openUrl(openUrl).catch((error: unknown) => logger.warn(`could not open a browser: ${(error as Error).message}`));
      }
      await (io.untilStopped ?? untilSignal)();
      io.stderr.write('stopping…\n');
      await shell.close();
      setExit(EXIT.ok);
    });
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
