/**
 * A spawned child together with everything it starts, as one thing to stop. On Linux and macOS
 * that is its process group (spawn with `detached: true`); on Windows, which has no process
 * groups, it degrades to the direct child alone: TerminateProcess, no grace period, and whatever
 * the child started itself is not reached.
 */
import type { ChildProcess } from 'node:child_process';
import { killGroupOnExit } from './kill-on-exit.js';
import { groupIsAlive, HAS_PROCESS_GROUPS, terminateGroup, type StopResult } from './process-group.js';

/** A started child's process tree. */
export interface ChildTree {
  /** The process group id, or null where there are no process groups (Windows). */
  readonly pgid: number | null;
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
}

/** `child` must have started (it has a pid) and, where groups exist, have been spawned detached. */
export function childTree(child: ChildProcess & { pid: number }, options: ChildTreeOptions): ChildTree {
  let stopping: Promise<StopResult> | undefined;
  if (!HAS_PROCESS_GROUPS) {
    const isAlive = () => child.exitCode === null && child.signalCode === null;
    return {
      pgid: null,
      isAlive,
      stop: () => (stopping ??= stopChildOnly(child, isAlive, options.killWaitMs)),
      release: () => {},
    };
  }
  const pgid = child.pid;
  const release = killGroupOnExit(pgid);
  return {
    pgid,
    isAlive: () => groupIsAlive(pgid),
    stop: () => (stopping ??= terminateGroup(pgid, options.graceMs, options.killWaitMs)),
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
