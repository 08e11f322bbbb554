/**
 * `warroom action list|run` and `warroom audit verify|export`: the operator actions from a
 * terminal, with the same checks, confirmation and audit trail as the app. `action run` streams
 * the script's output and exits with its exit code.
 */
import { createWriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import type { CommandOutput } from '../../shared/contract/index.js';
import type { ActionRun, ActionsOverview, ActionView } from '../../shared/domain/actions.js';
import { addCommonOptions, EXIT } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';
import { formatDuration } from '../../shared/format/durations.js';
import { reportRefusal, waitForEnd, withCoreClient } from './cli-core.js';
import type { CliClient } from './cli-core.js';
import { followRunOutput } from './action-output.js';

type RunOptions = CommonOptions & { param: string[]; yes?: boolean; confirm?: string; dryRun?: boolean; as?: string; env?: string; json?: boolean };

/** A page of the audit export: the most entries one call carries. */
const AUDIT_PAGE = 1000;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function actionCommand(io: CliIo, setExit: (code: number) => void): Command {
  const action = new Command('action').description('list and run the operator actions of the config');

  addCommonOptions(action.command('list'))
    .description('the actions of the environment, with their parameters and confirmation')
    .option('-e, --env <environment>', 'environment (default: the config\'s defaultEnvironment)')
    .option('--json', 'machine-readable output')
    .action(async (options: CommonOptions & { env?: string; json?: boolean }) => {
      await withCoreClient(io, options, async (client) => {
        const overview = await client.call('actions.list', {});
        if (options.json) io.stdout.write(`${JSON.stringify(overview.actions, null, 2)}\n`);
        else io.stdout.write(`${formatActions(overview)}\n`);
        setExit(EXIT.ok);
      });
    });

  addCommonOptions(action.command('run'))
    .description('run an action; streams its output and exits with its exit code')
    .argument('<id>', 'action id (see `warroom action list`)')
    .option('-p, --param <name=value>', 'a parameter value (repeat for several)', collect, [])
    .option('-y, --yes', 'confirm an action that asks for a click')
    .option('--confirm <name>', 'type-to-confirm answer: the environment or service name the action asks for')
    .option('--dry-run', 'run the action\'s dry-run command instead')
    .option('--as <name>', 'who runs it, for the audit trail (default: your user name)')
    .option('-e, --env <environment>', 'environment (default: the config\'s defaultEnvironment)')
    .action(async (id: string, options: RunOptions) => {
      setExit(await runAction(io, id, options));
    });

  return action;
}

export function auditCommand(io: CliIo, setExit: (code: number) => void): Command {
  const audit = new Command('audit').description('verify or export the audit trail of operator actions');
  addCommonOptions(audit.command('verify'))
    .description('check the hash chain; exit 1 naming any edited or deleted entry')
    .option('--json', 'machine-readable result')
    .action(async (options: CommonOptions & { json?: boolean }) => {
      await withCoreClient(io, options, async (client) => {
        const result = await client.call('audit.verify', {});
        if (options.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else if (result.ok) io.stdout.write(`audit trail intact: ${result.entries} entries, head ${result.headHash}\n`);
        else io.stdout.write(`audit trail BROKEN (${result.entries} entries):\n${result.problems.map((p) => `  ${p.seq === null ? '-' : `#${p.seq}`}: ${p.problem}`).join('\n')}\n`);
        setExit(result.ok ? EXIT.ok : EXIT.failure);
      });
    });
  addCommonOptions(audit.command('export'))
    .description('write the audit trail as JSON lines (stdout, or --out FILE)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--since <seq>', 'only entries after this sequence number', (v) => Number(v))
    .action(async (options: CommonOptions & { out?: string; since?: number }) => {
      await withCoreClient(io, options, async (client) => {
        const file = options.out ? createWriteStream(options.out, { mode: 0o600 }) : undefined;
        let count = 0;
        try {
          // Page by page, so a long trail never sits in memory whole.
          for (let sinceSeq: number | null = options.since ?? 1; sinceSeq !== null; ) {
            const page: CommandOutput<'audit.export'> = await client.call('audit.export', { sinceSeq, limit: AUDIT_PAGE });
            for (const line of page.lines) {
              if (file) file.write(line);
              else io.stdout.write(line);
            }
            count += page.lines.length;
            sinceSeq = page.nextSeq;
          }
        } finally {
          if (file) await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
        }
        io.stderr.write(`${count} audit entries exported\n`);
        setExit(EXIT.ok);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });
  return audit;
}

async function runAction(io: CliIo, id: string, options: RunOptions): Promise<number> {
  const params: Record<string, string | boolean> = {};
  for (const pair of options.param) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      io.stderr.write(`error: --param expects name=value, got "${pair}"\n`);
      return EXIT.usage;
    }
    const value = pair.slice(at + 1);
    params[pair.slice(0, at)] = value === 'true' ? true : value === 'false' ? false : value;
  }
  return withCoreClient(io, { ...options, ownership: 'owner' }, (client) => runWith(client, io, id, params, options)).catch((error: unknown) => reportRefusal(io, error));
}

async function runWith(client: CliClient, io: CliIo, id: string, params: Record<string, string | boolean>, options: RunOptions): Promise<number> {
  const overview = await client.call('actions.list', {});
  const spec = overview.actions.find((a) => a.id === id);
  const confirmation = spec ? await confirm(io, spec, overview, params, options) : undefined;
  if (confirmation === null) return EXIT.usage;

  const actor = options.as ?? io.env.USER ?? userInfo().username;
  // Only this action's run and its preconditions: through a running app the stream carries every run.
  const follow = followRunOutput(actor, {
    output: (chunk) => (chunk.stream === 'stderr' ? io.stderr : io.stdout).write(chunk.text),
    precondition(run) {
      if (run.endedAt !== null) io.stderr.write(`[warroom] ${run.actionId} (run ${run.id}): ${run.state}${run.reason ? ` — ${run.reason}` : ''}\n`);
      else if (run.state === 'running' && run.startedAt !== null) io.stderr.write(`[warroom] ${run.actionId} (run ${run.id}) started\n`);
    },
  });
  const off = client.on('action.output', follow.output);
  const offChanged = client.on('action.changed', follow.changed);
  try {
    const started = await client.call('actions.start', {
      actionId: id,
      params,
      dryRun: options.dryRun ?? false,
      actor,
      ...(confirmation ? { confirmation } : {}),
    });
    const runId = started.id;
    follow.started(runId);
    if (started.state === 'awaiting_approval') {
      io.stderr.write(`[warroom] run ${started.id} waits for a second operator's approval (approve it in the app)\n`);
    }
    const ended = await runEnd(client, runId);
    io.stderr.write(
      `[warroom] ${id}${options.dryRun ? ' (dry run)' : ''}: ${ended.state}${ended.reason ? ` — ${ended.reason}` : ''}` +
        `${ended.healthRestored === null ? '' : ended.healthRestored ? '; health restored' : '; health NOT restored'}\n`,
    );
    if (ended.state === 'succeeded') return ended.healthRestored === false ? EXIT.failure : EXIT.ok;
    return ended.exitCode && ended.exitCode > 0 ? ended.exitCode : EXIT.failure;
  } finally {
    off();
    offChanged();
  }
}

/** The final record of a run: its process and any verification are over. */
function runEnd(client: CliClient, runId: number): Promise<ActionRun> {
  return waitForEnd(
    (done) => client.on('action.ended', (run) => run.id === runId && done(run)),
    async () => {
      const { run, ended } = await client.call('actions.getRun', { runId });
      return ended ? run : null;
    },
    client.onResync,
  );
}

/** The typed confirmation: from --confirm/--yes, or asked on a terminal. null = not confirmed. */
async function confirm(io: CliIo, spec: ActionView, overview: ActionsOverview, params: Record<string, string | boolean>, options: RunOptions): Promise<string | undefined | null> {
  if (spec.confirm === 'none') return undefined;
  const serviceParam = Object.entries(spec.params).find(([, p]) => p.type === 'service')?.[0];
  const expected = spec.confirm === 'type-environment' ? overview.environment : spec.confirm === 'type-service' && serviceParam ? String(params[serviceParam] ?? '') : undefined;
  if (options.confirm !== undefined) return options.confirm;
  if (expected === undefined && options.yes) return undefined;
  if (!process.stdin.isTTY) {
    io.stderr.write(expected ? `error: ${spec.id} asks you to type "${expected}" to confirm: pass --confirm ${expected}\n` : `error: ${spec.id} asks for confirmation: pass --yes\n`);
    return null;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(expected ? `${spec.label} in ${overview.environment}${overview.production ? ' (PRODUCTION)' : ''}: type "${expected}" to confirm: ` : `${spec.label} in ${overview.environment}? [y/N] `);
    if (expected) return answer.trim();
    return /^y(es)?$/i.test(answer.trim()) ? undefined : null;
  } finally {
    prompt.close();
  }
}

function formatActions(overview: ActionsOverview): string {
  const lines = [`${overview.environment}${overview.production ? ' (PRODUCTION)' : ''}`];
  for (const a of overview.actions) {
    const params = Object.entries(a.params).map(([name, p]) => (p.type === 'flag' ? `[--param ${name}=true]` : `--param ${name}=<${p.type === 'choice' ? p.choices.join('|') : p.type === 'service' ? 'service' : p.pattern}>`));
    const rehearsed = a.lastRehearsal ? `last rehearsed ${new Date(a.lastRehearsal.at).toISOString()} in ${formatDuration(a.lastRehearsal.durationMs)}` : 'never rehearsed';
    lines.push(`  ${a.id.padEnd(22)} ${a.label}${a.allowedHere ? '' : ' (not allowed here)'}`);
    lines.push(`  ${''.padEnd(22)} confirm: ${a.confirm}${a.requireApproval ? ', second operator' : ''}${a.canDryRun ? ', has --dry-run' : ''}; ${rehearsed}${params.length ? `\n  ${''.padEnd(22)} ${params.join(' ')}` : ''}`);
  }
  return lines.join('\n');
}
