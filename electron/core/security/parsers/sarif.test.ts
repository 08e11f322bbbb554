// SARIF features the real fixtures do not all use: rules in extensions, rule references by
// index, security-severity, tags, suppressions, originalUriBaseIds, several runs, result kinds.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { ParsedReportSchema } from '../../../../shared/domain/security.js';
import { parseReport } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'warroom-sarif-'));
mkdirSync(join(root, 'src'));
writeFileSync(join(root, 'src/app.js'), ['// header', 'const a = 1;', 'el.innerHTML   =  input;', ''].join('\n'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function sarif(runs: unknown[]): string {
  return JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs });
}

const at = (uri: string, extra: Record<string, unknown> = {}) => [{ physicalLocation: { artifactLocation: { uri, ...extra }, region: { startLine: 3, startColumn: 1 } } }];

function parse(runs: unknown[]) {
  const report = parseReport({ text: sarif(runs), fileName: 'scan.sarif', scanRoot: root });
  expect(ParsedReportSchema.parse(report)).toEqual(report);
  return report;
}

describe('SARIF rules and severities', () => {
  test('rules come from the driver or an extension (ruleIndex, rule.index + toolComponent, or id)', () => {
    const report = parse([
      {
        tool: {
          driver: { name: 'CodeQL', semanticVersion: '2.15.0', rules: [{ id: 'js/xss', defaultConfiguration: { level: 'error' }, properties: { tags: ['security', 'external/cwe/cwe-079'] } }] },
          extensions: [{ name: 'codeql/javascript-queries', rules: [{ id: 'js/sql-injection', properties: { 'security-severity': '8.8', tags: ['CWE-89'], precision: 'high' }, help: { text: 'Use parameters.' } }] }],
        },
        results: [
          { ruleId: 'js/xss', ruleIndex: 0, message: { text: 'XSS' }, locations: at('src/app.js') },
          { rule: { id: 'js/sql-injection', index: 0, toolComponent: { index: 0 } }, message: { text: 'SQLi' }, locations: at('src/app.js') },
          { ruleId: 'js/sql-injection', level: 'note', properties: { 'security-severity': 9.3 }, message: { text: 'SQLi 2' }, locations: at('src/other.js') },
        ],
      },
    ]);
    expect(report.tools).toEqual([{ tool: 'CodeQL', version: '2.15.0' }]);
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.toolSeverity, f.cwe, f.confidence])).toEqual([
      ['js/xss', 'high', 'error', ['CWE-79'], null],
      ['js/sql-injection', 'high', 'warning (security-severity 8.8)', ['CWE-89'], 'high'],
      ['js/sql-injection', 'critical', 'note (security-severity 9.3)', ['CWE-89'], 'high'],
    ]);
    expect(report.findings[1]?.advice).toBe('Use parameters.');
  });

  test.each([
    [9, 'critical'],
    [7, 'high'],
    [6.9, 'medium'],
    [4, 'medium'],
    [0.1, 'low'],
    [0, 'info'],
  ])('security-severity %s is %s', (score, severity) => {
    const report = parse([{ tool: { driver: { name: 't', rules: [{ id: 'r', properties: { 'security-severity': String(score) } }] } }, results: [{ ruleId: 'r', message: { text: 'm' }, locations: at('src/app.js') }] }]);
    expect(report.findings[0]?.severity).toBe(severity);
  });

  test('levels without security-severity: result level over the rule default; warning when neither says', () => {
    const report = parse([
      {
        tool: { driver: { name: 't', rules: [{ id: 'quiet', defaultConfiguration: { level: 'note' } }, { id: 'plain' }] } },
        results: [
          { ruleId: 'quiet', message: { text: 'a' }, locations: at('src/app.js') },
          { ruleId: 'quiet', level: 'error', message: { text: 'b' }, locations: at('src/app.js') },
          { ruleId: 'plain', message: { text: 'c' }, locations: at('src/app.js') },
          { ruleId: 'plain', level: 'none', message: { text: 'd' }, locations: at('src/app.js') },
          { ruleId: 'plain', kind: 'pass', message: { text: 'ok' } },
        ],
      },
    ]);
    expect(report.findings.map((f) => f.severity)).toEqual(['low', 'high', 'medium', 'info']);
    expect(report.warnings).toContain('t: 1 result of kind pass or notApplicable skipped');
  });
});

