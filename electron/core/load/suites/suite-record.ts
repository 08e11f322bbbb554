/** A stored suite run as the app shows it: each test's newest run and verdict, and the suite's. */
import { judgeRun } from '../../../../shared/domain/load-suites.js';
import type { LoadException, LoadSuiteMember, LoadSuiteRun } from '../../../../shared/domain/load-suites.js';
import type { LoadRunRecord } from '../../../../shared/domain/load-runs.js';
import type { SuiteRunRow } from '../../store/repos/load-suites-repo.js';

export interface SuiteRecordSources {
  members(suiteRunId: number): { position: number; runId: number }[];
  run(runId: number): LoadRunRecord | null;
  exceptionsOf(runIds: readonly number[]): LoadException[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Builds the record of a suite run; verdicts count the exceptions standing at `now`. */
export function suiteRecord(row: SuiteRunRow, sources: SuiteRecordSources, now: number): LoadSuiteRun {
  const memberRows = sources.members(row.id);
  const exceptions = sources.exceptionsOf(memberRows.map((m) => m.runId));
  const members: LoadSuiteMember[] = row.plan.map((entry, position) => {
    const runIds = memberRows.filter((m) => m.position === position).map((m) => m.runId);
    const newest = runIds.at(-1);
    const run = newest === undefined ? null : sources.run(newest);
    return {
      position,
      profile: entry.profile,
      plannedMs: entry.plannedMs,
      run: run ? { id: run.id, state: run.state, startedAt: run.startedAt, endedAt: run.endedAt, headline: run.headline } : null,
      earlierRunIds: runIds.slice(0, -1),
      verdict: run ? judgeRun(run, exceptions.filter((e) => e.runId === run.id), now) : null,
    };
  });
  return {
    id: row.id,
    suite: row.suite,
    title: row.title,
    environment: row.environment,
    actor: row.actor,
    onFailure: row.onFailure,
    state: row.state,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    plannedMs: row.plannedMs,
    stoppedOn: row.stoppedOn,
    error: row.error,
    members,
    verdict: suiteVerdict(row, members),
  };
}

/**
 * Passed only when every test ran and passed (exceptions counted and named); failed as soon as
 * one test did not pass; otherwise incomplete (cancelled, interrupted) or still running.
 */
export function suiteVerdict(row: Pick<SuiteRunRow, 'state' | 'stoppedOn' | 'error'>, members: readonly LoadSuiteMember[]): LoadSuiteRun['verdict'] {
  // A test stopped by someone (a cancel) or by an engine error was not judged: incomplete, not failed.
  const failed = members.filter((m) => m.verdict?.verdict === 'failed');
  if (failed.length > 0) {
    return { verdict: 'failed', exceptions: 0, line: `failed: ${failed.map((m) => `${m.profile} ${m.verdict!.line}`).join('; ')}` };
  }
  if (row.state === 'running') return { verdict: 'running', exceptions: 0, line: 'running' };
  if (members.every((m) => m.verdict?.verdict === 'passed')) {
    const exceptions = members.reduce((sum, m) => sum + (m.verdict?.exceptions ?? 0), 0);
    return { verdict: 'passed', exceptions, line: exceptions > 0 ? `passed with ${plural(exceptions, 'exception')}` : 'passed' };
  }
  const ran = members.filter((m) => m.verdict?.verdict === 'passed').length;
  const why = row.error ?? `${row.state}${row.stoppedOn ? ` on ${row.stoppedOn}` : ''}`;
  return { verdict: 'incomplete', exceptions: 0, line: `incomplete: ${why} (${ran} of ${plural(members.length, 'test')} passed)` };
}
