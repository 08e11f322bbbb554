/**
 * `warroom probe`: every probe of an environment once, results stored like the app's, a table (or
 * JSON), and exit 1 when any service is not ready: the launch-day port loop for pipelines.
 */
import { Command } from 'commander';
import type { ServiceHealth } from '../../shared/domain/probes.js';
import { addCommonOptions, EXIT } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';
import { formatLatency } from '../../shared/format/durations.js';
import { withCoreClient } from './cli-core.js';

/** Ready = every check of the service passed (slow is still ready); unknown = nothing to say. */
export function isReady(health: ServiceHealth): boolean | undefined {
  if (health.probes.length === 0) return undefined;
  return health.probes.every((probe) => probe.lastResult !== null && probe.lastResult.outcome !== 'down');
}

export function probeCommand(io: CliIo, setExit: (code: number) => void): Command {
  return addCommonOptions(new Command('probe'))
    .description('run every probe once; exit 1 when any service is not ready')
    .option('-e, --env <environment>', 'environment to probe (default: the config\'s defaultEnvironment)')
    .option('--json', 'machine-readable result on stdout')
    .action(async (options: CommonOptions & { env?: string; json?: boolean }) => {
      await withCoreClient(io, { ...options, ownership: 'owner' }, async (client) => {
        const started = Date.now();
        const overview = await client.call('health.checkAll', {});
        const notReady = overview.services.filter((s) => isReady(s) === false);
        if (options.json) {
          io.stdout.write(`${JSON.stringify({ environment: overview.environment, ready: notReady.length === 0, notReady: notReady.map((s) => s.service), services: overview.services }, null, 2)}\n`);
        } else {
          io.stdout.write(`${formatHealthTable(overview.services)}\n`);
          io.stdout.write(
            `${overview.environment}: ${overview.services.length - notReady.length}/${overview.services.length} ready` +
              `${notReady.length > 0 ? `; NOT ready: ${notReady.map((s) => s.service).join(', ')}` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
          );
        }
        setExit(notReady.length === 0 ? EXIT.ok : EXIT.failure);
      });
    });
}

function formatHealthTable(services: ServiceHealth[]): string {
  const rows = [['SERVICE', 'STATUS', 'LATENCY', 'CHECKS']];
  for (const health of services) {
    const status = health.causedBy ? `${health.status} (because ${health.causedBy})` : health.status;
    const checks = health.probes.map((p) => `${p.name}: ${p.lastResult?.detail ?? 'not run'}`).join('; ') || 'no probes';
    rows.push([health.service, status.toUpperCase(), formatLatency(health.latencyMs), checks]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n');
}