describe('SARIF locations', () => {
  test('absolute file:// URIs, originalUriBaseIds (chained) and artifact indexes all end relative to the scan root', () => {
    const report = parse([
      {
        tool: { driver: { name: 't' } },
        originalUriBaseIds: { ROOT: { uri: `${pathToFileURL(root).href}/` }, SRC: { uri: 'src/', uriBaseId: 'ROOT' } },
        artifacts: [{ location: { uri: 'src/app.js' } }],
        results: [
          { ruleId: 'a', message: { text: 'm' }, locations: at(pathToFileURL(join(root, 'src/app.js')).href) },
          { ruleId: 'b', message: { text: 'm' }, locations: at('app.js', { uriBaseId: 'SRC' }) },
          { ruleId: 'c', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { index: 0 }, region: { startLine: 3 } } }] },
          { ruleId: 'd', message: { text: 'm' }, locations: at('./src/app.js', { uriBaseId: 'UNDEFINED_BASE' }) },
          { ruleId: 'e', message: { text: 'm' }, locations: at('file:///elsewhere/lib.js') },
          { ruleId: 'f', message: { text: 'no location' } },
        ],
      },
    ]);
    expect(report.findings.map((f) => f.location?.file ?? null)).toEqual(['src/app.js', 'src/app.js', 'src/app.js', 'src/app.js', expect.stringMatching(/^(\.\.\/)+elsewhere\/lib\.js$/), null]);
    expect(report.warnings).toEqual(expect.arrayContaining(['1 result has no location', expect.stringMatching(/^1 location is outside the scan root/)]));
  });

  test('code context comes from the source under the scan root: whitespace does not matter, the line number never does', () => {
    const one = parse([{ tool: { driver: { name: 't' } }, results: [{ ruleId: 'x', message: { text: 'm' }, locations: at('src/app.js') }] }]).findings[0];
    writeFileSync(join(root, 'src/app.js'), ['// header', '// one more', 'const a = 1;', '  el.innerHTML = input;', ''].join('\n'));
    const moved = parse([{ tool: { driver: { name: 't' } }, results: [{ ruleId: 'x', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/app.js' }, region: { startLine: 4 } } }] }] }]).findings[0];
    expect(moved?.fingerprint).toBe(one?.fingerprint);
    expect(moved?.location?.line).toBe(4);
  });
});

describe('SARIF suppressions, fingerprints and runs', () => {
  test('in-source and external suppressions are kept; rejected or under review ones are not suppressions', () => {
    const result = (suppressions: unknown[]) => ({ ruleId: 'x', message: { text: String(suppressions.length) }, locations: at('src/app.js'), suppressions });
    const report = parse([
      {
        tool: { driver: { name: 't' } },
        results: [
          result([{ kind: 'inSource', justification: 'nosec: constant input' }]),
          result([{ kind: 'external', status: 'accepted', justification: 'accepted risk' }, {}]),
          result([{ kind: 'external', status: 'rejected' }, {}, {}]),
          result([{ kind: 'external', status: 'underReview' }, {}, {}, {}]),
        ],
      },
    ]);
    expect(report.findings.map((f) => f.suppression)).toEqual([
      { kind: 'inSource', justification: 'nosec: constant input' },
      { kind: 'external', justification: 'accepted risk' },
      null,
      null,
    ]);
  });

  test('the tool\'s fingerprint is used when it has one (fingerprints before partialFingerprints); identical lines get "#2"', () => {
    const base = { ruleId: 'x', message: { text: 'm' }, locations: at('src/app.js') };
    const report = parse([
      {
        tool: { driver: { name: 't' } },
        results: [
          { ...base, fingerprints: { 'stable/v1': 'aaa' }, partialFingerprints: { primaryLocationLineHash: 'bbb' } },
          { ...base, partialFingerprints: { primaryLocationLineHash: 'bbb' } },
          { ...base, fingerprints: { 'stable/v1': 'aaa' }, partialFingerprints: { primaryLocationLineHash: 'ccc' } },
          base,
          base,
        ],
      },
    ]);
    const [a, b, c, d, e] = report.findings.map((f) => f.fingerprint);
    expect(a).not.toBe(b);
    expect(c).toBe(`${a}#2`);
    expect(e).toBe(`${d}#2`);
  });

  test('several runs in one file: each tool with its version', () => {
    const report = parse([
      { tool: { driver: { name: 'semgrep', version: '1.50.0' } }, results: [{ ruleId: 'r1', message: { text: 'm' }, locations: at('src/app.js') }] },
      { tool: { driver: { name: 'trivy', version: '0.48.0' } }, results: [{ ruleId: 'CVE-2023-1234', level: 'error', message: { text: 'vuln' }, locations: at('package-lock.json') }] },
    ]);
    expect(report.tools).toEqual([
      { tool: 'semgrep', version: '1.50.0' },
      { tool: 'trivy', version: '0.48.0' },
    ]);
    expect(report.findings.map((f) => [f.tool, f.kind, f.cve])).toEqual([
      ['semgrep', 'code', []],
      ['trivy', 'dependency', ['CVE-2023-1234']],
    ]);
  });
});
