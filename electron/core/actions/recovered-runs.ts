/**
 * Runs a previous Warroom left behind when it died (kill -9, a crash, power to the app cut).
 *
 * At start-up each unfinished run is looked at once: a run whose script (its process group, or any
 * process carrying its marker) is still alive is NOT ended. It stays `running`, marked as recovered
 * ("still running, started before the restart"), keeps its target locked, can be cancelled, and is
 * watched until its processes are gone; then it ends as `exit_unknown`, because only a parent sees
 * an exit code and this Warroom is not the parent. A run whose processes are gone is interrupted, as
 * before. A run that was verifying keeps its exit code 0 and ends unverified.
 *
 * Nothing here kills a recovered run when Warroom stops normally: this Warroom did not start it, so
 * it only stops watching; the next start finds it again.
 */
import type { ActionRun } from '../../../shared/domain/actions.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { StopResult } from '../process/process-group.js';
import { runTreeIsAlive, runTreePids, terminateRunTree, type RunTreeIdentity } from '../process/run-tree.js';
import { INTERRUPTED_REASON, RunStateError, type ActionRunsRepo, type RunOutcome } from '../store/repos/action-runs-repo.js';
import { describeDuration, describeStop } from './process/describe-end.js';

export const ENDED_UNWATCHED_REASON = 'ended while Warroom was not watching: exit code unknown';
export const VERIFICATION_INTERRUPTED_REASON = 'exit code 0; verification interrupted: Warroom stopped while it ran';
const RECOVERED_NOTE = 'started before the restart; exit code unknown';

export interface RecoveredRuns {
  /** Looks at every run a stopped Warroom left unfinished (call once, at start, before any new run). */
  recover(): void;
  isWatching(runId: number): boolean;
  /** SIGTERM to the whole tree, SIGKILL after the grace period; the run ends as cancelled once it is gone. */
  cancel(runId: number, actor: string): void;
  /** Resolves when a watched run ended; undefined for a run not watched here. */
  finished(runId: number): Promise<ActionRun> | undefined;
  /** Stops watching (the processes keep running; a later start recovers them again). */
  stop(): Promise<void>;
}

export interface RecoveredRunsDeps {
  runs: ActionRunsRepo;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** Publishes a changed run (action.changed). */
  changed(run: ActionRun): ActionRun;
  /** The configured timeout of an action; undefined when it is no longer in the config. */
  timeoutOf(actionId: string): number | undefined;
  /** How often to look whether a recovered run's processes are still there. Default 1000. */
  watchEveryMs?: number | undefined;
  /** Between SIGTERM and SIGKILL. Default 5000. */
  killGraceMs?: number | undefined;
}

interface Watched {
  run: ActionRun;
  tree: RunTreeIdentity;
  timer: NodeJS.Timeout;
  /** Set once a cancel or the timeout started stopping the tree. */
  stopping: Promise<void> | null;
  ended: Promise<ActionRun>;
  end(run: ActionRun): void;
}

const KILL_WAIT_MS = 5000;

