/** A declared report becomes evidence only when this run wrote it. */
import { copyFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import { readTestReport, reportPath } from './read-report.js';

const temp = makeTempDir();
afterAll(() => temp.remove());
const fixture = join(import.meta.dirname, 'fixtures', 'vitest-smoke.xml');

describe('readTestReport', () => {
  it('places reports under the working directory, or the data dir for {dataDir}/…', () => {
    expect(reportPath('reports/smoke.xml', { cwd: '/srv/app', dataDir: '/var/warroom' })).toBe('/srv/app/reports/smoke.xml');
    expect(reportPath('{dataDir}/reports/smoke.xml', { cwd: '/srv/app', dataDir: '/var/warroom' })).toBe('/var/warroom/reports/smoke.xml');
    expect(reportPath('/tmp/smoke.xml', { cwd: '/srv/app', dataDir: '/var/warroom' })).toBe('/tmp/smoke.xml');
  });

  it('reads a report the run wrote into counts and failing tests', () => {
    const path = join(temp.path, 'fresh.xml');
    copyFileSync(fixture, path);
    const report = readTestReport({ path, file: 'fresh.xml', actionRunId: 7, startedAt: Date.now() - 1000, now: Date.now() });
    expect(report).toMatchObject({ actionRunId: 7, problem: null, tests: 4, passed: 2, failed: 1, skipped: 1 });
  });

  it('stores a problem, never counts, for a report that is missing, older than the run, or not JUnit', () => {
    const startedAt = Date.now();
    expect(readTestReport({ path: join(temp.path, 'none.xml'), file: 'none.xml', actionRunId: 1, startedAt, now: startedAt })).toMatchObject({
      problem: `the run wrote no report at ${join(temp.path, 'none.xml')}`,
      tests: 0,
    });
    const stale = join(temp.path, 'stale.xml');
    copyFileSync(fixture, stale);
    // Whole seconds: file systems keep modification times to their own precision.
    const yesterday = new Date(Math.floor((startedAt - 86_400_000) / 1000) * 1000);
    utimesSync(stale, yesterday, yesterday);
    expect(readTestReport({ path: stale, file: 'stale.xml', actionRunId: 1, startedAt, now: startedAt }).problem).toBe(`${stale} is older than the run (written ${yesterday.toISOString()})`);
    const html = join(temp.path, 'html.xml');
    writeFileSync(html, '<html><body>502</body></html>');
    expect(readTestReport({ path: html, file: 'html.xml', actionRunId: 1, startedAt: startedAt - 5000, now: startedAt }).problem).toBe(
      `${html}: not a JUnit report: expected a <testsuites> or <testsuite> root element`,
    );
  });
});
