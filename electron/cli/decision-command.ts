/**
 * `warroom decision show [--json]` and `warroom decision export [--format md|pdf] [--out F]`: the
 * frozen go/no-go decision record from the terminal. PDF goes through Chromium headless when it is
 * installed (chromium-pdf.ts); without it the command says PDF is unavailable.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { DecisionRecord } from '../../shared/domain/meeting.js';
import { addCommonOptions, EXIT } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';
import { findChromium, PdfPrintError, printHtmlToPdf } from './chromium-pdf.js';
import { reportRefusal, withCoreClient } from './cli-core.js';

type ShowOptions = CommonOptions & { json?: boolean; id?: number };
type ExportOptions = CommonOptions & { format: 'md' | 'pdf'; out?: string; id?: number };

const decisionId = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a decision number');
  return n;
};

export function decisionCommand(io: CliIo, setExit: (code: number) => void): Command {
  const decision = new Command('decision').description('the go/no-go decision record: show it, export it as Markdown or PDF');

  addCommonOptions(decision.command('show'))
    .description('show the newest decision record (or --id N)')
    .option('--id <n>', 'the decision number (default: the newest)', decisionId)
    .option('--json', 'the whole record as JSON on stdout')
    .action(async (options: ShowOptions) => {
      setExit(
        await withCoreClient(io, options, async (client) => {
          try {
            const record = await client.call('decision.get', options.id === undefined ? {} : { decisionId: options.id });
            if (!record) {
              io.stderr.write('no decision has been recorded yet\n');
              return EXIT.failure;
            }
            io.stdout.write(options.json ? `${JSON.stringify(record, null, 2)}\n` : describe(record));
            return EXIT.ok;
          } catch (error) {
            return reportRefusal(io, error);
          }
        }),
      );
    });

  addCommonOptions(decision.command('export'))
    .description('export the newest decision record (or --id N) as Markdown (default: on stdout) or PDF (needs Chromium)')
    .addOption(new Option('--format <format>', 'md or pdf').choices(['md', 'pdf']).default('md'))
    .option('--out <file>', 'file to write (PDF default: the record\'s file name in the current directory)')
    .option('--id <n>', 'the decision number (default: the newest)', decisionId)
    .action(async (options: ExportOptions) => {
      setExit(await exportRecord(io, options));
    });
  return decision;
}

async function exportRecord(io: CliIo, options: ExportOptions): Promise<number> {
  const chromium = options.format === 'pdf' ? findChromium(io.env) : null;
  if (options.format === 'pdf' && !chromium) {
    io.stderr.write(
      'error: PDF export is unavailable: it needs Chromium (chromium, chromium-browser or google-chrome on PATH, or WARROOM_CHROMIUM); ' +
        'export Markdown with --format md, or print the record from the app\n',
    );
    return EXIT.failure;
  }
  return withCoreClient(io, options, async (client) => {
    try {
      const id = options.id === undefined ? {} : { decisionId: options.id };
      const exported = await client.call('decision.export', { ...id, format: options.format === 'pdf' ? 'html' : 'md' });
      if (options.format === 'md') {
        if (!options.out) {
          io.stdout.write(exported.content);
          return EXIT.ok;
        }
        const out = resolve(io.cwd, options.out);
        writeFileSync(out, exported.content);
        io.stderr.write(`decision #${exported.decisionId} written to ${out}\n`);
        return EXIT.ok;
      }
      const out = resolve(io.cwd, options.out ?? exported.fileName.replace(/\.html$/, '.pdf'));
      await printHtmlToPdf({ chromium: chromium!, html: exported.content, out });
      io.stderr.write(`decision #${exported.decisionId} written to ${out}\n`);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof PdfPrintError) {
        io.stderr.write(`error: ${error.message}\n`);
        return EXIT.failure;
      }
      return reportRefusal(io, error);
    }
  });
}

function describe(record: DecisionRecord): string {
  const time = (at: number) => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const lines = [
    `decision #${record.id}: ${record.decision} (${record.environment}), ${time(record.decidedAt)} by ${record.decidedBy}`,
    `  board: ${record.board.score} % (GO needs ${record.board.threshold} %), board verdict ${record.board.verdict}` +
      `${record.board.waivers.length > 0 ? `, ${record.board.waivers.length} waiver(s)` : ''}`,
    `  votes: GO ${record.tally.GO}, NO-GO ${record.tally['NO-GO']}, HOLD ${record.tally.HOLD}` +
      `${record.tally.missing.length > 0 ? `; did not vote: ${record.tally.missing.join(', ')}` : ''}`,
    `  attendees: ${record.attendees.join(', ')}`,
    `  rationale: ${record.rationale}`,
  ];
  const f = record.followUps;
  if (f.decision === 'GO') lines.push(`  launch: ${time(f.launchAt)}${f.schedule.length > 0 ? ` (${f.schedule.length} step schedule)` : ''}`);
  else lines.push(`  new target: ${time(f.newTargetAt)}; remediation: ${f.remediation.map((r) => `${r.criterionId} → ${r.owner} by ${time(r.dueAt)}`).join('; ') || 'none'}`);
  lines.push(`  open items: ${record.openItems.length}; digest sha256 ${record.digest}${record.intact ? '' : ' (DOES NOT MATCH: the stored record was altered)'}`);
  return `${lines.join('\n')}\n`;
}
