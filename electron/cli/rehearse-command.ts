/**
 * `warroom rehearse`: run the simulated platform in the foreground, or act on the one running for
 * this data directory (status, fault, scenario, reset, stop) through its control API.
 */
import { Command, InvalidArgumentError } from 'commander';
import { createPlatformClient, PlatformError } from '../core/rehearsal/platform-client.js';
import type { PlatformClient } from '../core/rehearsal/platform-client.js';
import { launchPlatform } from '../core/rehearsal/platform-launcher.js';
import { FaultArgsError, faultUsage, parseFaultArgs } from '../core/rehearsal/fault-args.js';
import { rehearsalFiles } from '../core/rehearsal/rehearsal-service.js';
import { platformStatePath, readPlatformState } from '../core/rehearsal/state-file.js';
import { formatScenario, formatStatus } from '../core/rehearsal/status-text.js';
import { defaultResourcesDir } from '../core/paths.js';
import { addCommonOptions, dataDirFor, EXIT, untilStopped } from './cli-context.js';
import { monitoringCommand } from './monitoring-command.js';
import type { CliIo, CommonOptions } from './cli-context.js';

type JsonOption = { json?: boolean };

export function rehearseCommand(io: CliIo, setExit: (code: number) => void): Command {
  const rehearse = addCommonOptions(new Command('rehearse'))
    .enablePositionalOptions()
    .description('run the simulated launch platform (ports 8001-8013) and inject faults into it')
    .option('--any-port', 'use free ports instead of the topology\'s (when the defaults are taken)')
    .option('--json', 'print the status as JSON once the platform is up')
    .action(async (options: CommonOptions & JsonOption & { anyPort?: boolean }) => {
      setExit(await runForeground(io, options));
    });

  addCommonOptions(rehearse.command('status'))
    .description('show the running platform: services, versions, faults, scenario; exit 1 when none runs')
    .option('--json', 'machine-readable status on stdout')
    .action(async (options: CommonOptions & JsonOption) => {
      setExit(
        await withPlatform(io, options, async (platform) => {
          const status = await platform.status();
          io.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatStatus(status, Date.now())}\n`);
        }),
      );
    });

  addCommonOptions(rehearse.command('fault'))
    .description(`inject a fault into one service:\n${faultUsage()}`)
    .argument('<service>', 'service id, e.g. gateway')
    .argument('<kind>', 'stop, start, slow, errors, flapping, dependency-down, dependency-up, deploy or clear')
    .argument('[value]', 'the fault\'s value (see above)')
    .option('--json', 'print the new status as JSON')
    .action(async (service: string, kind: string, value: string | undefined, options: CommonOptions & JsonOption) => {
      setExit(
        await withPlatform(io, options, async (platform) => {
          let dependency: string | undefined;
          if ((kind === 'dependency-down' || kind === 'dependency-up') && !value) {
            const deps = (await platform.status()).services.find((s) => s.id === service)?.dependencies ?? [];
            if (deps.length === 1) dependency = deps[0];
          }
          const status = await platform.fault({ service, fault: parseFaultArgs(kind, value, dependency) });
          io.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatStatus(status, Date.now())}\n`);
        }),
      );
    });

  addCommonOptions(rehearse.command('scenario'))
    .description('play a named scenario; without a name, list them')
    .argument('[name]', 'scenario name, e.g. bad-deploy')
    .option('--speed <factor>', 'time compression, e.g. 60 plays a minute per second', parseSpeed)
    .option('--stop', 'stop the scenario being played')
    .option('--json', 'machine-readable output')
    .action(async (name: string | undefined, options: CommonOptions & JsonOption & { speed?: number; stop?: boolean }) => {
      setExit(
        await withPlatform(io, options, async (platform) => {
          if (options.stop) {
            const status = await platform.stopScenario();
            io.stdout.write(options.json ? `${JSON.stringify(status.scenario)}\n` : 'scenario stopped\n');
            return;
          }
          if (!name) {
            const { scenarios } = await platform.status();
            io.stdout.write(
              options.json ? `${JSON.stringify(scenarios, null, 2)}\n` : `${scenarios.map((s) => `${s.name.padEnd(20)} ${s.title} — ${s.description}`).join('\n')}\n`,
            );
            return;
          }
          const status = await platform.startScenario({ name, ...(options.speed ? { speed: options.speed } : {}) });
          io.stdout.write(options.json ? `${JSON.stringify(status.scenario, null, 2)}\n` : `${formatScenario(status.scenario!, Date.now())}\n`);
        }),
      );
    });

  addCommonOptions(rehearse.command('reset'))
    .description('clear every fault and put every service back on the baseline version')
    .action(async (options: CommonOptions) => {
      setExit(await withPlatform(io, options, async (platform) => void io.stdout.write(`${formatStatus(await platform.reset(), Date.now())}\n`)));
    });

  addCommonOptions(rehearse.command('stop'))
    .description('shut the running platform down')
    .action(async (options: CommonOptions) => {
      setExit(
        await withPlatform(io, options, async (platform) => {
          await platform.shutdown();
          io.stdout.write('rehearsal platform stopped\n');
        }),
      );
    });
  rehearse.addCommand(monitoringCommand(io, setExit));
  return rehearse;
}

