/**
 * `warroom standup add|list`, `warroom report eod`, `warroom notify test|channels|ack`: stand-up
 * notes, the end-of-day report and the notification channels from a terminal. Appends go through
 * the running app when one holds the data dir (its Reports view updates at once), else a guest core.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ReportRecord } from '../../shared/domain/reports.js';
import { DaySchema } from '../../shared/domain/reports.js';
import { addCommonOptions, EXIT } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';
import { reportRefusal, withCoreClient } from './cli-core.js';

const day = (value: string) => {
  const parsed = DaySchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`expected a day as YYYY-MM-DD, got "${value}"`);
  return parsed.data;
};

/** Who the terminal is, when --as is not given. */
const whoami = (io: CliIo, as: string | undefined) => as ?? io.env.USER ?? io.env.LOGNAME ?? 'cli';

type StandupAddOptions = CommonOptions & { person: string; yesterday?: string; today?: string; blockers?: string; date?: string; as?: string };

export function standupCommand(io: CliIo, setExit: (code: number) => void): Command {
  const standup = new Command('standup').description('stand-up notes: yesterday, today and blockers per person and day');
  addCommonOptions(standup.command('add'))
    .description('add a stand-up note (audited)')
    .requiredOption('--person <name>', 'whose note it is')
    .option('--yesterday <text>', 'what was done yesterday')
    .option('--today <text>', 'what is planned today')
    .option('--blockers <text>', 'what blocks')
    .option('--date <YYYY-MM-DD>', 'the day (default: today, local time)', day)
    .option('--as <name>', 'who types it (default: the person)')
    .action(async (options: StandupAddOptions) => {
      await withCoreClient(io, { ...options, throughAppWhenRunning: true }, async (client) => {
        const note = await client.call('standup.add', {
          person: options.person,
          ...(options.yesterday !== undefined ? { yesterday: options.yesterday } : {}),
          ...(options.today !== undefined ? { today: options.today } : {}),
          ...(options.blockers !== undefined ? { blockers: options.blockers } : {}),
          ...(options.date ? { day: options.date } : {}),
          ...(options.as ? { by: options.as } : {}),
        });
        io.stdout.write(`stand-up note #${note.id} of ${note.person} for ${note.day}\n`);
        setExit(EXIT.ok);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });
  addCommonOptions(standup.command('list'))
    .description("the notes of a day (default today)")
    .option('--date <YYYY-MM-DD>', 'the day', day)
    .option('--json', 'as JSON')
    .action(async (options: CommonOptions & { date?: string; json?: boolean }) => {
      await withCoreClient(io, options, async (client) => {
        const { day: listed, notes } = await client.call('standup.list', options.date ? { day: options.date } : {});
        if (options.json) io.stdout.write(`${JSON.stringify(notes, null, 2)}\n`);
        else if (notes.length === 0) io.stdout.write(`no stand-up notes for ${listed}\n`);
        else
          for (const n of notes) {
            io.stdout.write(`${n.person} (${listed})\n  yesterday: ${n.yesterday || '—'}\n  today:     ${n.today || '—'}\n  blockers:  ${n.blockers || '—'}\n`);
          }
        setExit(EXIT.ok);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });
  return withUsageErrors(standup, io);
}

type EodOptions = CommonOptions & { date?: string; out?: string; send?: boolean; format: 'md' | 'html'; as?: string };

export function reportCommand(io: CliIo, setExit: (code: number) => void): Command {
  const report = new Command('report').description('the end-of-day report');
  addCommonOptions(report.command('eod'))
    .description('generate the end-of-day report from the day\'s stored evidence (stored); Markdown on stdout unless --out; --send delivers it (exit 1 when a channel failed)')
    .option('--date <YYYY-MM-DD>', 'the day (default: today, local time)', day)
    .option('--out <file>', 'write it to a file (.html writes the HTML page)')
    .addOption(new Option('--format <format>', 'md or html (default: from --out\'s extension, else md)').choices(['md', 'html']))
    .option('--send', 'send it through the webhook and email of the environment')
    .option('--as <name>', 'who generates it (default: $USER)')
    .action(async (options: EodOptions) => {
      await withCoreClient(io, { ...options, throughAppWhenRunning: true }, async (client) => {
        const by = whoami(io, options.as);
        let record: ReportRecord = await client.call('reports.generate', { by, ...(options.date ? { day: options.date } : {}) });
        const format = options.format ?? (options.out?.toLowerCase().endsWith('.html') ? 'html' : 'md');
        const body = format === 'html' ? record.html : record.markdown;
        if (options.out) {
          const out = resolve(io.cwd, options.out);
          writeFileSync(out, body);
          io.stderr.write(`report #${record.id} of ${record.day} written to ${out}\n`);
        } else {
          io.stdout.write(body);
        }
        if (!options.send) {
          setExit(EXIT.ok);
          return;
        }
        record = await client.call('reports.send', { reportId: record.id, by });
        for (const d of record.deliveries) io.stderr.write(`${d.channel}: ${d.state}${d.detail ? ` (${d.detail})` : ''}\n`);
        setExit(record.delivery === 'sent' ? EXIT.ok : EXIT.failure);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });
  return withUsageErrors(report, io);
}

export function notifyCommand(io: CliIo, setExit: (code: number) => void): Command {
  const notify = new Command('notify').description('notification channels: webhook, email, PagerDuty');
  addCommonOptions(notify.command('channels'))
    .description('the channels of the environment: configured, secret set, last delivery')
    .option('--json', 'as JSON')
    .action(async (options: CommonOptions & { json?: boolean }) => {
      await withCoreClient(io, options, async (client) => {
        const { environment, channels } = await client.call('notify.channels', {});
        if (options.json) io.stdout.write(`${JSON.stringify(channels, null, 2)}\n`);
        else
          for (const c of channels) {
            const state = !c.configured ? 'not configured' : c.secretSet ? 'ready' : `${c.secretEnv} not set`;
            const last = c.lastDelivery ? `; last ${c.lastDelivery.kind} ${c.lastDelivery.state} at ${new Date(c.lastDelivery.at).toISOString()}` : '';
            io.stdout.write(`${c.channel.padEnd(9)} ${environment}: ${state}${c.target ? ` → ${c.target}` : ''}${last}\n`);
          }
        setExit(EXIT.ok);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });
  addCommonOptions(notify.command('test'))
    .description('send a test through one channel (PagerDuty: a trigger resolved at once); exit 1 when it failed')
    .addArgument(notify.createArgument('<channel>', 'webhook, email or pagerduty').choices(['webhook', 'email', 'pagerduty']))
    .option('--as <name>', 'who sends it (default: $USER)')
    .action(async (channel: 'webhook' | 'email' | 'pagerduty', options: CommonOptions & { as?: string }) => {
      await withCoreClient(io, { ...options, throughAppWhenRunning: true }, async (client) => {
        const delivery = await client.call('notify.test', { channel, by: whoami(io, options.as) });
        io.stdout.write(`${channel}: ${delivery.state}${delivery.detail ? ` (${delivery.detail})` : ''}\n`);
        setExit(delivery.state === 'sent' ? EXIT.ok : EXIT.failure);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });
  addCommonOptions(notify.command('ack'))
    .description("acknowledge a service's PagerDuty incident (someone is on it)")
    .argument('<service>', 'service id')
    .option('--as <name>', 'who acknowledges (default: $USER)')
    .action(async (service: string, options: CommonOptions & { as?: string }) => {
      await withCoreClient(io, { ...options, throughAppWhenRunning: true }, async (client) => {
        const delivery = await client.call('notify.acknowledge', { service, by: whoami(io, options.as) });
        io.stdout.write(`pagerduty acknowledge ${service}: ${delivery.state}${delivery.detail ? ` (${delivery.detail})` : ''}\n`);
        setExit(delivery.state === 'sent' ? EXIT.ok : EXIT.failure);
      }).catch((error: unknown) => setExit(reportRefusal(io, error)));
    });
  return withUsageErrors(notify, io);
}

/** A bad argument of a subcommand (an unknown channel) throws to cli.ts, which exits 2, like the top-level commands. */
function withUsageErrors(command: Command, io: CliIo): Command {
  for (const sub of command.commands) sub.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  return command;
}
