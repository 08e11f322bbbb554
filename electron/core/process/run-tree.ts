/**
 * The whole tree of a run, found again from what was stored when it started, so that it can be
 * watched and stopped by a Warroom that did not start it (after a crash) and so that a descendant
 * that left the process group with `setsid` is still reached:
 *
 * - its process group, unless the group id now belongs to someone else (the leader's pid is taken
 *   by a process with another start time: the group died and the id was reused);
 * - on Linux, every process whose environment carries the run's marker (`WARROOM_RUN_MARKER=…`),
 *   which every descendant inherits unless it deliberately clears its environment.
 *
 * Zombies never count: they are dead, and whether they are reaped depends on PID 1.
 */
import { allProcesses, carriesMarker, HAS_PROC, readProcStat, type ProcStat } from './proc-table.js';
import { groupIsAlive, signalGroup, type StopResult } from './process-group.js';

/** The variable every process of a run inherits; its value is unique to the run. */
export const RUN_MARKER_VARIABLE = 'WARROOM_RUN_MARKER';

const POLL_MS = 25;

/** What identifies a run's processes for good. */
export interface RunTreeIdentity {
  /** The process group (= the pid of the script, which leads it). */
  pgid: number;
  /** Start time of the leader (/proc/<pid>/stat field 22); null where unknown (not Linux). */
  leaderStartTicks: number | null;
  /** The marker value in the environment of the run's processes; null when it has none. */
  marker: string | null;
}

/** The live processes of the run (pids); empty when nothing of it runs. Off Linux: the group leader at most. */
export function runTreePids(identity: RunTreeIdentity): number[] {
  if (!HAS_PROC) return groupIsAlive(identity.pgid) ? [identity.pgid] : [];
  return treeMembers(identity).map((member) => member.pid);
}

function treeMembers(identity: RunTreeIdentity): ProcStat[] {
  const ours = groupIsOurs(identity);
  return allProcesses().filter(
    (member) =>
      member.state !== 'Z' &&
      ((ours && member.pgid === identity.pgid) ||
        (identity.marker !== null && carriesMarker(member.pid, RUN_MARKER_VARIABLE, identity.marker))),
  );
}

export function runTreeIsAlive(identity: RunTreeIdentity): boolean {
  return runTreePids(identity).length > 0;
}

/** Sends `signal` to the group and to every marked process outside it. */
export function signalRunTree(identity: RunTreeIdentity, signal: NodeJS.Signals): void {
  const ours = groupIsOurs(identity);
  if (ours) signalGroup(identity.pgid, signal);
  if (!HAS_PROC) return;
  for (const member of treeMembers(identity)) {
    if (ours && member.pgid === identity.pgid) continue; // the group signal reached it
    try {
      process.kill(member.pid, signal);
    } catch {
      // ESRCH: gone meanwhile.
    }
  }
}

/**
 * SIGTERM to the whole tree, SIGKILL after `graceMs` to whatever is left; resolves once nothing is
 * left, or after `killWaitMs` more if something survives even SIGKILL. Says which it was.
 */
export async function terminateRunTree(identity: RunTreeIdentity, graceMs: number, killWaitMs: number): Promise<StopResult> {
  if (!runTreeIsAlive(identity)) return 'already_gone';
  signalRunTree(identity, 'SIGTERM');
  if (await waitUntilTreeGone(identity, graceMs)) return 'terminated';
  signalRunTree(identity, 'SIGKILL');
  return (await waitUntilTreeGone(identity, killWaitMs)) ? 'killed' : 'survived';
}

async function waitUntilTreeGone(identity: RunTreeIdentity, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (runTreeIsAlive(identity)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

/**
 * A group id is ours unless a live process now holds the leader's pid with another start time
 * (Linux does not hand out a pid that is still some group's id, so then our group is gone).
 */
function groupIsOurs(identity: RunTreeIdentity): boolean {
  if (identity.leaderStartTicks === null) return true;
  const leader = readProcStat(identity.pgid);
  return !leader || leader.startTicks === identity.leaderStartTicks;
}
