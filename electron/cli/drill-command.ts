/**
 * `warroom drill list|run`: the config's drills from a terminal, through the same contract as the
 * Drills view. `drill run` prints each step as it changes and the actions' output, asks for the
 * manual checks (or --yes accepts them) and for the offered recovery (or --recover runs it), and
 * exits 0 only when every step passed.
 */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import type { CommandClient } from '../../shared/contract/index.js';
import type { CliClient } from './cli-core.js';
import { followDrillOutput } from './drill-output.js';
import type { DrillRun, DrillsOverview, DrillStepRecord, DrillView } from '../../shared/domain/drills.js';
import { formatDuration } from '../../shared/format/durations.js';
import { addCommonOptions, EXIT } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';
import { reportRefusal, waitForEnd, withCoreClient } from './cli-core.js';

type ListOptions = CommonOptions & { env?: string; json?: boolean };
type RunOptions = CommonOptions & { yes?: boolean; recover?: boolean; confirm?: string; as?: string; env?: string; json?: boolean };

export function drillCommand(io: CliIo, setExit: (code: number) => void): Command {
  const drill = new Command('drill').description('list and run the drills of the config (dry runs kept as evidence)');

  addCommonOptions(drill.command('list'))
    .description('the drills of the environment, their steps and when each last passed')
    .option('-e, --env <environment>', 'environment (default: the config\'s defaultEnvironment)')
    .option('--json', 'machine-readable output')
    .action(async (options: ListOptions) => {
      await withCoreClient(io, options, async (client) => {
        const overview = await client.call('drills.list', {});
        io.stdout.write(options.json ? `${JSON.stringify(overview.drills, null, 2)}\n` : `${formatDrills(overview)}\n`);
        setExit(EXIT.ok);
      });
    });

  addCommonOptions(drill.command('run'))
    .description('run a drill; prints its steps and output; exit 0 only when every step passed')
    .argument('<id>', 'drill id (see `warroom drill list`)')
    .option('-y, --yes', 'confirm a drill that asks for a click, and accept its manual steps without asking')
    .option('--confirm <name>', 'type-to-confirm answer: the environment\'s name')
    .option('--recover', 'run the recovery step the drill offers when a step fails (else asked, or declined without a terminal)')
    .option('--as <name>', 'who runs it, for the record and the audit trail (default: your user name)')
    .option('-e, --env <environment>', 'environment (default: the config\'s defaultEnvironment)')
    .option('--json', 'print the final record as JSON on stdout (progress and output go to stderr)')
    .action(async (id: string, options: RunOptions) => {
      // Starting a drill takes the data dir, as `action run` does; while an app holds it, the drill
      // runs in that app (its rules, its record) and this command follows it. Run here, fault
      // steps go to a platform `warroom rehearse` runs: follow it.
      const code = await withCoreClient(io, { ...options, ownership: 'owner', rehearsal: 'attach' }, (client) => runDrill(client, io, id, options)).catch((error: unknown) => reportRefusal(io, error));
      setExit(code);
    });

  return drill;
}

