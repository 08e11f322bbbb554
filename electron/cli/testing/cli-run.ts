/**
 * The CLI in this test's process with captured streams, as a terminal would see it: `cliRun` for a
 * command a test acts on while it runs, `cliIn` for a test's own config and data dir.
 */
import { resolve } from 'node:path';
import { runCli } from '../cli.js';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in this process with captured streams. `until(text)` resolves once stdout or stderr
 * has shown `text`, so a test can act while a command is still running.
 */
export function cliRun(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { done: Promise<CliResult>; until(text: string): Promise<void>; output(): string } {
  let stdout = '';
  let stderr = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  const check = () => {
    for (const wait of [...waiting]) {
      if (!stdout.includes(wait.text) && !stderr.includes(wait.text)) continue;
      waiting.splice(waiting.indexOf(wait), 1);
      wait.resolve();
    }
  };
  const done = runCli(argv, {
    stdout: { write: (s: string) => ((stdout += s), check()) },
    stderr: { write: (s: string) => ((stderr += s), check()) },
    env: options.env ?? { PATH: process.env.PATH },
    cwd: options.cwd ?? ROOT,
  }).then((code) => ({ code, stdout, stderr }));
  return {
    done,
    until(text) {
      return new Promise<void>((resolveWait, reject) => {
        waiting.push({ text, resolve: resolveWait });
        check();
        void done.then(() => reject(new Error(`the command ended without showing "${text}":\n${stdout}\n${stderr}`)));
      });
    },
    output: () => `${stdout}${stderr}`,
  };
}

/**
 * Runs `warroom ARGV --config CONFIG --data-dir DATA_DIR` from `cwd` (the config's folder), PATH only
 * in the environment, and answers its exit code and output once it ends.
 */
export function cliIn(setup: { config: string; dataDir: string; cwd: string }): (...argv: string[]) => Promise<CliResult> {
  return (...argv) => cliRun([...argv, '--config', setup.config, '--data-dir', setup.dataDir], { cwd: setup.cwd }).done;
}
