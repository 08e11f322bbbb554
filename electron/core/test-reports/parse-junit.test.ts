/** The JUnit parser on reports real tools wrote (fixtures/regenerate.sh writes them again). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JUnitFormatError, parseJUnit } from './parse-junit.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('parseJUnit', () => {
  it('reads a pytest --junitxml report: passed, failed, errored at setup and skipped tests, and names the failing ones', () => {
    const counts = parseJUnit(fixture('pytest-smoke.xml'));
    expect(counts).toMatchObject({ tests: 5, passed: 2, failed: 1, errors: 1, skipped: 1 });
    expect(counts.failing).toEqual([
      { name: 'pytest › test_smoke › test_agents_listed', kind: 'failure', message: 'AssertionError: expected three agents' },
      { name: 'pytest › test_smoke › test_tasks_stored', kind: 'error', message: 'failed on setup with "ConnectionError: database is down"' },
    ]);
  });

  it("reads vitest's junit reporter: the failing test by its describe path", () => {
    const counts = parseJUnit(fixture('vitest-smoke.xml'));
    expect(counts).toMatchObject({ tests: 4, passed: 2, failed: 1, errors: 0, skipped: 1 });
    expect(counts.failing).toEqual([
      { name: 'smoke.fixture.mjs › api smoke > lists three agents', kind: 'failure', message: "expected [ 'agent-001', 'agent-002' ] to have a length of 3 but got 2" },
    ]);
  });

  it('reads a bare <testsuite> root, nested suites and a failure given only as text', () => {
    const counts = parseJUnit(`<testsuite name="outer"><testsuite name="inner"><testcase name="a"/><testcase name="b"><failure>boom
stack</failure></testcase></testsuite></testsuite>`);
    expect(counts).toMatchObject({ tests: 2, passed: 1, failed: 1 });
    expect(counts.failing).toEqual([{ name: 'outer › inner › b', kind: 'failure', message: 'boom' }]);
  });

  it('refuses what is not a JUnit report, saying why', () => {
    expect(() => parseJUnit('<testsuites><testsuite>')).toThrow(JUnitFormatError);
    expect(() => parseJUnit('<testsuites><testsuite>')).toThrow(/not well-formed XML/);
    expect(() => parseJUnit('<html><body>502 Bad Gateway</body></html>')).toThrow(/expected a <testsuites> or <testsuite> root/);
    expect(() => parseJUnit('')).toThrow(JUnitFormatError);
  });
});
