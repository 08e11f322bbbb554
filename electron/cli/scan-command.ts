/**
 * `warroom scan import|list|triage|gate|export`: the security findings register from a terminal.
 * Every subcommand opens a guest core (it reads or appends beside a running app). `warroom scan`
 * itself runs the configured scanners (security.scanners) as an owner: it starts runs.
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { CommandClient, CommandInput } from '../../shared/contract/index.js';
import type { ScanRun } from '../../shared/domain/security-scanners.js';
import { FindingKindSchema, ReportFormatSchema, SEVERITIES, SeveritySchema, TriageStateSchema } from '../../shared/domain/security.js';
import type { FindingKind, ReportFormat, Severity, TriageState } from '../../shared/domain/security.js';
import { SecurityExportFormatSchema } from '../../shared/domain/security-register.js';
import type { FindingFilter, FindingRecord, SecurityExportFormat } from '../../shared/domain/security-register.js';
import type { SecurityGate } from '../../shared/domain/security.js';
import { formatDuration } from '../../shared/format/durations.js';
import { addCommonOptions, dataDirFor, EXIT } from './cli-context.js';
import { readReportContents } from './report-contents.js';
import type { ReportContents } from './report-contents.js';
import { ReportParseError } from '../core/security/parsers/index.js';
import { InvalidRequestError } from '../core/errors.js';
import { readDataDirLock } from '../core/instance/data-dir-lock.js';
import type { CliIo, CommonOptions } from './cli-context.js';
import { reportRefusal, waitForEnd, withCoreClient } from './cli-core.js';

/** A value of a zod enum, or commander's usage error naming the choices. */
function oneOf<T extends string>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, what: string, choices: readonly string[]) {
  return (value: string): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new InvalidArgumentError(`expected a ${what}: ${choices.join(', ')}`);
    return parsed.data;
  };
}

function many<T extends string>(parse: (value: string) => T) {
  return (value: string, previous: T[] | undefined): T[] => [...(previous ?? []), ...value.split(',').map((v) => parse(v.trim()))];
}

const parseSeverity = oneOf<Severity>(SeveritySchema, 'severity', SEVERITIES);
const parseState = oneOf<TriageState>(TriageStateSchema, 'triage state', TriageStateSchema.options);
const parseKind = oneOf<FindingKind>(FindingKindSchema, 'kind', FindingKindSchema.options);
const parseFormat = oneOf<ReportFormat>(ReportFormatSchema, 'report format', ReportFormatSchema.options);
const parseExportFormat = oneOf<SecurityExportFormat>(SecurityExportFormatSchema, 'export format', SecurityExportFormatSchema.options);

function parseId(value: string): number {
  if (!/^[1-9]\d{0,9}$/.test(value)) throw new InvalidArgumentError(`expected a finding id (a positive number), got "${value}"`);
  return Number(value);
}

/** YYYY-MM-DD: the acceptance holds through that day (UTC) and expires when it ends. */
function parseExpiry(value: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const at = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1) : Number.NaN;
  if (!match || Number.isNaN(at) || new Date(at - 1).toISOString().slice(0, 10) !== value) throw new InvalidArgumentError(`expected a date YYYY-MM-DD, got "${value}"`);
  return at;
}

interface FilterOptions {
  state?: TriageState[] | undefined;
  severity?: Severity[];
  kind?: FindingKind[];
  path?: string;
  tool?: string;
  rule?: string;
  text?: string;
}

function addFilterOptions(command: Command, states: boolean): Command {
  if (states) command.option('--state <state>', `only findings in this state (${TriageStateSchema.options.join(', ')}; repeat or comma-separate)`, many(parseState));
  return command
    .option('--severity <severity>', `only this severity (${SEVERITIES.join(', ')}; repeat or comma-separate)`, many(parseSeverity))
    .option('--kind <kind>', `only this kind (${FindingKindSchema.options.join(', ')})`, many(parseKind))
    .option('--path <prefix>', 'only files under this path (e.g. tests/)')
    .option('--tool <name>', 'only findings this tool reported')
    .option('--rule <id>', 'only this rule')
    .option('--text <words>', 'words in the title, rule, file, package or CVE');
}

function filterOf(options: FilterOptions): FindingFilter {
  return {
    ...(options.state ? { state: options.state } : {}),
    ...(options.severity ? { severity: options.severity } : {}),
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.path !== undefined ? { pathPrefix: options.path } : {}),
    ...(options.tool !== undefined ? { tool: options.tool } : {}),
    ...(options.rule !== undefined ? { ruleId: options.rule } : {}),
    ...(options.text !== undefined ? { text: options.text } : {}),
  };
}

