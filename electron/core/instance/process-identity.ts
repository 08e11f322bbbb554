/**
 * Is a process still the one we recorded? A pid alone is not enough: after a crash and a reboot,
 * or on a busy machine, the pid of a dead Warroom can belong to another program. On Linux the
 * kernel's start time of the process (/proc/<pid>/stat, field 22) tells them apart; elsewhere
 * only liveness is known.
 */
import { readFileSync } from 'node:fs';

export type ProcessLook = { alive: false } | { alive: true; start: string | null };

/** The errno code of a Node error, if it has one. */
export function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** State and start time from /proc; null off Linux or when the process is gone. */
function procStat(pid: number): { state: string; start: string } | null {
  if (process.platform !== 'linux') return null;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const start = fields[19];
  return state && start ? { state, start } : null;
}

/** The process's start time in clock ticks since boot (Linux), or null when unknown or gone. */
export function processStartTime(pid: number): string | null {
  const stat = procStat(pid);
  return stat && stat.state !== 'Z' ? stat.start : null;
}

export function lookUpProcess(pid: number): ProcessLook {
  const stat = procStat(pid);
  // A zombie has exited; only nobody has reaped it yet.
  if (stat) return stat.state === 'Z' ? { alive: false } : { alive: true, start: stat.start };
  try {
    process.kill(pid, 0);
    return { alive: true, start: null };
  } catch (error) {
    // EPERM: it exists, under another user.
    return errnoCode(error) === 'EPERM' ? { alive: true, start: null } : { alive: false };
  }
}