export function createRecoveredRuns(deps: RecoveredRunsDeps): RecoveredRuns {
  const watched = new Map<number, Watched>();
  const graceMs = deps.killGraceMs ?? 5000;

  /** Ends a watched run once; a run another Warroom ended meanwhile is left as it is. */
  const end = (entry: Watched, outcome: Pick<RunOutcome, 'state' | 'reason'>): void => {
    clearInterval(entry.timer);
    watched.delete(entry.run.id);
    let run: ActionRun;
    try {
      run = deps.runs.finish(entry.run.id, { ...outcome, endedAt: deps.clock.now(), exitCode: null, signal: null, output: null, outputBytes: 0, truncated: false, digest: null });
    } catch (error) {
      if (!(error instanceof RunStateError)) throw error;
      deps.logger.warn(`recovered run ${entry.run.id} was ended elsewhere: ${error.message}`);
      entry.end(deps.runs.get(entry.run.id) ?? entry.run);
      return;
    }
    deps.audit.append({
      actor: 'warroom',
      event: 'exited',
      actionId: run.actionId,
      runId: run.id,
      detail: { state: outcome.state, exitCode: null, reason: outcome.reason, recovered: true },
    });
    entry.end(deps.changed(run));
  };

  const stopTree = (entry: Watched, outcome: 'cancelled' | 'timed_out', why: string): void => {
    if (entry.stopping) return;
    entry.stopping = terminateRunTree(entry.tree, graceMs, KILL_WAIT_MS).then(
      (stopped: StopResult) => end(entry, { state: outcome, reason: `${why} (${RECOVERED_NOTE})${describeStop(stopped, graceMs, null)}` }),
      (error: unknown) => deps.logger.error(`stopping recovered run ${entry.run.id}`, error),
    );
  };

  const look = (entry: Watched): void => {
    if (entry.stopping) return;
    if (!runTreeIsAlive(entry.tree)) return end(entry, { state: 'exit_unknown', reason: ENDED_UNWATCHED_REASON });
    const timeoutMs = deps.timeoutOf(entry.run.actionId);
    if (timeoutMs !== undefined && entry.run.startedAt !== null && deps.clock.now() >= entry.run.startedAt + timeoutMs) {
      stopTree(entry, 'timed_out', `timed out after ${describeDuration(timeoutMs)}`);
    }
  };

  const watch = (run: ActionRun, tree: RunTreeIdentity): void => {
    let settle!: (run: ActionRun) => void;
    const ended = new Promise<ActionRun>((resolve) => (settle = resolve));
    const entry: Watched = {
      run,
      tree,
      timer: setInterval(() => {
        try {
          look(entry);
        } catch (error) {
          deps.logger.error(`watching recovered run ${run.id}`, error);
        }
      }, deps.watchEveryMs ?? 1000).unref(), // watching alone keeps no process alive
      stopping: null,
      ended,
      end: settle,
    };
    watched.set(run.id, entry);
  };

  const recoverOne = (run: ActionRun): void => {
    const now = deps.clock.now();
    if (run.state === 'verifying') {
      const after = deps.runs.abandonVerification(run.id, VERIFICATION_INTERRUPTED_REASON);
      deps.audit.append({ actor: 'warroom', event: 'verified', actionId: run.actionId, runId: run.id, detail: { restored: null, reason: VERIFICATION_INTERRUPTED_REASON } });
      deps.changed(after);
      return;
    }
    const stored = run.state === 'running' ? deps.runs.processOf(run.id) : null;
    const tree: RunTreeIdentity | null = stored?.pgid != null ? { pgid: stored.pgid, leaderStartTicks: stored.leaderStartTicks, marker: stored.marker } : null;
    const alive = tree ? runTreePids(tree) : [];
    if (tree && alive.length > 0) {
      const recovered = deps.runs.recovered(run.id, now);
      deps.audit.append({ actor: 'warroom', event: 'recovered', actionId: run.actionId, runId: run.id, detail: { pid: stored?.pid ?? null, alive } });
      watch(deps.changed(recovered), tree);
      return;
    }
    const interrupted = deps.runs.interrupt(run.id, now, INTERRUPTED_REASON);
    deps.audit.append({ actor: 'warroom', event: 'exited', actionId: run.actionId, runId: run.id, detail: { state: interrupted.state, reason: interrupted.reason } });
    deps.changed(interrupted);
  };

  return {
    recover() {
      for (const run of deps.runs.unfinished()) recoverOne(run);
    },
    isWatching: (runId) => watched.has(runId),
    cancel(runId, actor) {
      const entry = watched.get(runId);
      if (entry) stopTree(entry, 'cancelled', `cancelled by ${actor}`);
    },
    finished: (runId) => watched.get(runId)?.ended,
    async stop() {
      const entries = [...watched.values()];
      for (const entry of entries) if (!entry.stopping) clearInterval(entry.timer);
      // A cancel under way finishes (and records its end); the others stay running, unwatched.
      await Promise.allSettled(entries.flatMap((entry) => (entry.stopping ? [entry.stopping] : [])));
      for (const entry of entries) {
        if (entry.stopping) continue;
        watched.delete(entry.run.id);
        entry.end(deps.runs.get(entry.run.id) ?? entry.run);
      }
    },
  };
}
