/**
 * `warroom alert list|test|silence`: Alertmanager from a terminal, through the contract like every
 * other command. `test` posts a synthetic alert and exits 0 only when Alertmanager listed it.
 */
import { Command, InvalidArgumentError } from 'commander';
import type { Alert, AlertsState } from '../../shared/domain/alerts.js';
import { durationToMs } from '../../shared/domain/duration.js';
import { formatDuration } from '../../shared/format/durations.js';
import { addCommonOptions, EXIT } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';
import { reportRefusal, withCoreClient } from './cli-core.js';

export function alertCommand(io: CliIo, setExit: (code: number) => void): Command {
  const alert = new Command('alert').description("the environment's Alertmanager: firing alerts, a test alert, acknowledging with a silence");

  addCommonOptions(alert.command('list'))
    .description('alerts Alertmanager holds now (active first, then silenced or inhibited) with the runbook of each; exit 1 when it cannot be read')
    .option('--json', 'the whole state as JSON on stdout')
    .action(async (options: CommonOptions & { json?: boolean }) => {
      await withCoreClient(io, options, async (client) => {
        const state = await client.call('alerts.list', { refresh: true });
        io.stdout.write(options.json ? `${JSON.stringify(state, null, 2)}\n` : formatAlerts(state));
        setExit(state.source.state === 'ok' ? EXIT.ok : EXIT.failure);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });

  addCommonOptions(alert.command('test'))
    .description('post a synthetic alert (WarroomTestAlert) to Alertmanager and wait until it is listed there (audited)')
    .requiredOption('--as <name>', 'who sends it')
    .option('--wait <duration>', 'how long to wait for it to arrive (default 10s)', parseDuration, 10_000)
    .action(async (options: CommonOptions & { as: string; wait: number }) => {
      await withCoreClient(io, { ...options, throughAppWhenRunning: true }, async (client) => {
        const result = await client.call('alerts.sendTest', { by: options.as, waitMs: Math.min(options.wait, 60_000) });
        if (result.arrivedAt === null) {
          io.stderr.write(`posted test alert ${result.testId}, but Alertmanager did not list it within ${formatDuration(options.wait)}\n`);
          setExit(EXIT.failure);
          return;
        }
        io.stdout.write(`test alert ${result.testId} arrived in Alertmanager after ${formatDuration(result.arrivedAt - result.postedAt)} (fingerprint ${result.fingerprint})\n`);
        setExit(EXIT.ok);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });

  addCommonOptions(alert.command('silence'))
    .description('acknowledge an alert: a silence on its labels in Alertmanager (audited)')
    .argument('<fingerprint>', 'the alert, as `warroom alert list` shows it')
    .requiredOption('--as <name>', 'who acknowledges')
    .requiredOption('--reason <text>', 'why')
    .option('--for <duration>', 'how long (default 1h)', parseDuration, 3_600_000)
    .action(async (fingerprint: string, options: CommonOptions & { as: string; reason: string; for: number }) => {
      await withCoreClient(io, { ...options, throughAppWhenRunning: true }, async (client) => {
        const silence = await client.call('alerts.silence', { fingerprint, by: options.as, reason: options.reason, durationMs: options.for });
        io.stdout.write(`silenced for ${formatDuration(options.for)}: silence ${silence.silenceId}\n`);
        setExit(EXIT.ok);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });
  return alert;
}

function parseDuration(value: string): number {
  try {
    return durationToMs(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

export function formatAlerts(state: AlertsState): string {
  const lines: string[] = [];
  if (state.source.state === 'unconfigured') return `${state.source.message}\n`;
  lines.push(state.source.state === 'ok' ? `Alertmanager ${state.source.url}` : `${state.source.message}`);
  if (state.source.state !== 'ok') lines.push(state.alertsAt === null ? 'alerts: unknown' : `alerts as of ${new Date(state.alertsAt).toISOString()} (stale):`);
  if (state.alerts.length === 0 && state.source.state === 'ok') lines.push('no alert is firing');
  for (const alert of state.alerts) lines.push(formatAlert(alert));
  return `${lines.join('\n')}\n`;
}

function formatAlert(alert: Alert): string {
  const status = alert.status === 'active' ? 'FIRING' : alert.silencedBy.length > 0 ? 'silenced' : alert.inhibitedBy.length > 0 ? 'inhibited' : alert.status;
  const where = alert.service ? ` ${alert.service}` : '';
  const runbook = alert.runbookId ? `  runbook: ${alert.runbookId}` : '';
  return `${status.padEnd(9)} ${alert.name}${where}  since ${new Date(alert.startsAt).toISOString().slice(11, 19)}  ${alert.fingerprint}${runbook}${alert.annotations.summary ? `\n          ${alert.annotations.summary}` : ''}`;
}
