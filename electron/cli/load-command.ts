/**
 * `warroom load run <profile>` and the quick mode `warroom load --url URL --users N --duration 10s`
 * (or `--rate R`): a load test from the terminal, stored like the app's, progress on stderr, the
 * summary as a table or JSON, exit 1 when a threshold fails.
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { durationToMs } from '../../shared/domain/duration.js';
import type { LoadStats } from '../../shared/domain/load.js';
import type { LoadRunRecord } from '../../shared/domain/load-runs.js';
import { addCommonOptions, EXIT } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';
import { errorKinds, verdictLine } from '../../shared/format/load.js';
import { formatInt, formatMs, formatRate } from '../../shared/format/numbers.js';
import { reportRefusal, waitForEnd, withCoreClient } from './cli-core.js';
import type { CliClient } from './cli-core.js';
import { addLoadSuiteCommands, baselineLines } from './load-suite-command.js';

type LoadOptions = CommonOptions & { env?: string; json?: boolean; report?: string; as?: string };
type QuickOptions = LoadOptions & { url?: string; users?: number; rate?: number; duration?: string; threshold: string[] };

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
};
const collect = (value: string, previous: string[]) => [...previous, value];

export function loadCommand(io: CliIo, setExit: (code: number) => void): Command {
  const load = addCommonOptions(new Command('load'))
    .enablePositionalOptions()
    .description('run a load test: a configured profile (`load run smoke`) or a quick one (`load --url URL --users 10 --duration 10s`)')
    .option('--url <url>', 'quick mode: the URL to load')
    .option('--users <n>', 'quick mode, closed model: virtual users', positive)
    .option('--rate <n>', 'quick mode, open model: requests per second', positive)
    .option('--duration <d>', 'quick mode: how long, e.g. 10s or 2m', '10s')
    .option('--threshold <expr>', 'quick mode: a threshold such as "p(95) < 500" (repeat for several)', collect, [])
    .option('-e, --env <environment>', 'environment (default: the config\'s defaultEnvironment)')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--report <file.html>', 'also write the self-contained HTML report')
    .action(async (options: QuickOptions) => {
      if (!options.url) {
        io.stderr.write('error: give a profile (`warroom load run <profile>`) or --url for a quick test\n');
        setExit(EXIT.usage);
        return;
      }
      setExit(await quick(io, options));
    });

  addCommonOptions(load.command('run'))
    .description('run a profile of the config\'s load section (smoke, light, normal, peak, endurance…)')
    .argument('<profile>', 'profile id')
    .option('-e, --env <environment>', 'environment (default: the config\'s defaultEnvironment)')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--report <file.html>', 'also write the self-contained HTML report')
    .option('--as <name>', 'who runs it (default: your user name)')
    .action(async (profile: string, options: LoadOptions) => {
      setExit(await withCore(io, options, (client) => client.call('load.start', { profile, actor: actor(io, options) })));
    });
  addLoadSuiteCommands(load, io, setExit);
  addCommonOptions(load.command('import'))
    .description('import results produced elsewhere as a finished run: a Locust CSV set (*_stats.csv, its prefix or its folder) or a k6 --summary-export JSON')
    .argument('<path>', 'a Locust *_stats.csv (with its *_stats_history.csv, *_failures.csv, *_exceptions.csv beside it), its prefix or folder, or a k6 summary .json')
    .option('--format <format>', 'locust or k6 (default: k6 for a .json file, else locust)', (value: string) => {
      if (value !== 'locust' && value !== 'k6') throw new InvalidArgumentError('expected locust or k6');
      return value;
    })
    .option('--profile <id>', 'the profile these results count for (judged by its thresholds too; default: imported-locust / imported-k6)')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--as <name>', 'who imports (default: your user name)')
    .action(async (path: string, options: LoadOptions & { format?: 'locust' | 'k6'; profile?: string }) => {
      const input = { path: resolve(io.cwd, path), actor: actor(io, options), ...(options.format ? { format: options.format } : {}), ...(options.profile ? { profile: options.profile } : {}) };
      setExit(
        await withCoreClient(io, options, async (client) => {
          let run: LoadRunRecord;
          try {
            run = await client.call('load.import', input);
          } catch (error) {
            return reportRefusal(io, error);
          }
          io.stderr.write(`imported as load run ${run.id} (${run.engine}) from ${run.engineDetail?.files.join(', ') ?? path}\n`);
          if (options.json) io.stdout.write(`${JSON.stringify(summaryJson(run), null, 2)}\n`);
          else io.stdout.write(`${formatSummary(run)}\n`);
          return run.state === 'passed' ? EXIT.ok : EXIT.failure;
        }),
      );
    });
  return load;
}

function actor(io: CliIo, options: LoadOptions): string {
  return options.as ?? io.env.USER ?? userInfo().username;
}

async function quick(io: CliIo, options: QuickOptions): Promise<number> {
  let url: URL;
  try {
    url = new URL(options.url!);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    io.stderr.write(`error: --url must be an http(s) URL, got "${options.url}"\n`);
    return EXIT.usage;
  }
  if ((options.users === undefined) === (options.rate === undefined)) {
    io.stderr.write('error: give either --users (closed model) or --rate (open model)\n');
    return EXIT.usage;
  }
  let durationMs: number;
  try {
    durationMs = durationToMs(options.duration ?? '10s');
  } catch (error) {
    io.stderr.write(`error: --duration: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
  const profile = options.users !== undefined ? { model: 'closed' as const, users: Math.round(options.users), duration: durationMs } : { model: 'open' as const, rate: options.rate, duration: durationMs };
  return withCore(io, options, (client) => client.call('load.startQuick', { url: url.href, profile, thresholds: options.threshold, actor: actor(io, options) }));
}

/** Opens a core on the config (even in quick mode: results are stored in the data dir), runs, reports. */
function withCore(io: CliIo, options: LoadOptions, start: (client: CliClient) => Promise<LoadRunRecord>): Promise<number> {
  return withCoreClient(io, { ...options, ownership: 'owner' }, async (client) => {
    let run: LoadRunRecord;
    try {
      run = await start(client);
    } catch (error) {
      return reportRefusal(io, error);
    }
    io.stderr.write(`load run ${run.id}: ${run.profile} against ${run.baseUrl}, ${Math.round(run.plannedMs / 1000)} s planned${run.engine === 'builtin' ? '' : ` (${run.engine})`} (Ctrl-C stops it)\n`);
    if (run.engineDetail?.command) io.stderr.write(`  command: ${run.engineDetail.command}\n`);
    if (run.engineDetail?.workerCommand) io.stderr.write(`  workers on other machines: ${run.engineDetail.workerCommand}\n`);
    const progress = client.on('load.tick', ({ runId, tick }) => {
      if (runId !== run.id || tick.second % 5 !== 0) return;
      io.stderr.write(`  ${tick.second}s  users ${tick.activeUsers}  rps ${tick.total.rps.toFixed(0)}  p95 ${tick.total.p95Ms.toFixed(1)} ms  errors ${tick.total.errorCount}\n`);
    });
    // Ctrl-C stops the test cleanly: it ends "aborted" with what was measured.
    let interrupted = false;
    const onSignal = () => {
      interrupted = true;
      // Refused when it is already over: nothing to stop then.
      client.call('load.stop', { runId: run.id, actor: 'terminal' }).catch(() => undefined);
    };
    if (io.untilStopped) void io.untilStopped().then(onSignal);
    else process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    const ended = await runEnd(client, run.id);
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    progress();
    if (options.report) {
      const report = await client.call('load.report', { runId: run.id, format: 'html' });
      writeFileSync(options.report, report.content);
      io.stderr.write(`report written to ${options.report}\n`);
    }
    const baseline = await client.call('load.baselineComparison', { runId: run.id });
    if (options.json) io.stdout.write(`${JSON.stringify({ ...summaryJson(ended), baseline }, null, 2)}\n`);
    else io.stdout.write(`${[formatSummary(ended), ...baselineLines(baseline)].join('\n')}\n`);
    if (interrupted) return EXIT.failure;
    return ended.state === 'passed' ? EXIT.ok : EXIT.failure;
  });
}

