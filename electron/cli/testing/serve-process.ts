/**
 * `warroom serve` as a real child process (from dist-node/, through bin/warroom.js), for tests that
 * need a second process on a data dir: its URL once it listens, its exit with stderr, killed
 * (SIGKILL) by `stop` when the test did not end it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { runCli } from '../cli.js';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface ServeProcess {
  child: ChildProcess;
  /** Resolves with the URL once it listens, or rejects with its stderr if it exits first. */
  url: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** Kills it unless it has ended already; resolves once it has. */
  stop(): Promise<void>;
}

export function startServe(options: { dataDir: string; config: string; env?: NodeJS.ProcessEnv; args?: string[] }): ServeProcess {
  const child = spawn(
    process.execPath,
    ['bin/warroom.js', 'serve', '--data-dir', options.dataDir, '--port', '0', '--rehearsal', 'off', '--config', options.config, ...(options.args ?? [])],
    { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal, stderr })),
  );
  const url = new Promise<string>((resolveUrl, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /url\s+(http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) resolveUrl(match[1]);
    });
    void exited.then(({ code }) => reject(new Error(`serve exited with ${code}:\n${stderr}`)));
  });
  url.catch(() => {});
  return {
    child,
    url,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

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
