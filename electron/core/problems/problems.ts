/**
 * What keeps failing inside the core: one problem per source ('heartbeat', 'probes.store', …),
 * raised by a background loop that caught an error, counted while it recurs, and cleared when the
 * same source next works. Every change is published (as core.problems) so the renderer can show it
 * until it clears; logs and publications of a recurring failure are throttled.
 */
import type { CoreProblem } from '../../../shared/domain/problems.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

export interface CoreProblems {
  /** `source` failed while doing `what`: raise or count its problem. Never throws. */
  report(source: string, what: string, error: unknown): void;
  /** `source` worked: its problem, if any, is over. */
  clear(source: string): void;
  /**
   * Runs background work for `source`: a throw is reported and swallowed (the answer is
   * undefined), a success clears the source's problem. For timers, streams and handlers that
   * must never let an exception end the process.
   */
  attempt<T>(source: string, what: string, work: () => T): T | undefined;
  /** Current problems, oldest first. */
  list(): CoreProblem[];
}

export interface ProblemRegistryDeps {
  clock: Clock;
  logger: Logger;
  /** Sends the whole current list (the core emits core.problems). */
  publish: (problems: CoreProblem[]) => void;
  /** A recurring failure with the same error is published at most this often (default 5 s). */
  republishMs?: number;
  /** …and logged again at most this often (default 60 s). */
  relogMs?: number;
}

export function errorCode(error: unknown): string | null {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : null;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createProblemRegistry(deps: ProblemRegistryDeps): CoreProblems {
  const republishMs = deps.republishMs ?? 5000;
  const relogMs = deps.relogMs ?? 60_000;
  const problems = new Map<string, CoreProblem>();
  const lastPublishedAt = new Map<string, number>();
  const lastLoggedAt = new Map<string, number>();
  let publishing = false;

  const publish = (source: string) => {
    // A listener that fails on core.problems reports back into here: keep that, but do not loop.
    if (publishing) return;
    publishing = true;
    try {
      lastPublishedAt.set(source, deps.clock.now());
      deps.publish([...problems.values()]);
    } catch (error) {
      deps.logger.error('publishing core problems failed', error);
    } finally {
      publishing = false;
    }
  };

  const registry: CoreProblems = {
    report(source, what, error) {
      const now = deps.clock.now();
      const message = errorMessage(error);
      const code = errorCode(error);
      const known = problems.get(source);
      if (!known) {
        problems.set(source, { source, what, message, code, firstAt: now, lastAt: now, count: 1 });
        lastLoggedAt.set(source, now);
        deps.logger.error(`${what} failed [${source}]`, error);
        publish(source);
        return;
      }
      const changed = known.message !== message || known.code !== code;
      problems.set(source, { ...known, what, message, code, lastAt: now, count: known.count + 1 });
      if (now - (lastLoggedAt.get(source) ?? 0) >= relogMs) {
        lastLoggedAt.set(source, now);
        deps.logger.warn(`${what} still failing [${source}] (${known.count + 1} times since ${new Date(known.firstAt).toISOString()}): ${message}`);
      }
      if (changed || now - (lastPublishedAt.get(source) ?? 0) >= republishMs) publish(source);
    },
    clear(source) {
      const known = problems.get(source);
      if (!known) return;
      problems.delete(source);
      lastLoggedAt.delete(source);
      deps.logger.info(`${known.what} works again [${source}] after ${known.count} failure${known.count === 1 ? '' : 's'}`);
      publish(source);
      lastPublishedAt.delete(source);
    },
    attempt(source, what, work) {
      let value;
      try {
        value = work();
      } catch (error) {
        registry.report(source, what, error);
        return undefined;
      }
      registry.clear(source);
      return value;
    },
    list: () => [...problems.values()],
  };
  return registry;
}
