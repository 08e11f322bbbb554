/**
 * `warroom verdict`, `warroom signoff`, `warroom waive`: the go/no-go board from a terminal or a
 * pipeline. They open a guest core (they read or append beside a running app) and go through the
 * contract like every other command. `verdict` exits 0 on GO and 1 on NO-GO so a pipeline can gate on it.
 */
import { Command } from 'commander';
import type { BoardEvaluation, CriterionEvaluation } from '../../shared/domain/board.js';
import { formatDuration } from '../../shared/format/durations.js';
import { addCommonOptions, EXIT } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';
import { reportRefusal, withCoreClient } from './cli-core.js';

export function verdictCommand(io: CliIo, setExit: (code: number) => void): Command {
  return addCommonOptions(new Command('verdict'))
    .description('the go/no-go board: score per category, blockers, stale criteria, GO/NO-GO (exit 0 on GO, 1 on NO-GO)')
    .option('-e, --env <environment>', "environment to evaluate (default: the config's defaultEnvironment)")
    .option('--json', 'the whole evaluation as JSON on stdout')
    .action(async (options: CommonOptions & { env?: string; json?: boolean }) => {
      await withCoreClient(io, options, async (client) => {
        const board = await client.call('board.get', options.env ? { environment: options.env } : {});
        io.stdout.write(options.json ? `${JSON.stringify(board, null, 2)}\n` : formatBoard(board));
        setExit(board.verdict === 'GO' ? EXIT.ok : EXIT.failure);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });
}

export function signoffCommand(io: CliIo, setExit: (code: number) => void): Command {
  return addCommonOptions(new Command('signoff'))
    .description('sign off a manual criterion of the board (audited)')
    .argument('<criterion>', 'criterion id, as in the config')
    .requiredOption('--as <name>', 'who signs off')
    .option('--note <text>', 'a note kept with the sign-off')
    .option('--link <url>', 'an attachment: minutes, a training record…')
    .action(async (criterionId: string, options: CommonOptions & { as: string; note?: string; link?: string }) => {
      await withCoreClient(io, { ...options, throughAppWhenRunning: true }, async (client) => {
        const signoff = await client.call('board.signoff', {
          criterionId,
          by: options.as,
          ...(options.note ? { note: options.note } : {}),
          ...(options.link ? { link: options.link } : {}),
        });
        io.stdout.write(`signed off ${criterionId} as ${signoff.by}${signoff.role ? ` (${signoff.role})` : ''}: sign-off #${signoff.id}\n`);
        setExit(EXIT.ok);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });
}

export function waiveCommand(io: CliIo, setExit: (code: number) => void): Command {
  return addCommonOptions(new Command('waive'))
    .description('waive a criterion that is not met until a date (audited); it counts again after that day')
    .argument('<criterion>', 'criterion id, as in the config')
    .requiredOption('--as <name>', "the waiver's owner")
    .requiredOption('--reason <text>', 'why the launch may go without it')
    .requiredOption('--expires <date>', 'YYYY-MM-DD: the last day the waiver holds (local time)')
    .action(async (criterionId: string, options: CommonOptions & { as: string; reason: string; expires: string }) => {
      const expiresAt = endOfLocalDay(options.expires);
      if (expiresAt === null) {
        io.stderr.write(`error: --expires ${JSON.stringify(options.expires)} is not a date: expected YYYY-MM-DD\n`);
        setExit(EXIT.usage);
        return;
      }
      await withCoreClient(io, { ...options, throughAppWhenRunning: true }, async (client) => {
        const waiver = await client.call('board.waive', { criterionId, by: options.as, reason: options.reason, expiresAt });
        io.stdout.write(`waived ${criterionId} until the end of ${options.expires} (owner ${waiver.owner}): waiver #${waiver.id}\n`);
        setExit(EXIT.ok);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });
}

/** Midnight after the given day in local time (the waiver holds through that day), or null. */
export function endOfLocalDay(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return new Date(year, month - 1, day + 1).getTime();
}

const when = (at: number | null) => (at === null ? '' : new Date(at).toISOString().slice(0, 16).replace('T', ' '));

/** The board for a terminal: verdict line, categories, blockers, stale, then every criterion by group. */
export function formatBoard(board: BoardEvaluation): string {
  const lines: string[] = [];
  const extras = [
    board.staleCount > 0 ? `${board.staleCount} stale` : '',
    board.unknownCount > 0 ? `${board.unknownCount} unknown` : '',
    board.waivers.length > 0 ? `with ${board.waivers.length} waiver${board.waivers.length > 1 ? 's' : ''}` : '',
  ].filter(Boolean);
  lines.push(`${board.verdict}  ${board.score} % (GO at ${board.threshold} %)${extras.length ? `, ${extras.join(', ')}` : ''}  [${board.environment}, as of ${when(board.asOf)}]`);
  for (const c of board.categories) {
    lines.push(`  ${c.category.padEnd(12)} ${c.score === null ? '   —   ' : `${c.score.toFixed(1).padStart(5)} %`}  ${c.met}/${c.total} met   weight ${c.weight}`);
  }
  if (board.blockers.length > 0) {
    lines.push('', 'BLOCKERS');
    for (const b of board.blockers) lines.push(`  ${b.criterionId}: ${b.title}: ${b.why}`);
  }
  const risks = board.highRisks.filter((r) => !board.blockers.some((b) => b.criterionId === `risk-${r.riskId}`));
  if (risks.length > 0) {
    lines.push('', 'OPEN HIGH RISKS (information)');
    for (const r of risks) lines.push(`  risk #${r.riskId}: ${r.title} (likelihood ${r.likelihood} × impact ${r.impact})`);
  }
  const stale = board.criteria.filter((c) => c.state === 'stale');
  if (stale.length > 0) {
    lines.push('', 'STALE');
    for (const c of stale) lines.push(`  ${c.id}: ${c.why ?? ''}`);
  }
  if (board.toGo && board.toGo.length > 0) lines.push('', `${board.toGo.length} more to GO: ${board.toGo.map((c) => c.criterionId).join(', ')}`);
  for (const group of ['technical', 'operational', 'business'] as const) {
    const inGroup = board.criteria.filter((c) => c.group === group);
    if (inGroup.length === 0) continue;
    lines.push('', group.toUpperCase());
    for (const c of inGroup) lines.push(...criterionLines(c));
  }
  return `${lines.join('\n')}\n`;
}

function criterionLines(c: CriterionEvaluation): string[] {
  const mark = c.state === 'met' ? 'MET' : c.state === 'waived' ? 'WAIVED' : c.state === 'not-met' ? 'NOT MET' : c.state.toUpperCase();
  const lines = [`  ${mark.padEnd(8)} ${c.id}${c.hardBlocker ? ' (blocker)' : ''}: ${c.title} — ${c.asks}, max age ${formatDuration(c.maxAgeMs)}`];
  if (c.why) lines.push(`           why: ${c.why}`);
  if (c.state === 'waived' && c.waiver) lines.push(`           waived by ${c.waiver.owner} until ${when(c.waiver.expiresAt)}: ${c.waiver.reason}`);
  for (const e of c.evidence) lines.push(`           ${e.what}${e.by ? ` by ${e.by}` : ''}${e.at !== null ? ` at ${when(e.at)}` : ''}`);
  return lines;
}
