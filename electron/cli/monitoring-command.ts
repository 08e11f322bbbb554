/**
 * `warroom rehearse monitoring start|stop|status`: the rehearsal monitoring stack (a real
 * Prometheus and Alertmanager on loopback, scraping the running platform and Warroom) in the
 * foreground until Ctrl-C or `stop`. It leaves <data-dir>/rehearsal/monitoring.json so `stop` and
 * `status` find it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { readDataDirLock } from '../core/instance/data-dir-lock.js';
import { defaultResourcesDir } from '../core/paths.js';
import { MissingBinaryError } from '../core/rehearsal/monitoring/binaries.js';
import { startMonitoringStack } from '../core/rehearsal/monitoring/monitoring-stack.js';
import { platformStatePath, readPlatformState } from '../core/rehearsal/state-file.js';
import { addCommonOptions, dataDirFor, EXIT, untilStopped } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';

const StateSchema = z.object({ pid: z.number().int().positive(), prometheusUrl: z.string(), alertmanagerUrl: z.string(), startedAt: z.number().int() });

export function monitoringStatePath(dataDir: string): string {
  return join(dataDir, 'rehearsal', 'monitoring.json');
}

type StartOptions = CommonOptions & { anyPort?: boolean; fast?: boolean; warroomUrl?: string };

export function monitoringCommand(io: CliIo, setExit: (code: number) => void): Command {
  const monitoring = new Command('monitoring').description(
    'the rehearsal monitoring stack: Prometheus (127.0.0.1:9190) with the five alert rules and Alertmanager (127.0.0.1:9193)',
  );
  addCommonOptions(monitoring.command('start'))
    .description('start Prometheus and Alertmanager against the running rehearsal platform; runs until Ctrl-C or `stop`')
    .option('--any-port', 'free ports instead of 9190/9193')
    .option('--fast', 'scrape and evaluate every 2 s and fire alerts after 10 s (a quick rehearsal)')
    .option('--warroom-url <url>', "Warroom's web shell to scrape at /metrics (default: the app running on this data dir; token from $WARROOM_TOKEN)")
    .action(async (options: StartOptions) => setExit(await runStack(io, options)));
  addCommonOptions(monitoring.command('stop'))
    .description('stop the monitoring stack started for this data directory')
    .action(async (options: CommonOptions) => setExit(await stopStack(io, options)));
  addCommonOptions(monitoring.command('status'))
    .description('where the running stack answers; exit 1 when none runs')
    .action((options: CommonOptions) => {
      const state = readState(monitoringStatePath(dataDirFor(options, io)));
      if (!state) {
        io.stderr.write('no monitoring stack runs for this data directory\n');
        setExit(EXIT.failure);
        return;
      }
      io.stdout.write(`Prometheus   ${state.prometheusUrl}\nAlertmanager ${state.alertmanagerUrl}\n(pid ${state.pid})\n`);
      setExit(EXIT.ok);
    });
  return monitoring;
}

async function runStack(io: CliIo, options: StartOptions): Promise<number> {
  const dataDir = dataDirFor(options, io);
  const stateFile = monitoringStatePath(dataDir);
  const running = readState(stateFile);
  if (running) {
    io.stderr.write(`a monitoring stack already runs for this data directory (pid ${running.pid}): see \`warroom rehearse monitoring status\`\n`);
    return EXIT.failure;
  }
  const platform = readPlatformState(platformStatePath(dataDir));
  if (!platform) {
    io.stderr.write('no rehearsal platform runs for this data directory: start one first (`warroom rehearse`, or `warroom serve` on the rehearsal config)\n');
    return EXIT.failure;
  }
  const appUrl = options.warroomUrl ?? readDataDirLock(dataDir)?.holder.url ?? undefined;
  let stack;
  try {
    stack = await startMonitoringStack({
      templateDir: join(defaultResourcesDir(), 'rehearsal', 'monitoring'),
      servicePorts: platform.ports,
      ...(appUrl ? { warroom: { url: appUrl, token: io.env.WARROOM_TOKEN } } : {}),
      ...(options.anyPort ? { prometheusPort: 0, alertmanagerPort: 0 } : {}),
      ...(options.fast ? { scrapeIntervalMs: 2000, evaluationIntervalMs: 2000, alertForMs: 10_000 } : {}),
    });
  } catch (error) {
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    // A missing binary says which package brings it (MissingBinaryError); either way nothing runs.
    return error instanceof MissingBinaryError ? EXIT.usage : EXIT.failure;
  }
  writeFileSync(stateFile, JSON.stringify({ pid: process.pid, prometheusUrl: stack.prometheusUrl, alertmanagerUrl: stack.alertmanagerUrl, startedAt: Date.now() }));
  io.stdout.write(
    `Prometheus   ${stack.prometheusUrl}  (rules: ServiceDown, HighAPILatency, PostgreSQLDown, HighErrorRate, BackupFailed)\n` +
      `Alertmanager ${stack.alertmanagerUrl}\n` +
      `${appUrl ? `scraping Warroom at ${appUrl}metrics\n` : ''}Press Ctrl-C to stop.\n`,
  );
  const how = await Promise.race([stack.exited, untilStopped(io).then(() => undefined)]);
  await stack.stop();
  rmSync(stateFile, { force: true });
  if (how !== undefined) {
    io.stderr.write(`the monitoring stack stopped: ${how}\n`);
    return EXIT.failure;
  }
  io.stderr.write('monitoring stack stopped\n');
  return EXIT.ok;
}

async function stopStack(io: CliIo, options: CommonOptions): Promise<number> {
  const stateFile = monitoringStatePath(dataDirFor(options, io));
  const state = readState(stateFile);
  if (!state) {
    io.stderr.write('no monitoring stack runs for this data directory\n');
    return EXIT.failure;
  }
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (isAlive(state.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(state.pid)) {
    io.stderr.write(`the monitoring stack (pid ${state.pid}) did not stop within 10 s\n`);
    return EXIT.failure;
  }
  io.stdout.write('monitoring stack stopped\n');
  return EXIT.ok;
}

function readState(path: string): z.infer<typeof StateSchema> | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = StateSchema.safeParse(json);
  return parsed.success && isAlive(parsed.data.pid) ? parsed.data : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}
