/**
 * `warroom plan import FILE.md`, `warroom plan status [--json]`, `warroom risk list|set`: the launch
 * plan and the risk register from a terminal. The file is read here and its text sent over the
 * contract (the core may be a running app). Commands that change something go through the app when
 * one holds the data dir, so its Plan view shows the change at once.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { RiskLevelSchema, RiskStatusSchema } from '../../shared/domain/plan.js';
import type { PlanImportResult, PlanStatus, Progress, Risk, SetRiskInput } from '../../shared/domain/plan.js';
import { addCommonOptions, EXIT, UsageError } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';
import { reportRefusal, withCoreClient } from './cli-core.js';

const bar = (p: Progress, width = 20) => {
  const filled = p.total === 0 ? 0 : Math.round((p.done / p.total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}${p.blocked > 0 ? `, ${p.blocked} blocked` : ''}`;
};

export function formatImport(result: PlanImportResult): string {
  const lines = [`imported ${result.tasks} tasks: ${result.added.length} added, ${result.removed.length} removed, ${result.changed.length} changed${result.kept > 0 ? `, ${result.kept} ticks made in the app kept` : ''}`];
  for (const [word, list] of [['+', result.added], ['-', result.removed], ['~', result.changed]] as const) {
    // A first import adds everything: the count says enough.
    if (word === '+' && result.removed.length === 0 && result.changed.length === 0 && list.length === result.tasks) continue;
    for (const text of list) lines.push(`  ${word} ${text}`);
  }
  if (result.risks.added.length + result.risks.changed.length > 0) lines.push(`risks: ${result.risks.added.length} added, ${result.risks.changed.length} changed`);
  return `${lines.join('\n')}\n`;
}

export function formatStatus(status: PlanStatus): string {
  if (!status.imported) return 'no plan imported yet: warroom plan import FILE.md --as NAME\n';
  const lines = [`${status.imported.fileName} (imported ${new Date(status.imported.at).toISOString().slice(0, 16).replace('T', ' ')} by ${status.imported.by}), today ${status.today}`, `total       ${bar(status.total)}`, '', 'DAYS'];
  for (const day of status.days) lines.push(`  ${day.day === status.today ? '>' : ' '} ${bar(day.progress)}  ${day.title}`);
  if (status.blockers.length > 0) {
    lines.push('', 'BLOCKERS');
    for (const b of status.blockers) lines.push(`  ${b.text}${b.owners.length ? ` (@${b.owners.join(', @')})` : ''}: ${b.reason ?? 'no reason given'}`);
  }
  if (status.deliverables.length > 0) {
    lines.push('', 'DELIVERABLES');
    for (const d of status.deliverables) lines.push(`    ${bar(d.progress)}  ${d.group}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatRisks(risks: readonly Risk[]): string {
  if (risks.length === 0) return 'no risks in the register\n';
  const lines = risks.map((r) => `#${String(r.id).padEnd(3)} ${r.rating.toUpperCase().padEnd(6)} ${r.status.padEnd(9)} L ${r.likelihood.padEnd(6)} I ${r.impact.padEnd(6)} ${r.title}${r.owner ? ` (${r.owner})` : ''}`);
  return `${lines.join('\n')}\n`;
}

export function planCommand(io: CliIo, setExit: (code: number) => void): Command {
  const plan = new Command('plan').description('the launch plan: import a Markdown plan, show its progress');
  plan.addCommand(
    addCommonOptions(new Command('import'))
      .description('import a Markdown plan (ticks made in the app survive; prints added / removed / changed)')
      .argument('<file>', 'the plan, e.g. resources/examples/launch-week-plan.md')
      .requiredOption('--as <name>', 'who imports it (audited)')
      .action(async (file: string, options: CommonOptions & { as: string }) => {
        let markdown: string;
        try {
          markdown = readFileSync(file, 'utf8');
        } catch (error) {
          throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
        }
        await withCoreClient(io, { ...options, throughAppWhenRunning: true }, async (client) => {
          io.stdout.write(formatImport(await client.call('plan.import', { markdown, fileName: basename(file), by: options.as })));
          setExit(EXIT.ok);
        }).catch((error: unknown) => setExit(reportRefusal(io, error)));
      }),
  );
  plan.addCommand(
    addCommonOptions(new Command('status'))
      .description('progress per day, blockers and the deliverables checklist')
      .option('--json', 'the status as JSON on stdout')
      .action(async (options: CommonOptions & { json?: boolean }) => {
        await withCoreClient(io, options, async (client) => {
          const status = await client.call('plan.status', {});
          io.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
          setExit(EXIT.ok);
        }).catch((error: unknown) => setExit(reportRefusal(io, error)));
      }),
  );
  for (const sub of plan.commands) sub.exitOverride().configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) });
  return plan;
}

export function riskCommand(io: CliIo, setExit: (code: number) => void): Command {
  const risk = new Command('risk').description('the risk register');
  risk.addCommand(
    addCommonOptions(new Command('list'))
      .description('every risk with its rating (likelihood × impact) and status')
      .option('--json', 'the register as JSON on stdout')
      .action(async (options: CommonOptions & { json?: boolean }) => {
        await withCoreClient(io, options, async (client) => {
          const risks = await client.call('risks.list', {});
          io.stdout.write(options.json ? `${JSON.stringify(risks, null, 2)}\n` : formatRisks(risks));
          setExit(EXIT.ok);
        }).catch((error: unknown) => setExit(reportRefusal(io, error)));
      }),
  );
  risk.addCommand(
    addCommonOptions(new Command('set'))
      .description('add a risk (no id: --title, --likelihood and --impact) or change one; kept in its history, audited')
      .argument('[id]', 'the risk to change (see warroom risk list)')
      .requiredOption('--as <name>', 'who changes it')
      .option('--title <text>')
      .addOption(new Option('--likelihood <level>').choices(RiskLevelSchema.options))
      .addOption(new Option('--impact <level>').choices(RiskLevelSchema.options))
      .addOption(new Option('--status <status>').choices(RiskStatusSchema.options))
      .option('--mitigation <text>')
      .option('--owner <name>')
      .option('--note <text>', 'why it changed')
      .action(async (id: string | undefined, options: CommonOptions & { as: string; title?: string; likelihood?: string; impact?: string; status?: string; mitigation?: string; owner?: string; note?: string }) => {
        const riskId = id === undefined ? undefined : Number(id);
        if (riskId !== undefined && !(Number.isInteger(riskId) && riskId > 0)) throw new UsageError(`risk id ${JSON.stringify(id)} is not a number`);
        const input: SetRiskInput = {
          by: options.as,
          ...(riskId !== undefined ? { id: riskId } : {}),
          ...(options.title ? { title: options.title } : {}),
          ...(options.likelihood ? { likelihood: RiskLevelSchema.parse(options.likelihood) } : {}),
          ...(options.impact ? { impact: RiskLevelSchema.parse(options.impact) } : {}),
          ...(options.status ? { status: RiskStatusSchema.parse(options.status) } : {}),
          ...(options.mitigation !== undefined ? { mitigation: options.mitigation } : {}),
          ...(options.owner !== undefined ? { owner: options.owner } : {}),
          ...(options.note ? { note: options.note } : {}),
        };
        await withCoreClient(io, { ...options, throughAppWhenRunning: true }, async (client) => {
          const saved = await client.call('risks.set', input);
          io.stdout.write(`risk #${saved.id}: ${saved.title}: ${saved.rating} (likelihood ${saved.likelihood} × impact ${saved.impact}), ${saved.status}\n`);
          setExit(EXIT.ok);
        }).catch((error: unknown) => setExit(reportRefusal(io, error)));
      }),
  );
  for (const sub of risk.commands) sub.exitOverride().configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) });
  return risk;
}
