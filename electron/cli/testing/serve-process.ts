/**
 * `warroom serve` as a real child process (from dist-node/, through bin/warroom.js), for tests that
 * need a second process on a data dir: its URL once it listens, its exit with stderr, killed
 * (SIGKILL) by `stop` when the test did not end it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { ROOT } from './cli-run.js';

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
