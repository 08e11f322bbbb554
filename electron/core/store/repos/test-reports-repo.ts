/** JUnit reports read after action runs: counts and failing tests, one per action run, queryable by time. */
import { z } from 'zod';
import { FailingTestSchema } from '../../../../shared/domain/test-reports.js';
import type { TestReport } from '../../../../shared/domain/test-reports.js';
import type { WritableDb } from '../db.js';

interface TestReportRow {
  action_run_id: number;
  file: string;
  read_at: number;
  problem: string | null;
  tests: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  failing: string;
}

/** The newest report of an action in an environment, with the run's end. */
export interface LatestTestReport {
  report: TestReport;
  environment: string;
  finishedAt: number;
}

export interface TestReportsRepo {
  /** Stores the report of a run (once: a run writes one report). */
  record(report: TestReport): TestReport;
  ofRun(actionRunId: number): TestReport | null;
  /** The newest report an action's runs wrote in an environment since a time, or null. */
  latest(query: { actionId: string; environment: string; since: number }): LatestTestReport | null;
}

const FailingListSchema = z.array(FailingTestSchema);

export function createTestReportsRepo(db: WritableDb): TestReportsRepo {
  const insert = db.prepare(
    `INSERT INTO test_reports (action_run_id, file, read_at, problem, tests, passed, failed, errors, skipped, failing)
     VALUES (@actionRunId, @file, @readAt, @problem, @tests, @passed, @failed, @errors, @skipped, @failing)`,
  );
  const select = db.prepare<[number], TestReportRow>('SELECT * FROM test_reports WHERE action_run_id = ?');
  const latest = db.prepare<{ actionId: string; environment: string; since: number }, TestReportRow & { environment: string; ended_at: number | null }>(
    `SELECT t.*, r.environment, r.ended_at FROM test_reports t JOIN action_runs r ON r.id = t.action_run_id
     WHERE r.action_id = @actionId AND r.environment = @environment AND t.read_at >= @since
     ORDER BY t.read_at DESC, t.action_run_id DESC LIMIT 1`,
  );
  const toReport = (row: TestReportRow): TestReport => ({
    actionRunId: row.action_run_id,
    file: row.file,
    readAt: row.read_at,
    problem: row.problem,
    tests: row.tests,
    passed: row.passed,
    failed: row.failed,
    errors: row.errors,
    skipped: row.skipped,
    failing: FailingListSchema.parse(JSON.parse(row.failing)),
  });
  return {
    record(report) {
      insert.run({ ...report, failing: JSON.stringify(report.failing) });
      return toReport(select.get(report.actionRunId)!);
    },
    ofRun(actionRunId) {
      const row = select.get(actionRunId);
      return row ? toReport(row) : null;
    },
    latest(query) {
      const row = latest.get(query);
      return row ? { report: toReport(row), environment: row.environment, finishedAt: row.ended_at ?? row.read_at } : null;
    },
  };
}
