/** `warroom serve`: the web shell, for browsers, wall displays and machines without Electron. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultRehearsalMode } from '../core/rehearsal/rehearsal-service.js';
import { strictContractFrom } from '../core/strict-contract.js';
import type { RehearsalMode } from '../core/rehearsal/rehearsal-service.js';
import { tokenProblem } from '../web/auth.js';
import { DEFAULT_PORT, startWebShell } from '../web/serve.js';
import { addCommonOptions, dataDirFor, EXIT, loadConfigFor, loggerFor, untilStopped } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';

interface ServeOptions extends CommonOptions {
  port?: number;
  host: string;
  readOnly?: boolean;
  wall?: boolean;
  open?: boolean;
  rehearsal?: RehearsalMode;
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
    .option('--wall', 'print (and --open) the URL of the wall display (?wall): one screen, for across the room')
    .option('--open', 'open the app in the system browser')
    .addOption(
      new Option('--rehearsal <mode>', 'simulated platform: auto starts it, attach follows one started by `warroom rehearse`, off ignores it (default: auto on the bundled rehearsal config, else attach)').choices(['auto', 'attach', 'off']),
    )
    .action(async (options: ServeOptions) => {
      const envToken = io.env.WARROOM_TOKEN?.trim() || undefined;
      const weakToken = envToken === undefined ? undefined : tokenProblem(envToken, 'WARROOM_TOKEN');
      if (weakToken) {
        io.stderr.write(`error: ${weakToken}\n`);
        setExit(EXIT.usage);
        return;
      }
      const logger = loggerFor(io);
      const loaded = loadConfigFor(options, io);
      const shell = await startWebShell({
        loaded,
        rehearsal: options.rehearsal ?? defaultRehearsalMode(loaded.bundled),
        dataDir: dataDirFor(options, io),
        host: options.host,
        port: options.port ?? DEFAULT_PORT,
        portIsDefault: options.port === undefined,
        readOnly: options.readOnly ?? false,
        envToken,
        logger,
        strictContract: strictContractFrom(io.env, false),
        guard: io.guard,
      });
      const { server, token, core } = shell;
      // Listen for SIGINT/SIGTERM before the banner says it is up, so a stop right after it is clean.
      const stopped = untilStopped(io);
      // The wall is the same app asked for its wall view: the URL says so, and the page follows it.
      const url = options.wall ? `${server.url}?wall` : server.url;
      const openUrl = token?.generated ? `${url}#token=${token.value}` : url;
      const lines = [
        `Warroom ${core.info.version} — web shell${options.readOnly ? ' (read-only)' : ''}${options.wall ? ' — wall display' : ''}`,
        `  config  ${core.info.config.path}${core.info.config.bundled ? ' (bundled rehearsal config)' : ''}`,
        `  data    ${core.info.dataDir}`,
        `  url     ${url}`,
      ];
      if (token?.generated) {
        lines.push(`  token   ${token.value}   (shown once; or set WARROOM_TOKEN)`, `  open    ${openUrl}`);
      } else if (token) {
        lines.push('  token   from WARROOM_TOKEN (send it as: Authorization: Bearer <token>)');
      }
      io.stdout.write(`${lines.join('\n')}\n`);
      if (options.open && io.openUrl) {
        io.openUrl(openUrl).catch((error: unknown) => logger.warn(`could not open a browser: ${error instanceof Error ? error.message : String(error)}`));
      }
      await stopped;
      io.stderr.write('stopping…\n');
      await shell.close();
      setExit(EXIT.ok);
    });
}
