// Each parser on the real output of its tool, run on resources/rehearsal/vulnerable-sample/ by
// scripts/security-fixtures.sh: counts, severities, locations relative to the scan root, versions.
import { describe, expect, test } from 'vitest';
import { ParsedReportSchema, type ParsedReport, type Severity } from '../../../../shared/domain/security.js';
import { manifest, parseFixture } from './fixtures-test-support.js';

function countBySeverity(report: ParsedReport): Partial<Record<Severity, number>> {
  const counts: Partial<Record<Severity, number>> = {};
  for (const finding of report.findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  return counts;
}

function rules(report: ParsedReport): string[] {
  return report.findings.map((f) => `${f.location?.file ?? f.package?.name}:${f.location?.line ?? '-'} ${f.ruleId}`);
}

describe('bandit JSON (Debian bandit 1.6.2)', () => {
  const report = parseFixture('bandit.json');

  test('reads every result with its severity, confidence, CWE and a location relative to the scan root', () => {
    expect(ParsedReportSchema.parse(report)).toEqual(report);
    expect(report.format).toBe('bandit');
    expect(rules(report)).toEqual([
      'app/orders.py:3 B403',
      'app/orders.py:5 B404',
      'app/orders.py:17 B602',
      'app/orders.py:21 B506',
      'app/orders.py:25 B303',
      'app/orders.py:29 B301',
      'tests/test_login.py:7 B101',
    ]);
    expect(countBySeverity(report)).toEqual({ high: 1, medium: 3, low: 3 });
    const shell = report.findings.find((f) => f.ruleId === 'B602');
    expect(shell).toMatchObject({ severity: 'high', toolSeverity: 'HIGH', confidence: 'high', cwe: ['CWE-78'], tool: 'bandit' });
    expect(shell?.helpUri).toMatch(/^https:\/\/bandit\.readthedocs\.io\//);
    expect(shell?.location?.snippetHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('records the version as unknown (the report does not say) and warns about bandit < 1.7 on Python ≥ 3.8', () => {
    expect(manifest.versions.bandit).toBe('1.6.2');
    expect(report.tools).toEqual([{ tool: 'bandit', version: 'unknown' }]);
    expect(report.warnings.join('\n')).toMatch(/bandit < 1\.7 .*misses string-literal checks on Python ≥ 3\.8/);
    // The proof: the sample's SQL built with % (B608) is missed by this bandit.
    expect(report.findings.some((f) => f.ruleId === 'B608')).toBe(false);
  });
});

describe('flawfinder SARIF', () => {
  const report = parseFixture('flawfinder.sarif');

  test('reads rules, levels, CWE from the rules\' taxonomy relationships, and relative SRCROOT URIs', () => {
    expect(ParsedReportSchema.parse(report)).toEqual(report);
    expect(report.tools).toEqual([{ tool: 'Flawfinder', version: manifest.versions.flawfinder }]);
    expect(report.findings).toHaveLength(8);
    expect(new Set(report.findings.map((f) => f.location?.file))).toEqual(new Set(['native/copy.c']));
    expect(countBySeverity(report)).toEqual({ high: 5, low: 3 });
    const gets = report.findings.find((f) => f.title.startsWith('buffer/gets'));
    expect(gets).toMatchObject({ ruleId: 'FF1014', severity: 'high', toolSeverity: 'error', location: { line: 14, column: 3 } });
    expect(gets?.cwe).toEqual(['CWE-120', 'CWE-20']);
    expect(report.findings.find((f) => f.ruleId === 'FF1044')?.cwe).toEqual(['CWE-78']);
  });
});

describe('eslint SARIF (@microsoft/eslint-formatter-sarif)', () => {
  const report = parseFixture('eslint.sarif');

  test('makes absolute file:// URIs relative to the scan root and finds rules by ruleIndex', () => {
    expect(ParsedReportSchema.parse(report)).toEqual(report);
    expect(report.tools).toEqual([{ tool: 'ESLint', version: manifest.versions.eslint }]);
    expect(rules(report)).toEqual(['web/render.js:5 no-eval', 'web/render.js:9 no-new-func', 'web/render.js:13 no-restricted-syntax', 'web/render.js:17 no-restricted-syntax']);
    expect(countBySeverity(report)).toEqual({ high: 4 });
    expect(report.findings[0]?.helpUri).toBe('https://eslint.org/docs/latest/rules/no-eval');
    expect(report.warnings).toEqual([]);
  });
});

describe('secretlint', () => {
  const json = parseFixture('secretlint.json');
  const sarif = parseFixture('secretlint.sarif');

  test('JSON: every secret critical, with a masked preview and CWE-798', () => {
    expect(ParsedReportSchema.parse(json)).toEqual(json);
    expect(json.tools).toEqual([{ tool: 'secretlint', version: null }]);
    expect(rules(json)).toEqual([
      'config/aws.env:3 @secretlint/secretlint-rule-aws:AWSAccessKeyID',
      'config/aws.env:4 @secretlint/secretlint-rule-aws:AWSSecretAccessKey',
      'config/deploy_key.pem:1 @secretlint/secretlint-rule-privatekey:PrivateKey',
      'tests/test_login.py:3 @secretlint/secretlint-rule-github:GITHUB_TOKEN',
    ]);
    expect(countBySeverity(json)).toEqual({ critical: 4 });
    for (const finding of json.findings) {
      expect(finding.kind).toBe('secret');
      expect(finding.cwe).toEqual(['CWE-798']);
      expect(finding.maskedPreview).toMatch(/…/);
    }
    expect(json.findings[3]?.maskedPreview).toMatch(/^ghp_…[A-Za-z0-9]{4}$/);
    expect(json.findings[2]?.maskedPreview).toMatch(/^-----BEGIN RSA PRIVATE KEY-----…/);
  });

  test('SARIF (its SARIF formatter) gives the same secrets with the same fingerprints as its JSON', () => {
    expect(ParsedReportSchema.parse(sarif)).toEqual(sarif);
    // The formatter writes its own version, not secretlint's: recorded as the report says.
    expect(sarif.tools).toEqual([{ tool: 'secretlint', version: '1.0.0' }]);
    expect(sarif.findings.map((f) => [f.location?.file, f.location?.line, f.fingerprint, f.maskedPreview, f.severity])).toEqual(
      json.findings.map((f) => [f.location?.file, f.location?.line, f.fingerprint, f.maskedPreview, f.severity]),
    );
  });
});

describe('npm audit JSON v2 (the handbook report)', () => {
  const report = parseFixture('npm-audit-many-vulns.json');

  test('one finding per advisory with package, range, fixed version, CWE, GHSA and the chain to the direct dependency', () => {
    expect(ParsedReportSchema.parse(report)).toEqual(report);
    expect(report.tools).toEqual([{ tool: 'npm audit', version: null }]);
    expect(report.findings.map((f) => [f.package?.name, f.ruleId, f.severity, f.package?.vulnerableRange, f.package?.fixedVersion])).toEqual([
      ['debug', 'GHSA-GXPJ-CX7G-858C', 'medium', '>=4.0.0 <4.3.1', '4.3.1'],
      ['semver', 'GHSA-C2QF-RXJJ-QQGW', 'medium', '>=7.0.0 <7.5.2', '7.5.2'],
      ['undici', 'GHSA-3787-6PRV-H9W3', 'low', '<=5.28.2', null],
    ]);
    const debug = report.findings[0];
    expect(debug).toMatchObject({ kind: 'dependency', cwe: ['CWE-400'], cve: ['GHSA-GXPJ-CX7G-858C'], toolSeverity: 'moderate (CVSS 5.3)', location: null });
    expect(debug?.advice).toContain('debug is pulled in by @vercel/fun ← vercel (direct).');
    expect(debug?.advice).toContain('Fix: upgrade vercel to 32.3.0 (a semver-major change');
    expect(report.warnings).toEqual([expect.stringMatching(/^npm counts 6 affected packages; they come from 3 advisories/)]);
  });
});
