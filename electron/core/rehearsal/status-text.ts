/** The platform's status as a terminal table, for `warroom rehearse` and `warroom rehearse status`. */
import type { PlatformStatus, ScenarioRun, ServiceStatus } from '../../../shared/domain/rehearsal.js';
import { formatCompactDuration } from '../../../shared/format/durations.js';
import { formatShare } from '../../../shared/format/numbers.js';

export function describeFaults(service: ServiceStatus): string {
  const parts: string[] = [];
  if (service.faults.slow) parts.push(`slow ${service.faults.slow.medianMs}ms/${service.faults.slow.p99Ms}ms`);
  if (service.faults.errorRate > 0) parts.push(`errors ${formatShare(service.faults.errorRate)}`);
  if (service.faults.flappingPeriodMs > 0) parts.push(`flapping ${formatCompactDuration(service.faults.flappingPeriodMs)}`);
  for (const dependency of service.faults.dependenciesDown) parts.push(`${dependency} down`);
  return parts.join(', ') || '-';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

export function formatStatus(status: PlatformStatus, now: number): string {
  const header =
    `Rehearsal platform  pid ${status.pid}  control ${status.controlUrl}  up ${formatCompactDuration(now - status.startedAt)}  ` +
    `baseline ${status.baseline}  database schema ${status.databaseSchema}`;
  const rows = [
    ['SERVICE', 'PORT', 'VERSION', 'RUNNING', 'READY', 'FAULTS', 'WHY NOT READY'],
    ...status.services.map((service) => [
      service.id,
      String(service.port),
      service.history.length > 0 ? `${service.version} (was ${service.history[0]})` : service.version,
      service.running ? 'yes' : 'STOPPED',
      service.ready ? 'yes' : 'NO',
      describeFaults(service),
      service.ready ? '' : service.reasons.join('; '),
    ]),
  ];
  const good = status.knownGood;
  const goodVersions = [...new Set(Object.values(good.versions))].join(', ');
  const lines = [
    `${header}  configuration revision ${status.configuration.revision}`,
    table(rows),
    `Known-good (${good.note}, ${new Date(good.recordedAt).toISOString()}): ${goodVersions}, database schema ${good.databaseSchema}, configuration revision ${good.configRevision}`,
  ];
  if (status.deploy) lines.push(`Deploying ${status.deploy.version}: done ${status.deploy.done.join(', ') || '-'}; pending ${status.deploy.pending.join(', ')}`);
  if (status.scenario) lines.push(formatScenario(status.scenario, now));
  return lines.join('\n');
}

export function formatScenario(run: ScenarioRun, now: number): string {
  const elapsed = (now - run.startedAt) * run.speed;
  const head = `Scenario ${run.name} "${run.title}" ${run.state}${run.speed !== 1 ? ` at ${run.speed}×` : ''}, ${formatCompactDuration(elapsed)} in`;
  const steps = run.steps.map((step) => {
    const mark = step.state === 'done' ? '✓' : step.state === 'failed' ? '✗' : '·';
    return `  ${mark} ${formatCompactDuration(step.atMs).padStart(6)}  ${step.say}${step.error ? `  (${step.error})` : ''}`;
  });
  return [head, ...steps].join('\n');
}
