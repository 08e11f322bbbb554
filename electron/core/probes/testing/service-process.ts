/**
 * Runs a test database server (postgres, redis) as its own process group: waits for its "ready"
 * log line within a bound, keeps the log tail for error messages, and stops it, also on exit.
 */
import { spawn } from 'node:child_process';

export interface ServiceProcess {
  pid: number;
  logTail(): string;
  /** Sends `signal` to the group, then SIGKILL after `graceMs`; resolves once the process exited. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface ServiceProcessOptions {
  name: string;
  argv: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A log line (stdout or stderr) that means "accepting connections". */
  ready: RegExp;
  startTimeoutMs: number;
  /** Run when the test process exits without stop() (a crashed or killed test worker). */
  onExitCleanup?: () => void;
}

const LOG_TAIL_CHARS = 4000;

export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const [program, ...args] = options.argv as [string, ...string[]];
  const child = spawn(program, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let exited = false;
  const exitedPromise = new Promise<void>((done) => child.once('exit', () => ((exited = true), done())));
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // Last resort when a test worker exits without closing: never leave a database running.
  const onProcessExit = () => {
    kill('SIGKILL');
    options.onExitCleanup?.();
  };
  process.once('exit', onProcessExit);

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.name} did not start within ${options.startTimeoutMs} ms; log:\n${log}`)), options.startTimeoutMs);
    const onOutput = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-LOG_TAIL_CHARS);
      if (options.ready.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${options.name} (${program}): ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited during startup (${code ?? signal}); log:\n${log}`));
    });
  });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000) => {
    process.off('exit', onProcessExit);
    if (!exited) {
      kill(signal);
      const timer = setTimeout(() => kill('SIGKILL'), graceMs);
      await exitedPromise;
      clearTimeout(timer);
    }
    // Whatever else is left in the group (postgres backends) goes too.
    kill('SIGKILL');
  };

  try {
    await ready;
  } catch (error) {
    await stop('SIGKILL');
    options.onExitCleanup?.();
    throw error;
  }
  return { pid: child.pid!, logTail: () => log, stop };
}