const openLine = (open: Record<Severity, number>) => `open: ${SEVERITIES.map((s) => `${s} ${open[s]}`).join(', ')}`;

function where(finding: FindingRecord): string {
  if (finding.location) return `${finding.location.file}${finding.location.line === null ? '' : `:${finding.location.line}`}`;
  if (finding.package) return `${finding.package.name}${finding.package.installedVersion ? `@${finding.package.installedVersion}` : ''}`;
  return '-';
}

function findingLine(finding: FindingRecord, now: number): string {
  const due =
    finding.deadlineAt === null ? '' : finding.overdue ? `  OVERDUE by ${formatDuration(now - finding.deadlineAt)}` : `  due in ${formatDuration(finding.deadlineAt - now)}`;
  const flags = finding.blocking ? ' [blocking]' : '';
  return `#${finding.id}  ${finding.severity.padEnd(8)} ${finding.state.padEnd(14)} ${where(finding)}  ${finding.title}${flags}${due}`;
}

function gateText(gate: SecurityGate | null): string {
  if (gate === null) return 'security gate: NO EVIDENCE (nothing has been scanned yet)';
  if (gate.open) return `security gate: OPEN (${openLine(gate.openBySeverity)})`;
  return `security gate: CLOSED\n${gate.reasons.map((r) => `  - ${r}`).join('\n')}`;
}

const operatorName = (as: string | undefined) => as ?? userInfo().username;

