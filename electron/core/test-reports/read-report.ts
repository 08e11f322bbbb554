/**
 * After a run that declares `junit: path`: reads the report it wrote into a TestReport. A report
 * that is missing, older than the run, too big or not JUnit is stored as a problem, never as counts:
 * yesterday's green report is no evidence for today's run.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { TestReport } from '../../../shared/domain/test-reports.js';
import { JUnitFormatError, parseJUnit } from './parse-junit.js';

/** A report bigger than this is not a smoke suite's. */
export const MAX_REPORT_BYTES = 50 * 1024 * 1024;
/** File systems keep modification times coarsely (ext4: ns, FAT: 2 s); allow for it. */
const MTIME_SLACK_MS = 2000;

const DATA_DIR = '{dataDir}';

/** Where a declared report is: `{dataDir}/…` under the data directory, else relative to the run's working directory. */
export function reportPath(declared: string, ctx: { cwd: string; dataDir: string }): string {
  if (declared === DATA_DIR || declared.startsWith(`${DATA_DIR}/`)) return resolve(ctx.dataDir, declared.slice(DATA_DIR.length + 1) || '.');
  return isAbsolute(declared) ? declared : resolve(ctx.cwd, declared);
}

export function readTestReport(input: { path: string; file: string; actionRunId: number; startedAt: number; now: number }): TestReport {
  const base = { actionRunId: input.actionRunId, file: input.file, readAt: input.now };
  const empty = { tests: 0, passed: 0, failed: 0, errors: 0, skipped: 0, failing: [] };
  const problem = (why: string): TestReport => ({ ...base, ...empty, problem: why });
  let size: number;
  let mtimeMs: number;
  try {
    ({ size, mtimeMs } = statSync(input.path));
  } catch (error) {
    return problem((error as NodeJS.ErrnoException).code === 'ENOENT' ? `the run wrote no report at ${input.path}` : `cannot read ${input.path}: ${(error as Error).message}`);
  }
  if (mtimeMs + MTIME_SLACK_MS < input.startedAt) return problem(`${input.path} is older than the run (written ${new Date(mtimeMs).toISOString()})`);
  if (size > MAX_REPORT_BYTES) return problem(`${input.path} is ${size} bytes; the limit is ${MAX_REPORT_BYTES}`);
  try {
    return { ...base, problem: null, ...parseJUnit(readFileSync(input.path, 'utf8')) };
  } catch (error) {
    if (error instanceof JUnitFormatError) return problem(`${input.path}: ${error.message}`);
    return problem(`cannot read ${input.path}: ${(error as Error).message}`);
  }
}
