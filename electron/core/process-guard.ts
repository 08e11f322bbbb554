/**
 * The last line of fault containment, installed once per process by each shell. Everything the
 * core does in the background catches its own errors (core problems); what still escapes lands
 * here. An unhandled rejection is one task that failed: logged with its stack, reported as a core
 * problem, and the process keeps running. An uncaught exception leaves state unknown: logged,
 * the core closed (runs cancelled with their grace period, the database closed), the shell told
 * (Electron shows an error box), then exit 1 for the user or a supervisor to restart.
 */
import type { Logger } from './logger.js';
import { stderrLogger } from './logger.js';
import type { CoreProblems } from './problems/problems.js';

/** What the guard needs from a running core (createCore attaches itself when given a guard). */
export interface GuardedCore {
  /** The core's logger: stderr and warroom.log. */
  logger: Logger;
  problems: Pick<CoreProblems, 'report'>;
  close(): Promise<void>;
}

export interface ProcessGuard {
  /** Routes logs and problems to this core, and closes it on a fatal error; returns detach. */
  attach(core: GuardedCore): () => void;
  /** Removes the handlers (tests). */
  dispose(): void;
}

/** The slice of `process` the guard listens on (tests pass an EventEmitter). */
export interface GuardedProcess {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException' | 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface ProcessGuardOptions {
  /** Logs before a core is attached (default stderr). */
  logger?: Logger;
  /** Told after the core closed and before the exit (Electron shows an error box). */
  onFatal?: (error: unknown) => void | Promise<void>;
  exit?: (code: number) => void;
  /** Closing the core may not hold the exit longer than this (default 10 s). */
  closeTimeoutMs?: number;
  process?: GuardedProcess;
}

export function guardProcess(options: ProcessGuardOptions = {}): ProcessGuard {
  const target = options.process ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
  let core: GuardedCore | undefined;
  let stopping = false;
  const logger = () => core?.logger ?? options.logger ?? stderrLogger;
  // Loggers print an Error's stack; anything else thrown or rejected goes into the message.
  const logFailure = (message: string, reason: unknown) =>
    reason instanceof Error ? logger().error(message, reason) : logger().error(`${message}: ${String(reason)}`);

  const onRejection = (reason: unknown) => {
    logFailure('unhandled promise rejection (Warroom keeps running)', reason);
    try {
      core?.problems.report('process', 'an internal task', reason);
    } catch (error) {
      logger().error('reporting the rejection failed', error);
    }
  };

  const onException = (error: unknown) => {
    if (stopping) {
      logFailure('another uncaught exception while stopping', error);
      return;
    }
    stopping = true;
    logFailure('uncaught exception, state unknown: stopping', error);
    const closing = core ? core.close().catch((failure: unknown) => logger().error('closing the core after the exception failed', failure)) : Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        logger().error(`closing the core took over ${closeTimeoutMs} ms: exiting without it`);
        resolve();
      }, closeTimeoutMs);
    });
    void Promise.race([closing, timeout])
      .then(() => options.onFatal?.(error))
      .catch((failure: unknown) => logger().error('telling the shell about the exception failed', failure))
      .finally(() => {
        clearTimeout(timer);
        exit(1);
      });
  };

  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return {
    attach(attached) {
      core = attached;
      return () => {
        if (core === attached) core = undefined;
      };
    },
    dispose() {
      target.off('unhandledRejection', onRejection);
      target.off('uncaughtException', onException);
    },
  };
}