export function scanCommand(io: CliIo, setExit: (code: number) => void): Command {
  const scan = new Command('scan').description('run the configured scanners, or work on the security findings register: import scanner reports, list, triage, gate, export');
  // `scan`'s own options (--json, --config…) only before a subcommand; after it they are the subcommand's.
  scan.enablePositionalOptions();
  addCommonOptions(scan)
    .option('-e, --env <environment>', 'environment (default: the config\'s defaultEnvironment); scanners of other environments do not run')
    .option('--scanner <id>', 'run only this scanner (repeat for several; default: every scanner of the environment)', (value: string, previous: string[]) => [...previous, value], [])
    .option('--as <name>', 'who runs it, for the register (default: your user name)')
    .option('--json', 'machine-readable result: {"runs":[…],"gate":…}')
    .action(async (options: CommonOptions & { env?: string; scanner: string[]; as?: string; json?: boolean }) => {
      setExit(
        await withCoreClient(io, { ...options, ownership: 'owner' }, (client) => runScanners(client, io, options)).catch((error: unknown) => reportRefusal(io, error)),
      );
    });

  addCommonOptions(scan.command('import'))
    .description('import scanner reports (a folder imports every *.sarif / *.json in it), in one transaction')
    .argument('<paths...>', 'report files or folders')
    .option('-f, --format <format>', `report format (${ReportFormatSchema.options.join(', ')}; detected when omitted)`, parseFormat)
    .option('--root <dir>', 'the folder that was scanned: report paths are made relative to it (default: the current directory)')
    .option('--scope <id>', 'compare with earlier scans of this scope (default: per tool and root)')
    .option('--as <name>', 'who imports, for the audit trail (default: your user name)')
    .option('--json', 'machine-readable result: {"new","fixed","unchanged","open"}')
    .action(async (paths: string[], options: CommonOptions & { format?: ReportFormat; root?: string; scope?: string; as?: string; json?: boolean }) => {
      const scanRoot = resolve(io.cwd, options.root ?? '.');
      const actor = operatorName(options.as);
      const common = { scanRoot, actor, ...(options.format ? { format: options.format } : {}), ...(options.scope ? { scope: options.scope } : {}) };
      let contents: ReportContents | null;
      try {
        contents = readReportContents(paths, { cwd: io.cwd, scanRoot, format: options.format });
      } catch (error) {
        // A bad report (or path) is named before anything is sent or written.
        if (!(error instanceof ReportParseError || error instanceof InvalidRequestError)) throw error;
        io.stderr.write(`error: ${error.message}\n`);
        setExit(EXIT.usage);
        return;
      }
      // Sent as contents, it goes through the app that holds the data dir (its register, its events);
      // too large for one request, it is imported by path in a core of its own, as before.
      if (contents === null && readDataDirLock(dataDirFor(options, io))?.live) {
        io.stderr.write('warroom: these reports are too large to send through the running app: imported here; the app shows them once its Security view is reloaded\n');
      }
      await withCoreClient(io, { ...options, throughAppWhenRunning: contents !== null }, async (client) => {
        const result =
          contents === null
            ? await client.call('security.importReports', { ...common, paths: paths.map((p) => resolve(io.cwd, p)) })
            : await client.call('security.importReportContents', { ...common, ...contents });
        if (options.json) {
          io.stdout.write(`${JSON.stringify({ new: result.new, fixed: result.fixed, unchanged: result.unchanged, open: result.open })}\n`);
        } else {
          const reopened = result.reopened > 0 ? ` (${result.reopened} reopened)` : '';
          io.stdout.write(`${result.new} new${reopened}, ${result.fixed} fixed, ${result.unchanged} unchanged\n${openLine(result.open)}\n`);
          for (const s of result.scans) {
            const tools = s.tools.map((t) => (t.version ? `${t.tool} ${t.version}` : t.tool)).join(', ');
            io.stdout.write(`  scan ${s.id}  ${s.scope}  ${s.sourceFile ?? '-'}  ${tools}: ${s.counts.total} findings\n`);
            for (const warning of s.warnings) io.stdout.write(`    warning: ${warning}\n`);
          }
        }
        setExit(EXIT.ok);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });

  addFilterOptions(addCommonOptions(scan.command('list')), true)
    .description('findings in remediation order (critical secrets first)')
    .option('--limit <n>', 'at most this many (default 10000)', (v) => Number(v))
    .option('--json', 'machine-readable output')
    .action(async (options: CommonOptions & FilterOptions & { limit?: number; json?: boolean }) => {
      await withCoreClient(io, options, async (client) => {
        const page = await client.call('security.listFindings', { filter: filterOf(options), limit: options.limit ?? 10_000 });
        if (options.json) io.stdout.write(`${JSON.stringify(page.findings, null, 2)}\n`);
        else {
          const now = Date.now();
          for (const finding of page.findings) io.stdout.write(`${findingLine(finding, now)}\n`);
          io.stdout.write(`${page.findings.length} of ${page.total} findings\n`);
        }
        setExit(EXIT.ok);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });

  addFilterOptions(addCommonOptions(scan.command('triage')), false)
    .description('set the triage state (and blocking flag) of findings by id, or of every finding the filter options match')
    .argument('[ids...]', 'finding ids (see `warroom scan list`); omit to triage by filter')
    .option('--state <state>', 'open, confirmed, false-positive or accepted', parseState)
    .option('--reason <text>', 'why (required for false-positive and accepted)')
    .option('--expires <YYYY-MM-DD>', 'accepted: the acceptance holds through this day (UTC)', parseExpiry)
    .option('--mitigation <text>', 'accepted: what limits the risk meanwhile')
    .option('--owner <name>', 'accepted: who owns the risk')
    .option('--blocking', 'flag the findings blocking (an open blocking finding closes the gate)')
    .option('--not-blocking', 'clear the blocking flag')
    .option('--as <name>', 'who triages, for the audit trail (default: your user name)')
    .option('--json', 'machine-readable result')
    .action(async (ids: string[], options: CommonOptions & FilterOptions & {
      state?: TriageState; reason?: string; expires?: number; mitigation?: string; owner?: string; blocking?: boolean; notBlocking?: boolean; as?: string; json?: boolean;
    }) => {
      // --state here is the state to set, not a filter.
      const filter = filterOf({ ...options, state: undefined });
      if (ids.length > 0 && Object.keys(filter).length > 0) {
        io.stderr.write('error: name finding ids or filter options, not both\n');
        return setExit(EXIT.usage);
      }
      if (ids.length === 0 && Object.keys(filter).length === 0) {
        io.stderr.write('error: name finding ids, or filter options (--path, --kind, --severity…) to triage every finding they match\n');
        return setExit(EXIT.usage);
      }
      if (options.state === 'fixed') {
        io.stderr.write('error: fixed is set by a re-scan that no longer sees a finding, not by hand\n');
        return setExit(EXIT.usage);
      }
      let parsedIds: number[];
      try {
        parsedIds = ids.map(parseId);
      } catch (error) {
        io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
        return setExit(EXIT.usage);
      }
      const blocking = options.blocking ? true : options.notBlocking ? false : undefined;
      const input: CommandInput<'security.triage'> = {
        ...(parsedIds.length > 0 ? { ids: parsedIds } : { filter }),
        ...(options.state ? { state: options.state } : {}),
        ...(blocking !== undefined ? { blocking } : {}),
        ...(options.reason ? { reason: options.reason } : {}),
        ...(options.expires !== undefined ? { expiresAt: options.expires } : {}),
        ...(options.mitigation ? { mitigation: options.mitigation } : {}),
        ...(options.owner ? { owner: options.owner } : {}),
        actor: operatorName(options.as),
      };
      await withCoreClient(io, options, async (client) => {
        const result = await client.call('security.triage', input);
        if (options.json) io.stdout.write(`${JSON.stringify(result)}\n`);
        else io.stdout.write(`${result.changed.length} changed, ${result.unchanged} already so\n${openLine(result.open)}\n`);
        setExit(EXIT.ok);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });

  addCommonOptions(scan.command('gate'))
    .description('the security gate; exits 1 while it is closed (or nothing was scanned), naming why')
    .option('--json', 'machine-readable gate (null when nothing was scanned)')
    .action(async (options: CommonOptions & { json?: boolean }) => {
      await withCoreClient(io, options, async (client) => {
        const gate = await client.call('security.gate', {});
        if (options.json) io.stdout.write(`${JSON.stringify(gate)}\n`);
        else io.stdout.write(`${gateText(gate)}\n`);
        setExit(gate?.open ? EXIT.ok : EXIT.failure);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });

  addFilterOptions(addCommonOptions(scan.command('export')), true)
    .description('the register as CSV, JSON, SARIF 2.1.0 (triage as suppressions) or the Markdown security summary')
    .requiredOption('-f, --format <format>', 'csv, json, sarif or md', parseExportFormat)
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (options: CommonOptions & FilterOptions & { format: SecurityExportFormat; out?: string }) => {
      await withCoreClient(io, options, async (client) => {
        const exported = await client.call('security.export', { format: options.format, filter: filterOf(options) });
        if (options.out) {
          const out = resolve(io.cwd, options.out);
          writeFileSync(out, exported.content, { mode: 0o600 });
          io.stderr.write(`wrote ${out}\n`);
        } else {
          io.stdout.write(exported.content);
        }
        setExit(EXIT.ok);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });

  // Usage errors in a subcommand's own options (a bad --expires) end through runCli with exit 2,
  // never with commander's process.exit.
  for (const sub of scan.commands) sub.exitOverride().configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) });
  return scan;
}

/**
 * Runs the scanners and waits for every run: live output on stderr, a line per scanner and the
 * gate on stdout. Exit 2 when a scanner failed or was cancelled (its report is missing or
 * unreadable: the register did not learn anything from it), else 1 while the gate is closed (or
 * has no evidence), else 0.
 */
async function runScanners(client: CommandClient, io: CliIo, options: { scanner: string[]; as?: string; json?: boolean }): Promise<number> {
  const mine = new Set<number>();
  const early: { runId: number; text: string }[] = [];
  const offOutput = client.on('security.scanOutput', (chunk) => {
    if (options.json) return;
    if (mine.has(chunk.runId)) io.stderr.write(chunk.text);
    else early.push(chunk); // through an app the output may come before the answer naming the run
  });
  try {
    const started = await client.call('security.startScan', { scanners: options.scanner, actor: operatorName(options.as) });
    for (const run of started) {
      mine.add(run.id);
      if (!options.json) io.stderr.write(`[warroom] scanner ${run.scannerId} (run ${run.id}) started\n`);
    }
    for (const chunk of early.splice(0)) if (mine.has(chunk.runId)) io.stderr.write(chunk.text);
    const ended = await Promise.all(started.map((run) => scanEnd(client, run.id)));
    const gate = await client.call('security.gate', {});
    if (options.json) io.stdout.write(`${JSON.stringify({ runs: ended, gate })}\n`);
    else io.stdout.write(`${ended.map(runLine).join('\n')}\n${gateText(gate)}\n`);
    if (ended.some((run) => run.status !== 'ok')) return EXIT.usage;
    return gate?.open ? EXIT.ok : EXIT.failure;
  } finally {
    offOutput();
  }
}

function scanEnd(client: CommandClient, runId: number): Promise<ScanRun> {
  return waitForEnd(
    (done) => client.on('security.scanEnded', (run) => run.id === runId && done(run)),
    async () => {
      const { run } = await client.call('security.getScanRun', { runId });
      return run.status === 'running' ? null : run;
    },
  );
}

function runLine(run: ScanRun): string {
  if (run.status === 'ok' && run.counts) {
    const reopened = run.counts.reopened > 0 ? ` (${run.counts.reopened} reopened)` : '';
    return `${run.scannerId}: ok — ${run.counts.new} new${reopened}, ${run.counts.fixed} fixed, ${run.counts.unchanged} unchanged (scan ${run.scanIds.join(', ')}; ${run.reports.join(', ')})`;
  }
  return `${run.scannerId}: ${run.status.toUpperCase()} — ${run.reason ?? 'no reason recorded'}`;
}
