/** The `warroom` command line. runCli is pure enough to test: streams and env come in, a code goes out. */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../shared/util/config-error.js';
import { configCommand } from './config-command.js';
import { decisionCommand } from './decision-command.js';
import { EXIT, UsageError } from './cli-context.js';
import type { CliIo } from './cli-context.js';
import { actionCommand, auditCommand } from './action-command.js';
import { alertCommand } from './alert-command.js';
import { drillCommand } from './drill-command.js';
import { loadCommand } from './load-command.js';
import { probeCommand } from './probe-command.js';
import { planCommand, riskCommand } from './plan-command.js';
import { signoffCommand, verdictCommand, waiveCommand } from './board-command.js';
import { rehearseCommand } from './rehearse-command.js';
import { scanCommand } from './scan-command.js';
import { serveCommand } from './serve-command.js';
import { notifyCommand, reportCommand, standupCommand } from './report-command.js';
import { appVersion } from '../core/paths.js';
import { DatabaseFromFutureError } from '../core/store/migrate.js';

export type { CliIo } from './cli-context.js';

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command('warroom')
    .description('Warroom: health probes, load tests, rollbacks and the go/no-go board for a launch')
    .version(appVersion(), '-v, --version')
    .showHelpAfterError('(run warroom --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    // Options after a subcommand belong to it (`warroom rehearse fault … --data-dir D`), not its parent.
    .enablePositionalOptions()
    .addCommand(serveCommand(io, setExit))
    .addCommand(rehearseCommand(io, setExit))
    .addCommand(probeCommand(io, setExit))
    .addCommand(loadCommand(io, setExit))
    .addCommand(actionCommand(io, setExit))
    .addCommand(auditCommand(io, setExit))
    .addCommand(drillCommand(io, setExit))
    .addCommand(scanCommand(io, setExit))
    .addCommand(configCommand(io, setExit))
    .addCommand(verdictCommand(io, setExit))
    .addCommand(signoffCommand(io, setExit))
    .addCommand(waiveCommand(io, setExit))
    .addCommand(decisionCommand(io, setExit))
    .addCommand(alertCommand(io, setExit))
    .addCommand(planCommand(io, setExit))
    .addCommand(riskCommand(io, setExit))
    .addCommand(standupCommand(io, setExit))
    .addCommand(reportCommand(io, setExit))
    .addCommand(notifyCommand(io, setExit));
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with code 0; every other parse error is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof DatabaseFromFutureError) {
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT.failure;
    }
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (error instanceof Error && (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL')) {
      io.stderr.write(`error: cannot listen: ${error.message}\n`);
      return EXIT.failure;
    }
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}
