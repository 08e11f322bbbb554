/**
 * A spawned child together with everything it starts, as one thing to stop. On Linux and macOS
 * that is its process group (spawn with `detached: true`), and on Linux also every process that
 * inherited the run's marker (see run-tree.ts: a `setsid` grandchild); on Windows, which has no process
 * groups, it degrades to the direct child alone: TerminateProcess, no grace period, and whatever
 * the child started itself is not reached.
 */
import type { ChildProcess } from 'node:child_process';
import { killTreeOnExit } from './kill-on-exit.js';
import { processStartTicks } from './proc-table.js';
import { HAS_PROCESS_GROUPS, type StopResult } from './process-group.js';
import { runTreeIsAlive, terminateRunTree, type RunTreeIdentity } from './run-tree.js';

/** A started child's process tree. */
export interface ChildTree {
  /** The process group id, or null where there are no process groups (Windows). */
  readonly pgid: number | null;
  /** What finds the tree again from outside (stored with a run); null on Windows. */
  readonly identity: RunTreeIdentity | null;
  /** Whether anything of the group is still alive (after the main process exited: leftovers). */
  isAlive(): boolean;
  /** Stops the tree once (later calls share the first stop); resolves when it is gone. */
  stop(): Promise<StopResult>;
  /** Call once the tree is gone: it no longer needs killing when Warroom exits. */
  release(): void;
}

export interface ChildTreeOptions {
  /** Between SIGTERM and SIGKILL. */
  graceMs: number;
  /** How long to wait for the group to vanish after SIGKILL. */
  killWaitMs: number;
  /** The value of RUN_MARKER_VARIABLE in the child's environment, when the caller set one. */
  marker?: string | undefined;
}

/** `child` must have started (it has a pid) and, where groups exist, have been spawned detached. */
export function childTree(child: ChildProcess & { pid: number }, options: ChildTreeOptions): ChildTree {
  let stopping: Promise<StopResult> | undefined;
  if (!HAS_PROCESS_GROUPS) {
    const isAlive = () => child.exitCode === null && child.signalCode === null;
    return {
      pgid: null,
      identity: null,
      isAlive,
      stop: () => (stopping ??= stopChildOnly(child, isAlive, options.killWaitMs)),
      release: () => {},
    };
  }
  const identity: RunTreeIdentity = { pgid: child.pid, leaderStartTicks: processStartTicks(child.pid), marker: options.marker ?? null };
  const release = killTreeOnExit(identity);
  return {
    pgid: identity.pgid,
    identity,
    isAlive: () => runTreeIsAlive(identity),
    stop: () => (stopping ??= terminateRunTree(identity, options.graceMs, options.killWaitMs)),
    release,
  };
}

async function stopChildOnly(child: ChildProcess, isAlive: () => boolean, waitMs: number): Promise<StopResult> {
  if (!isAlive()) return 'already_gone';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill();
  const timer = new Promise<void>((done) => setTimeout(done, waitMs).unref());
  await Promise.race([exited, timer]);
  return isAlive() ? 'survived' : 'terminated';
}
