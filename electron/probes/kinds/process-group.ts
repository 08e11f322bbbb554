/** Stopping a check's whole process group, and knowing when it is really gone. */
import { readdirSync, readFileSync } from 'node:fs';

const POLL_MS = 25;

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

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

async function waitUntilGone(pgid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (groupIsAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

/** SIGTERM to the group, SIGKILL after `graceMs` if anything survives; resolves once the group is gone (bounded). */
export async function stopGroup(pgid: number, graceMs = 1000): Promise<void> {
  if (!groupIsAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  if (await waitUntilGone(pgid, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await waitUntilGone(pgid, 1000);
}
