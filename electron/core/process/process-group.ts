/**
 * Stopping a child's whole process group, and knowing when it is really gone. Shared by command
 * probes and operator actions, which both spawn with `detached: true` so that the child leads a
 * group of its own (pgid = its pid) that its descendants inherit.
 *
 * Windows has no process groups: callers check HAS_PROCESS_GROUPS and fall back to killing the
 * direct child only.
 */
import { readdirSync, readFileSync } from 'node:fs';

const POLL_MS = 25;

/** False on Windows, where `process.kill(-pgid)` means nothing and `detached` opens a console. */
export const HAS_PROCESS_GROUPS = process.platform !== 'win32';

/**
 * How a stop went: the group was already gone, went on SIGTERM, needed SIGKILL, or still had
 * live members after SIGKILL (a process stuck in uninterruptible sleep).
 */
export type StopResult = 'already_gone' | 'terminated' | 'killed' | 'survived';

/**
 * True while any process of group `pgid` is alive. Zombies don't count: they are dead, and whether
 * they are reaped depends on PID 1 (some container inits never reap orphans).
 */
export function groupIsAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  return process.platform === 'linux' ? hasLiveLinuxMember(pgid) : true;
}

function hasLiveLinuxMember(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces or parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
  }
  return false;
}

/** Sends `signal` to every process of the group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

/** Polls until no live process of the group is left; false if some still are after `withinMs`. */
export async function waitUntilGone(pgid: number, withinMs: number): Promise<boolean> {
  const deadline = performance.now() + withinMs;
  while (groupIsAlive(pgid)) {
    if (performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

/**
 * SIGTERM to the group, SIGKILL after `graceMs` if anything survives; resolves once the group is
 * gone, or after `killWaitMs` more if something survives even SIGKILL. Says which it was.
 */
export async function terminateGroup(pgid: number, graceMs: number, killWaitMs: number): Promise<StopResult> {
  if (!groupIsAlive(pgid)) return 'already_gone';
  signalGroup(pgid, 'SIGTERM');
  if (await waitUntilGone(pgid, graceMs)) return 'terminated';
  signalGroup(pgid, 'SIGKILL');
  return (await waitUntilGone(pgid, killWaitMs)) ? 'killed' : 'survived';
}

/** SIGTERM to the group, SIGKILL after `graceMs` if anything survives; resolves once the group is gone (bounded). */
export async function stopGroup(pgid: number, graceMs = 1000): Promise<void> {
  await terminateGroup(pgid, graceMs, 1000);
}
