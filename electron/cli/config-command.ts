/** `warroom config check|schema`: validate a warroom.yaml, or print the JSON Schema editors use. */
import { Command } from 'commander';
import { summarizeConfig } from '../core/config/config-summary.js';
import { ConfigError } from '../../shared/util/config-error.js';
import { configJsonSchema } from '../core/config/json-schema.js';
import { addCommonOptions, EXIT, loadConfigFor } from './cli-context.js';
import type { CliIo, CommonOptions } from './cli-context.js';

export function configCommand(io: CliIo, setExit: (code: number) => void): Command {
  const config = new Command('config').description('check a warroom.yaml or print its JSON Schema');

  addCommonOptions(config.command('check'))
    .description('validate the config and summarise it; exit 2 with file:line:col errors when it is invalid')
    .option('--json', 'machine-readable result on stdout')
    .action((options: CommonOptions & { json?: boolean }) => {
      try {
        const loaded = loadConfigFor(options, io);
        const summary = summarizeConfig(loaded);
        if (options.json) {
          io.stdout.write(`${JSON.stringify({ ok: true, summary }, null, 2)}\n`);
        } else {
          io.stdout.write(
            `${loaded.path}: valid${loaded.bundled ? ' (bundled rehearsal config)' : ''}\n` +
              `  ${summary.name}\n` +
              `  ${summary.environments.length} environment(s): ${summary.environments.map((e) => e.id).join(', ')}\n` +
              `  ${summary.services.length} service(s): ${summary.services.map((s) => s.id).join(', ')}\n`,
          );
        }
        setExit(EXIT.ok);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        if (options.json) io.stdout.write(`${JSON.stringify({ ok: false, issues: error.issues }, null, 2)}\n`);
        else io.stderr.write(`${error.message}\n`);
        setExit(EXIT.usage);
      }
    });

  config
    .command('schema')
    .description('print the JSON Schema of warroom.yaml (the same as resources/warroom.schema.json)')
    .action(() => {
      io.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
      setExit(EXIT.ok);
    });
  return config;
}
