/**
 * Test results as evidence: the JUnit XML report an action writes (pytest --junitxml, vitest's
 * and jest's junit reporters, Playwright), read into counts and the names of failing tests, so
 * "all smoke tests passing" is read from the report, not guessed from an exit code.
 */
import { z } from 'zod';

export const FailingTestSchema = z.object({
  /** "suite › classname › name", as the report names it. */
  name: z.string(),
  /** failure (an assertion) or error (the test could not run). */
  kind: z.enum(['failure', 'error']),
  /** The first line of the failure message, capped. */
  message: z.string(),
});
export type FailingTest = z.infer<typeof FailingTestSchema>;

export const TestReportSchema = z.object({
  actionRunId: z.number().int(),
  /** The report file as the config names it. */
  file: z.string(),
  readAt: z.number().int(),
  /** Why the report could not be read (missing, stale, not JUnit XML); counts are 0 then. */
  problem: z.string().nullable(),
  tests: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  errors: z.number().int(),
  skipped: z.number().int(),
  /** Failing tests, at most 200 (failed + errors says how many there were). */
  failing: z.array(FailingTestSchema),
});
export type TestReport = z.infer<typeof TestReportSchema>;

/** A report that was read, ran at least one test, and had no failure or error. */
export function reportPassed(report: Pick<TestReport, 'problem' | 'tests' | 'failed' | 'errors' | 'skipped'>): boolean {
  return report.problem === null && report.tests - report.skipped > 0 && report.failed === 0 && report.errors === 0;
}

/** "12 passed, 1 failed, 2 skipped", or the problem. */
export function describeReport(report: Pick<TestReport, 'problem' | 'passed' | 'failed' | 'errors' | 'skipped'>): string {
  if (report.problem) return `no test results: ${report.problem}`;
  const parts = [`${report.passed} passed`];
  if (report.failed) parts.push(`${report.failed} failed`);
  if (report.errors) parts.push(`${report.errors} errors`);
  if (report.skipped) parts.push(`${report.skipped} skipped`);
  return parts.join(', ');
}
