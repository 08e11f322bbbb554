/**
 * `warroom load suite <id> [--resume] [--json] [--report DIR]`: a configured suite to its end,
 * progress and ETA on stderr, one verdict per test and for the suite; exit 1 unless it passed.
 * `warroom load baseline <run>` marks a passed run as its profile's baseline;
 * `warroom load accept <run> --threshold EXPR --reason … --owner … --expires 7d` documents an exception;
 * `warroom load withdraw <exception>` withdraws one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { durationToMs } from '../../shared/domain/duration.js';
import type { LoadBaselineComparison, LoadSuiteRun } from '../../shared/domain/load-suites.js';
import { formatDuration } from '../../shared/format/durations.js';
import { suiteProgress } from '../../shared/format/load-suite.js';
import { addCommonOptions, EXIT } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';
import { reportRefusal, waitForEnd, withCoreClient } from './cli-core.js';
import type { CliClient } from './cli-core.js';

type SuiteOptions = CommonOptions & { env?: string; json?: boolean; report?: string; as?: string; resume?: boolean };
type AcceptOptions = CommonOptions & { env?: string; as?: string; threshold: string; endpoint?: string; reason: string; owner: string; expires: string };

const actorOf = (io: CliIo, options: { as?: string }) => options.as ?? io.env.USER ?? userInfo().username;

export function addLoadSuiteCommands(load: Command, io: CliIo, setExit: (code: number) => void): void {
  addCommonOptions(load.command('suite'))
    .description('run a suite of the config\'s load.suites (its profiles one after the other)')
    .argument('<suite>', 'suite id')
    .option('-e, --env <environment>', 'environment (default: the config\'s defaultEnvironment)')
    .option('--resume', 'resume the newest interrupted run of this suite from the test it was on')
    .option('--json', 'print the suite run as JSON on stdout')
    .option('--report <dir>', 'also write the suite report (HTML) and each test\'s report into this directory')
    .option('--as <name>', 'who runs it (default: your user name)')
    .action(async (suite: string, options: SuiteOptions) => {
      setExit(await runSuite(io, suite, options));
    });

  addCommonOptions(load.command('baseline'))
    .description('mark a passed run as its profile\'s baseline: later runs of the profile are compared with it')
    .argument('<run>', 'load run id')
    .option('-e, --env <environment>', 'environment (default: the config\'s defaultEnvironment)')
    .option('--as <name>', 'who marks it (default: your user name)')
    .action(async (run: string, options: SuiteOptions) => {
      setExit(
        await withCoreClient(io, { ...options, ownership: 'guest' }, async (client) => {
          try {
            const baseline = await client.call('load.markBaseline', { runId: Number(run), actor: actorOf(io, options) });
            io.stdout.write(`run ${baseline.runId} is now the baseline of ${baseline.profile} in ${baseline.environment}\n`);
            return EXIT.ok;
          } catch (error) {
            return reportRefusal(io, error);
          }
        }),
      );
    });

  addCommonOptions(load.command('accept'))
    .description('accept a failed threshold of a run as a documented exception (reason, owner, expiry)')
    .argument('<run>', 'load run id')
    .requiredOption('--threshold <expr>', 'the failed threshold, as the run shows it, e.g. "p(95) < 500"')
    .option('--endpoint <name>', 'the endpoint the threshold is on, if any')
    .requiredOption('--reason <text>', 'why it is acceptable')
    .requiredOption('--owner <name>', 'who answers for it')
    .requiredOption('--expires <duration>', 'how long it stands, e.g. 7d or 48h')
    .option('-e, --env <environment>', 'environment (default: the config\'s defaultEnvironment)')
    .option('--as <name>', 'who records it (default: your user name)')
    .action(async (run: string, options: AcceptOptions) => {
      let forMs: number;
      try {
        forMs = durationToMs(options.expires);
      } catch (error) {
        io.stderr.write(`error: --expires: ${error instanceof Error ? error.message : String(error)}\n`);
        setExit(EXIT.usage);
        return;
      }
      setExit(
        await withCoreClient(io, { ...options, ownership: 'guest' }, async (client) => {
          try {
            const exception = await client.call('load.addException', {
              runId: Number(run),
              expression: options.threshold,
              ...(options.endpoint ? { endpoint: options.endpoint } : {}),
              reason: options.reason,
              owner: options.owner,
              expiresAt: Date.now() + forMs,
              actor: actorOf(io, options),
            });
            io.stdout.write(`exception ${exception.id} on run ${exception.runId}: "${options.threshold}" accepted until ${new Date(exception.expiresAt).toISOString()} (owner ${exception.owner})\n`);
            return EXIT.ok;
          } catch (error) {
            return reportRefusal(io, error);
          }
        }),
      );
    });

  addCommonOptions(load.command('withdraw'))
    .description('withdraw a documented exception before it expires (its threshold counts as failed again)')
    .argument('<exception>', 'exception id (as `warroom load accept` printed it)')
    .option('-e, --env <environment>', 'environment (default: the config\'s defaultEnvironment)')
    .option('--as <name>', 'who withdraws it (default: your user name)')
    .action(async (id: string, options: SuiteOptions) => {
      setExit(
        await withCoreClient(io, { ...options, ownership: 'guest' }, async (client) => {
          try {
            const exception = await client.call('load.withdrawException', { exceptionId: Number(id), actor: actorOf(io, options) });
            io.stdout.write(`exception ${exception.id} on run ${exception.runId} withdrawn by ${exception.withdrawnBy ?? '?'}\n`);
            return EXIT.ok;
          } catch (error) {
            return reportRefusal(io, error);
          }
        }),
      );
    });
}

async function runSuite(io: CliIo, suiteId: string, options: SuiteOptions): Promise<number> {
  return withCoreClient(io, { ...options, ownership: 'owner' }, async (client) => {
    const actor = actorOf(io, options);
    let suite: LoadSuiteRun;
    try {
      if (options.resume) {
        const interrupted = (await client.call('load.suites', {})).runs.find((r) => r.suite === suiteId && r.state === 'interrupted');
        if (!interrupted) {
          io.stderr.write(`error: no interrupted run of suite ${suiteId} to resume\n`);
          return EXIT.usage;
        }
        suite = await client.call('load.resumeSuite', { suiteRunId: interrupted.id, actor });
      } else {
        suite = await client.call('load.startSuite', { suite: suiteId, actor });
      }
    } catch (error) {
      return reportRefusal(io, error);
    }
    io.stderr.write(`suite run ${suite.id}: ${suite.title}, ${suite.members.length} tests, ${formatDuration(suite.plannedMs)} planned (Ctrl-C cancels it)\n`);
    let latest = suite;
    const announced = new Set<string>();
    const announce = (run: LoadSuiteRun) => {
      for (const member of run.members) {
        const key = `${member.position}:${member.run?.id}:${member.verdict?.line}`;
        if (!member.run || announced.has(key) || member.verdict?.verdict === 'running') continue;
        announced.add(key);
        io.stderr.write(`  ${member.position + 1}/${run.members.length} ${member.profile} (run ${member.run.id}): ${member.verdict?.line ?? member.run.state}\n`);
      }
    };
    const offSuites = client.on('load.suitesChanged', (overview) => {
      const mine = overview.runs.find((r) => r.id === suite.id) ?? (overview.active?.id === suite.id ? overview.active : undefined);
      if (mine) {
        latest = mine;
        announce(mine);
      }
    });
    const offTicks = client.on('load.tick', ({ runId, tick }) => {
      if (tick.second % 10 !== 0) return;
      const member = latest.members.find((m) => m.run?.id === runId);
      if (!member) return;
      const progress = suiteProgress(latest, { runId, elapsedMs: tick.elapsedMs });
      io.stderr.write(`  ${Math.round(progress.fraction * 100)} %  ${member.profile} ${tick.second}s  users ${tick.activeUsers}  rps ${tick.total.rps.toFixed(0)}  p95 ${tick.total.p95Ms.toFixed(1)} ms  ETA ${formatDuration(progress.remainingMs)}\n`);
    });
    let cancelled = false;
    const onSignal = () => {
      cancelled = true;
      client.call('load.cancelSuite', { suiteRunId: suite.id, actor: 'terminal' }).catch(() => undefined);
    };
    if (io.untilStopped) void io.untilStopped().then(onSignal);
    else process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    const ended = await suiteEnd(client, suite.id);
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    offSuites();
    offTicks();
    announce(ended);
    const comparisons = new Map<number, LoadBaselineComparison>();
    for (const member of ended.members) {
      if (member.run && member.run.state !== 'running') comparisons.set(member.run.id, await client.call('load.baselineComparison', { runId: member.run.id }));
    }
    if (options.report) {
      const { files } = await client.call('load.suiteReport', { suiteRunId: suite.id });
      mkdirSync(options.report, { recursive: true });
      for (const file of files) writeFileSync(join(options.report, file.filename), file.content);
      const tests = ended.members.filter((m) => m.run).length;
      io.stderr.write(`suite report written to ${join(options.report, files[0]!.filename)} (one file, with the report of each of its ${tests} tests)\n`);
    }
    if (options.json) io.stdout.write(`${JSON.stringify({ ...ended, baselines: Object.fromEntries(comparisons) }, null, 2)}\n`);
    else io.stdout.write(`${formatSuite(ended, comparisons)}\n`);
    if (cancelled) return EXIT.failure;
    return ended.verdict.verdict === 'passed' ? EXIT.ok : EXIT.failure;
  });
}

function suiteEnd(client: CliClient, suiteRunId: number): Promise<LoadSuiteRun> {
  return waitForEnd(
    (done) =>
      client.on('load.suitesChanged', (overview) => {
        const mine = overview.runs.find((r) => r.id === suiteRunId);
        if (mine && mine.state !== 'running') done(mine);
      }),
    async () => {
      const run = await client.call('load.getSuiteRun', { suiteRunId });
      return run.state === 'running' ? null : run;
    },
    client.onResync,
  );
}

/** Lines of the baseline comparison of one run: the regressions, or that there are none. */
export function baselineLines(answer: LoadBaselineComparison): string[] {
  if (!answer.baseline || !answer.comparison) return [];
  const head = `  vs baseline run ${answer.baseline.runId}:`;
  return answer.regressions.length === 0 ? [`${head} no regression`] : [`${head} ${answer.regressions.length} regression${answer.regressions.length === 1 ? '' : 's'}`, ...answer.regressions.map((r) => `    ✗ ${r}`)];
}

function formatSuite(run: LoadSuiteRun, comparisons: ReadonlyMap<number, LoadBaselineComparison>): string {
  const lines = [`${run.title}: ${run.verdict.line.toUpperCase().startsWith('PASSED') ? run.verdict.line.toUpperCase() : run.verdict.line}`];
  for (const member of run.members) {
    lines.push(`${member.position + 1}. ${member.profile}: ${member.run ? `${member.verdict?.line ?? member.run.state} (run ${member.run.id})` : 'not run'}`);
    const comparison = member.run ? comparisons.get(member.run.id) : undefined;
    if (comparison) lines.push(...baselineLines(comparison));
  }
  return lines.join('\n');
}
