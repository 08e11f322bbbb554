/**
 * What Linux's /proc says about processes: group, state, start time, and whether a process carries
 * a run's marker in its environment. Everything returns "nothing" off Linux or when a process
 * vanished while we looked; callers treat that as "not there".
 */
import { readdirSync, readFileSync } from 'node:fs';

export const HAS_PROC = process.platform === 'linux';

/** The fields of /proc/<pid>/stat that tell who a process is and whether it still runs. */
export interface ProcStat {
  pid: number;
  /** Process group id (field 5). */
  pgid: number;
  /** R, S, D, Z, T…; Z is a zombie: dead, only waiting to be reaped. */
  state: string;
  /** Clock ticks after boot when it started (field 22): with the pid, it names one process for good. */
  startTicks: number;
}

export function readProcStat(pid: number): ProcStat | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid pgrp …": comm may hold spaces or parentheses, so split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  return { pid, state: fields[0] ?? '?', pgid: Number(fields[2]), startTicks: Number(fields[19]) };
}

/** The start time of a process (see ProcStat.startTicks); null off Linux or when it is gone. */
export function processStartTicks(pid: number): number | null {
  return HAS_PROC ? (readProcStat(pid)?.startTicks ?? null) : null;
}

/** Every process, by its stat; zombies included (callers decide). */
export function allProcesses(): ProcStat[] {
  if (!HAS_PROC) return [];
  const result: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat) result.push(stat);
  }
  return result;
}

/**
 * Whether the environment of `pid` holds exactly `name=value`. Only readable for our own user's
 * processes, which is what a run's script and its descendants are.
 */
export function carriesMarker(pid: number, name: string, value: string): boolean {
  let environ: Buffer;
  try {
    environ = readFileSync(`/proc/${pid}/environ`);
  } catch {
    return false;
  }
  const entry = Buffer.from(`${name}=${value}\0`);
  const at = environ.indexOf(entry);
  return at === 0 || (at > 0 && environ[at - 1] === 0);
}