/** Asks a yes/no question on the terminal; false without one. */
async function ask(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

/** The confirmation the drill asks for: from --confirm/--yes, or typed on a terminal. null = not confirmed. */
async function confirmDrill(io: CliIo, drill: DrillView, environment: string, options: RunOptions): Promise<string | undefined | null> {
  if (drill.confirm === 'none') return undefined;
  if (options.confirm !== undefined) return options.confirm;
  if (drill.confirm === 'click' && options.yes) return undefined;
  if (!process.stdin.isTTY) {
    io.stderr.write(drill.confirm === 'type-environment' ? `error: ${drill.id} asks you to type "${environment}" to confirm: pass --confirm ${environment}\n` : `error: ${drill.id} asks for confirmation: pass --yes\n`);
    return null;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    if (drill.confirm === 'type-environment') return (await prompt.question(`${drill.label} in ${environment}: type "${environment}" to confirm: `)).trim();
    return /^y(es)?$/i.test((await prompt.question(`${drill.label} in ${environment}? [y/N] `)).trim()) ? undefined : null;
  } finally {
    prompt.close();
  }
}

async function runDrill(client: CliClient, io: CliIo, id: string, options: RunOptions): Promise<number> {
  const overview = await client.call('drills.list', {});
  const drill = overview.drills.find((d) => d.id === id);
  const confirmation = drill ? await confirmDrill(io, drill, overview.environment, options) : undefined;
  if (confirmation === null) return EXIT.usage;
  const actor = options.as ?? io.env.USER ?? userInfo().username;
  const progress = io.stderr;
  const output = options.json ? io.stderr : io.stdout;

  const seen = new Map<number, string>();
  const asked = new Set<number>();
  const answerOnce = (run: DrillRun, step: DrillStepRecord) => {
    if (step.state !== 'waiting' || asked.has(step.index)) return;
    asked.add(step.index);
    void answer(client, io, run, step, actor, options);
  };
  // Only this drill's steps and its actions' output: through a running app the stream carries every run.
  const follow = followDrillOutput({
    output: (chunk) => (chunk.stream === 'stderr' ? io.stderr : output).write(chunk.text),
    step(run, index) {
      const step = run.steps[index]!;
      if (seen.get(index) !== step.state) {
        seen.set(index, step.state);
        progress.write(`[warroom] ${stepLine(run, step)}\n`);
      }
      answerOnce(run, step);
    },
  });
  const offs = [client.on('action.output', follow.output), client.on('drills.step', follow.step)];
  try {
    const started = await client.call('drills.start', { drillId: id, actor, ...(confirmation === undefined ? {} : { confirmation }) });
    const runId = started.id;
    progress.write(`[warroom] drill ${id} (run ${started.id}) started in ${started.environment}\n`);
    follow.started(started);
    // A step that began waiting before runId was known is answered here.
    for (const step of started.steps) answerOnce(started, step);
    const ended = await waitForEnd<DrillRun>(
      (done) => client.on('drills.ended', (run) => run.id === runId && done(run)),
      async () => {
        const run = await client.call('drills.getRun', { runId });
        return run.state === 'running' || run.state === 'recovery_offered' ? null : run;
      },
      client.onResync,
    );
    if (options.json) io.stdout.write(`${JSON.stringify(ended, null, 2)}\n`);
    progress.write(`[warroom] ${ended.label}: ${ended.verdict ?? ended.state}\n`);
    return ended.state === 'passed' ? EXIT.ok : EXIT.failure;
  } finally {
    for (const off of offs) off();
  }
}

/** Answers a step that waits: a manual check (--yes, or asked), or the offered recovery (--recover, or asked). */
async function answer(client: CommandClient, io: CliIo, run: DrillRun, step: DrillStepRecord, actor: string, options: RunOptions): Promise<void> {
  let accept: boolean;
  if (step.recovery) {
    accept = options.recover === true || (await ask(`Run the recovery "${step.name}" now?`));
    if (!accept && !process.stdin.isTTY) io.stderr.write(`[warroom] recovery "${step.name}" not run (pass --recover to run it)\n`);
  } else {
    accept = options.yes === true || (await ask(`${step.prompt ?? step.name}: confirmed?`));
    if (!accept && !process.stdin.isTTY) io.stderr.write(`[warroom] manual step "${step.name}" needs an operator: pass --yes to accept it, or confirm it on a terminal\n`);
  }
  try {
    await client.call('drills.confirmStep', { runId: run.id, step: step.index, actor, accept });
  } catch (error) {
    // The drill was cancelled or ended meanwhile: its end says what happened.
    io.stderr.write(`[warroom] ${(error as Error).message}\n`);
  }
}

function stepLine(run: DrillRun, step: DrillStepRecord): string {
  const total = run.steps.filter((s) => !s.recovery).length;
  const where = step.recovery ? `recovery ${step.name}` : `step ${step.index + 1}/${total} ${step.name}`;
  const took = step.startedAt !== null && step.endedAt !== null ? ` in ${formatDuration(step.endedAt - step.startedAt)}` : '';
  // The detail says what happened (with the test results of a report).
  const detail = step.state === 'running' || step.state === 'pending' ? '' : step.detail ? ` — ${step.detail}` : '';
  return `${where}: ${step.state}${took}${detail}`;
}

function formatDrills(overview: DrillsOverview): string {
  const lines = [`${overview.environment}${overview.production ? ' (PRODUCTION)' : ''}`];
  if (overview.drills.length === 0) lines.push('  no drills in the config (add a `drills:` section)');
  for (const d of overview.drills) {
    const last = d.lastPassed ? `last passed ${new Date(d.lastPassed.finishedAt).toISOString()} (run ${d.lastPassed.runId})` : 'never passed here';
    lines.push(`  ${d.id.padEnd(22)} ${d.label}${d.allowedHere ? '' : ` (not here: ${d.refusal})`}`);
    lines.push(`  ${''.padEnd(22)} confirm: ${d.confirm}; ${last}`);
    d.steps.forEach((s, i) => lines.push(`  ${''.padEnd(22)} ${i + 1}. ${s.name} — ${s.summary}`));
    if (d.recovery) lines.push(`  ${''.padEnd(22)} on failure: ${d.recovery.name} — ${d.recovery.summary}`);
  }
  return lines.join('\n');
}
