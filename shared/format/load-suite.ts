/**
 * A suite run's progress: the share of its planned time done and the time left (ETA), from the
 * planned length of each test, the tests that ended and how far the current one is.
 */
import type { LoadSuiteRun } from '../domain/load-suites.js';

export interface SuiteProgress {
  /** 0…1 of the suite's planned time. */
  fraction: number;
  /** Planned time left: the rest of the current test and every test after it. */
  remainingMs: number;
  /** The test going on (1-based) and how many there are. */
  current: number | null;
  total: number;
}

/** `live` is the running test's elapsed time, when known (the latest tick). */
export function suiteProgress(run: Pick<LoadSuiteRun, 'members' | 'state'>, live: { runId: number; elapsedMs: number } | null): SuiteProgress {
  const plannedMs = run.members.reduce((sum, m) => sum + m.plannedMs, 0);
  let doneMs = 0;
  let current: number | null = null;
  for (const member of run.members) {
    if (member.run && member.run.state !== 'running') doneMs += member.plannedMs;
    else if (member.run?.state === 'running') {
      current = member.position + 1;
      if (live?.runId === member.run.id) doneMs += Math.min(member.plannedMs, live.elapsedMs);
    }
  }
  if (run.state === 'completed') doneMs = plannedMs;
  const fraction = plannedMs > 0 ? Math.min(1, doneMs / plannedMs) : 1;
  return { fraction, remainingMs: run.state === 'running' ? Math.max(0, plannedMs - doneMs) : 0, current, total: run.members.length };
}
