/** The human reason recorded with a run's end: "exit code 3", "timed out after 10 min (…)". */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { StopResult } from '../../process/process-group.js';

/** "400 ms", "1.5 s", "45 s", "10 min", "2 min 30 s", "1 h 5 min". */
export function describeDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${Number((ms / 1000).toFixed(1))} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  return minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${Math.floor(minutes / 60)} h`;
}

/** How the main process ended on its own: "exit code 3", "killed by SIGSEGV". */
export function describeExit(code: number | null, signal: string | null): string {
  return code !== null ? `exit code ${code}` : `killed by ${signal ?? 'a signal'}`;
}

/**
 * What stopping the group took, as a suffix: nothing when SIGTERM sufficed, else who ignored it.
 * `mainSignal` tells whether the main process itself needed SIGKILL or only something it started.
 */
export function describeStop(stop: StopResult, graceMs: number, mainSignal: string | null): string {
  const who = mainSignal === 'SIGKILL' ? '' : 'a child process ';
  if (stop === 'killed') return ` (killed after ${describeDuration(graceMs)}: ${who}ignored SIGTERM)`;
  if (stop === 'survived') return ' (some processes survived SIGKILL)';
  return '';
}

/** Why spawn failed, in the words an operator needs: the program as configured, not a stack trace. */
export function describeSpawnError(error: unknown, program: string, cwd: string): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      // execve says ENOENT for a missing #! interpreter too; the file being there tells them apart.
      return program.includes('/') && existsSync(isAbsolute(program) ? program : resolve(cwd, program))
        ? `interpreter not found: ${program} (check its #! line)`
        : `program not found: ${program}`;
    case 'EACCES':
      return `not executable: ${program}`;
    case 'ENOEXEC':
      return `not an executable format: ${program} (missing #! line?)`;
    default:
      return `cannot start ${program}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
