// Reports Warroom cannot read: each a ReportParseError whose message names the file and the problem.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { fixtureText, sampleRoot } from './fixtures-test-support.js';
import { detectFormat, MAX_REPORT_BYTES, parseReport, parseReportFile, ReportParseError } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'warroom-bad-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function problemOf(path: string, options: { maxBytes?: number } = {}): Promise<ReportParseError> {
  const error: unknown = await parseReportFile(path, { scanRoot: sampleRoot, ...options }).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ReportParseError)) throw new Error(`expected a ReportParseError for ${path}, got ${String(error)}`);
  expect(error.file).toBe(path);
  expect(error.message).toBe(`${path}: ${error.problem}`);
  return error;
}

describe('bad reports', () => {
  test('truncated JSON', async () => {
    const real = fixtureText('eslint.sarif');
    const error = await problemOf(write('truncated.sarif', real.slice(0, Math.floor(real.length / 2))));
    expect(error.problem).toMatch(/^truncated JSON: the document ends before it is complete/);
  });

  test('not JSON', async () => {
    const error = await problemOf(write('report.txt', 'Run started at 12:00\nNo issues found.\n'));
    expect(error.problem).toMatch(/^not JSON (at line 1, column 1 )?\(Unexpected token 'R'/);
  });

  test('SARIF of another version', async () => {
    const error = await problemOf(write('report.sarif', JSON.stringify({ version: '2.0.0', runs: [] })));
    expect(error.problem).toBe('SARIF version 2.0.0 is not supported (expected 2.1.0)');
    expect(error.message).toBe(`${join(dir, 'report.sarif')}: SARIF version 2.0.0 is not supported (expected 2.1.0)`);
  });

  test('JSON of an unknown tool', async () => {
    const error = await problemOf(write('mystery.json', JSON.stringify({ scanner: 'mystery', issues: [{ id: 1 }] })));
    expect(error.problem).toBe('unknown report format: a JSON object with keys "scanner", "issues"; pass --format (sarif, bandit, npm-audit, secretlint)');
  });

  test('an empty file (and one of only whitespace)', async () => {
    expect((await problemOf(write('empty.json', ''))).problem).toBe('the file is empty');
    expect((await problemOf(write('blank.json', '  \n'))).problem).toBe('the file is empty');
  });

  test('a report over the size limit is refused before it is read (a sparse file of 200 MB + 1 byte)', async () => {
    const path = join(dir, 'huge.sarif');
    writeFileSync(path, '');
    truncateSync(path, MAX_REPORT_BYTES + 1);
    const error = await problemOf(path);
    expect(error.problem).toBe('the report is 200.0 MB, over the 200.0 MB limit');
    expect((await problemOf(write('small.sarif', fixtureText('eslint.sarif')), { maxBytes: 1000 })).problem).toMatch(/^the report is [\d.]+ KB, over the 1000 B limit$/);
  });

  test('a missing file and a folder', async () => {
    expect((await problemOf(join(dir, 'nope.sarif'))).problem).toBe('no such file');
    expect((await problemOf(dir)).problem).toBe('is a folder, not a report file');
  });

  test('the wrong --format for the content, npm 6 audit reports, gitleaks JSON', () => {
    const attempt = (text: string, format?: 'bandit' | 'npm-audit') => {
      try {
        parseReport({ text, fileName: 'r.json', scanRoot: sampleRoot, format });
        return 'parsed';
      } catch (error) {
        return error instanceof ReportParseError ? error.message : `not a ReportParseError: ${String(error)}`;
      }
    };
    expect(attempt(fixtureText('eslint.sarif'), 'bandit')).toBe('r.json: not a bandit report: no "results" array');
    expect(attempt(JSON.stringify({ advisories: {}, metadata: {} }))).toBe('r.json: npm audit report of npm 6 (no auditReportVersion) is not supported: run npm audit --json with npm 7 or later');
    expect(attempt(JSON.stringify([{ RuleID: 'aws', Secret: 'x', File: 'a' }]))).toBe('r.json: gitleaks JSON is not supported yet: run gitleaks with --report-format sarif and import the SARIF');
    expect(attempt(JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] }))).toBe('r.json: SARIF run 1 has no tool.driver.name');
  });
});

describe('detectFormat', () => {
  test.each([
    ['bandit.json', 'bandit'],
    ['flawfinder.sarif', 'sarif'],
    ['eslint.sarif', 'sarif'],
    ['secretlint.json', 'secretlint'],
    ['secretlint.sarif', 'sarif'],
    ['npm-audit-many-vulns.json', 'npm-audit'],
  ])('%s is %s', (name, format) => {
    expect(detectFormat(fixtureText(name), name)).toBe(format);
  });

  test('null for what it cannot tell', () => {
    expect(detectFormat('not json', 'x.json')).toBeNull();
    expect(detectFormat('{"a":1}', 'x.json')).toBeNull();
    expect(detectFormat('[]', 'x.json')).toBeNull();
    expect(detectFormat('[]', 'secretlint-report.json')).toBe('secretlint');
  });
});