/** The run's final record: load.changed announces the end, load.getRun shows one that came first. */
function runEnd(client: CliClient, runId: number): Promise<LoadRunRecord> {
  return waitForEnd(
    (done) => client.on('load.changed', (run) => run.id === runId && run.state !== 'running' && done(run)),
    async () => {
      const { run } = await client.call('load.getRun', { runId });
      return run.state === 'running' ? null : run;
    },
    client.onResync,
  );
}

function stripHistogram<T extends LoadStats>(stats: T): Omit<T, 'histogram'> {
  const { histogram, ...rest } = stats;
  void histogram;
  return rest;
}

function summaryJson(run: LoadRunRecord) {
  const summary = run.summary;
  return {
    runId: run.id,
    profile: run.profile,
    engine: run.engine,
    ...(run.engineDetail ? { engineDetail: run.engineDetail } : {}),
    baseUrl: run.baseUrl,
    outcome: run.state,
    decidedBy: run.decidedBy,
    error: run.error,
    ...(summary
      ? { durationMs: summary.durationMs, total: stripHistogram(summary.total), endpoints: summary.endpoints.map(stripHistogram), thresholds: summary.thresholds }
      : {}),
  };
}

function formatSummary(run: LoadRunRecord): string {
  const summary = run.summary;
  const engine = run.engine === 'builtin' ? '' : ` [${run.engine}${run.engineDetail?.source === 'import' ? ', imported' : ''}]`;
  const lines = [`${run.profile}${engine}: ${run.state.toUpperCase()}${run.decidedBy ? ` — ${verdictLine(run.decidedBy)}` : ''}${run.error ? ` — ${run.error}` : ''}`];
  for (const note of run.engineDetail?.notes ?? []) lines.push(`  note: ${note}`);
  if (!summary) return lines.join('\n');
  const rows = [['ENDPOINT', 'REQUESTS', 'RPS', 'P50', 'P90', 'P95', 'P99', 'P99.9', 'MAX', 'ERRORS']];
  for (const s of [...summary.endpoints, { ...summary.total, endpoint: 'TOTAL' }]) {
    const errors = errorKinds(s.errors).map(([kind, n]) => `${kind} ${formatInt(n)}`).join(', ') || '0';
    rows.push([s.endpoint, formatInt(s.requests), formatRate(s.rps), ...[s.p50Ms, s.p90Ms, s.p95Ms, s.p99Ms, s.p999Ms, s.maxMs].map((v) => `${formatMs(v)} ms`), errors]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  lines.push(...rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')));
  for (const t of summary.thresholds) lines.push(`  ${t.passed ? '✓' : '✗'} ${verdictLine(t)}`);
  return lines.join('\n');
}