function parseSpeed(value: string): number {
  const speed = Number(value);
  if (!Number.isFinite(speed) || speed < 0.1 || speed > 600) throw new InvalidArgumentError('expected a factor between 0.1 and 600');
  return speed;
}

/** Finds the platform of this data directory and runs `act` against it; maps failures to exit codes. */
async function withPlatform(io: CliIo, options: CommonOptions, act: (platform: PlatformClient) => Promise<void>): Promise<number> {
  const stateFile = platformStatePath(dataDirFor(options, io));
  const found = readPlatformState(stateFile);
  if (!found) {
    io.stderr.write(`no rehearsal platform is running for this data directory (${stateFile} is missing): start one with \`warroom rehearse\`\n`);
    return EXIT.failure;
  }
  try {
    await act(createPlatformClient({ controlUrl: found.controlUrl, token: found.token }));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof FaultArgsError) {
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof PlatformError) {
      io.stderr.write(`error: ${error.message}\n`);
      return error.status === 400 ? EXIT.usage : EXIT.failure;
    }
    throw error;
  }
}

async function runForeground(io: CliIo, options: CommonOptions & JsonOption & { anyPort?: boolean }): Promise<number> {
  const stateFile = platformStatePath(dataDirFor(options, io));
  const running = readPlatformState(stateFile);
  if (running) {
    io.stderr.write(`a rehearsal platform already runs for this data directory (pid ${running.pid}, control ${running.controlUrl}); see \`warroom rehearse status\`\n`);
    return EXIT.failure;
  }
  let platform;
  try {
    platform = await launchPlatform({ stateFile, anyPort: options.anyPort ?? false, ...rehearsalFiles(defaultResourcesDir()) });
  } catch (error) {
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
  const client = createPlatformClient({ controlUrl: platform.controlUrl, token: platform.token });
  const first = await client.status();
  io.stdout.write(options.json ? `${JSON.stringify(first, null, 2)}\n` : `${formatStatus(first, Date.now())}\n\nPress Ctrl-C to stop. Platform events:\n`);

  // Follow the platform's log so the terminal shows what faults and scenarios do.
  let lastAt = Math.max(0, ...first.log.map((entry) => entry.at));
  const follow = setInterval(() => {
    client
      .status()
      .then((status) => {
        for (const entry of status.log.filter((e) => e.at > lastAt)) {
          io.stdout.write(`${new Date(entry.at).toISOString().slice(11, 19)}  ${entry.service ?? 'platform'}: ${entry.message}\n`);
        }
        lastAt = Math.max(lastAt, ...status.log.map((entry) => entry.at));
      })
      .catch(() => undefined);
  }, 1000);
  const how = await Promise.race([platform.exited, untilStopped(io).then(() => undefined)]);
  clearInterval(follow);
  if (how !== undefined) {
    io.stderr.write(`the rehearsal platform ${how}\n`);
    return how.includes('code 0') ? EXIT.ok : EXIT.failure;
  }
  await platform.kill(3000);
  io.stderr.write('rehearsal platform stopped\n');
  return EXIT.ok;
}
