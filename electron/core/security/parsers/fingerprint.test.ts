// Fingerprints on real reports of the sample and of its "moved code" variant (every file got
// lines inserted at the top; one flagged line per tool changed; the test token rotated: see
// scripts/security/make-moved-sample.mjs), plus the secret rules on their own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ParsedFinding } from '../../../../shared/domain/security.js';
import { mask, secretAt } from './fingerprint.js';
import { fixtureText, parseFixture, sampleRoot } from './fixtures-test-support.js';
import { parseReport } from './index.js';

/** Findings of the original and the moved scan, paired by rule and order within the rule. */
function pairs(name: string, movedName: string): { before: ParsedFinding; after: ParsedFinding }[] {
  const before = parseFixture(name).findings;
  const after = parseFixture(movedName, { moved: true }).findings;
  expect(after).toHaveLength(before.length);
  return before.map((finding, index) => {
    const moved = after[index];
    if (moved === undefined) throw new Error(`no moved finding ${index}`);
    expect(moved.ruleId).toBe(finding.ruleId);
    expect(moved.location?.file).toBe(finding.location?.file);
    return { before: finding, after: moved };
  });
}

describe('moving code down keeps the fingerprint; changing the flagged line changes it', () => {
  /** Header lines make-moved-sample.mjs inserts at the top of each file. */
  const shift: Record<string, number> = { 'app/orders.py': 7, 'tests/test_login.py': 2, 'native/copy.c': 4, 'web/render.js': 5, 'config/aws.env': 3, 'config/deploy_key.pem': 2 };

  test.each([
    ['bandit.json', 'bandit-moved.json', 'B506'],
    ['flawfinder.sarif', 'flawfinder-moved.sarif', 'FF1014'],
    ['eslint.sarif', 'eslint-moved.sarif', 'no-eval'],
  ])('%s', (name, movedName, changedRule) => {
    for (const { before, after } of pairs(name, movedName)) {
      expect(after.location?.line).toBe((before.location?.line ?? 0) + (shift[before.location?.file ?? ''] ?? NaN));
      if (after.ruleId === changedRule) expect(after.fingerprint, `${before.ruleId} at ${before.location?.line}`).not.toBe(before.fingerprint);
      else expect(after.fingerprint, `${before.ruleId} at ${before.location?.line}`).toBe(before.fingerprint);
    }
  });

  test('secrets: moved ones keep their fingerprint, the rotated token gets a new one (secretlint JSON and SARIF)', () => {
    for (const [name, movedName] of [
      ['secretlint.json', 'secretlint-moved.json'],
      ['secretlint.sarif', 'secretlint-moved.sarif'],
    ] as const) {
      for (const { before, after } of pairs(name, movedName)) {
        expect(after.location?.line).toBe((before.location?.line ?? 0) + (shift[before.location?.file ?? ''] ?? NaN));
        if (before.location?.file === 'tests/test_login.py') expect(after.fingerprint).not.toBe(before.fingerprint);
        else expect(after.fingerprint).toBe(before.fingerprint);
      }
    }
  });

  test('fingerprints are unique within each report and never carry a line number', () => {
    for (const name of ['bandit.json', 'flawfinder.sarif', 'eslint.sarif', 'secretlint.json', 'npm-audit-many-vulns.json']) {
      const prints = parseFixture(name).findings.map((f) => f.fingerprint);
      expect(new Set(prints).size, name).toBe(prints.length);
    }
  });
});

describe('a secret found by two tools at the same place', () => {
  const awsEnv = readFileSync(join(sampleRoot, 'config/aws.env'), 'utf8').split('\n');
  const secretLine = awsEnv.findIndex((line) => line.startsWith('AWS_SECRET_ACCESS_KEY=')) + 1;
  const keyStart = (awsEnv[secretLine - 1] ?? '').indexOf('=') + 2;

  /** A SARIF report of a gitleaks-style tool pointing at the value itself (columns of the value only). */
  function otherToolReport(region: { startLine: number; startColumn?: number; endColumn?: number }): string {
    return JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'gitleaks', version: '8.18.0', rules: [{ id: 'aws-secret-access-key', shortDescription: { text: 'AWS secret' } }] } },
          results: [{ ruleId: 'aws-secret-access-key', message: { text: 'AWS secret access key' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'config/aws.env' }, region } }] }],
        },
      ],
    });
  }

  test('gives the same fingerprint, whatever region each tool reports (secretlint reports the line from column 1)', () => {
    const secretlint = parseFixture('secretlint.json').findings.find((f) => f.ruleId.endsWith('AWSSecretAccessKey'));
    expect(secretlint?.location?.line).toBe(secretLine);
    for (const region of [
      { startLine: secretLine, startColumn: keyStart, endColumn: keyStart + 40 },
      { startLine: secretLine },
      { startLine: secretLine, startColumn: keyStart + 5, endColumn: keyStart + 6 },
    ]) {
      const other = parseReport({ text: otherToolReport(region), fileName: 'gitleaks.sarif', scanRoot: sampleRoot }).findings[0];
      expect(other).toMatchObject({ kind: 'secret', severity: 'critical', tool: 'gitleaks', fingerprint: secretlint?.fingerprint, maskedPreview: secretlint?.maskedPreview });
    }
  });

  test('a private key is the same secret whichever line of its PEM block a tool points at', () => {
    const lines = readFileSync(join(sampleRoot, 'config/deploy_key.pem'), 'utf8').split('\n');
    const whole = secretAt(lines, { startLine: 1, startColumn: 1, endLine: lines.length - 1, endColumn: 30 });
    const header = secretAt(lines, { startLine: 1, startColumn: null, endLine: null, endColumn: null });
    expect(whole?.valueHash).toBe(header?.valueHash);
    expect(whole?.maskedPreview).toMatch(/^-----BEGIN RSA PRIVATE KEY-----…/);
  });
});

describe('no secret value and no scanned text in a parsed report', () => {
  test('the raw values of every sample secret are nowhere in the parsed JSON of any report', () => {
    const secrets = [
      ...readFileSync(join(sampleRoot, 'config/aws.env'), 'utf8').matchAll(/^AWS_(?:ACCESS_KEY_ID|SECRET_ACCESS_KEY)=(\S+)$/gm),
      ...readFileSync(join(sampleRoot, 'tests/test_login.py'), 'utf8').matchAll(/"(ghp_[A-Za-z0-9]+)"/g),
    ].map((match) => match[1] ?? '');
    const pemBody = readFileSync(join(sampleRoot, 'config/deploy_key.pem'), 'utf8').split('\n')[3] ?? '';
    expect(secrets).toHaveLength(3);
    expect(pemBody).toHaveLength(64);
    // The fixture carries them (secretlint's sourceContent), the parsed report must not.
    expect(fixtureText('secretlint.json')).toContain(secrets[1]);
    for (const name of ['secretlint.json', 'secretlint.sarif']) {
      const parsed = JSON.stringify(parseFixture(name));
      for (const value of [...secrets, pemBody]) expect(parsed, name).not.toContain(value);
      expect(parsed).not.toContain('AWS_REGION=eu-west-1');
    }
  });

  test('a tool that prints the value in its message gets it masked', () => {
    const line = readFileSync(join(sampleRoot, 'tests/test_login.py'), 'utf8').split('\n').findIndex((l) => l.includes('ghp_')) + 1;
    const token = readFileSync(join(sampleRoot, 'tests/test_login.py'), 'utf8').match(/ghp_[A-Za-z0-9]+/)?.[0] ?? '';
    const report = JSON.stringify({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'gitleaks' } }, results: [{ ruleId: 'github-pat', message: { text: `found ${token}` }, locations: [{ physicalLocation: { artifactLocation: { uri: 'tests/test_login.py' }, region: { startLine: line, snippet: { text: token } } } }] }] }],
    });
    const parsed = parseReport({ text: report, fileName: 'leaks.sarif', scanRoot: sampleRoot });
    expect(parsed.findings[0]?.title).toBe(`found ${mask(token)}`);
    expect(JSON.stringify(parsed)).not.toContain(token);
  });

  test('masked previews show at most a quarter of the value', () => {
    expect(mask('AKIAABCDEFGHIJKLMNOP')).toBe('AK…OP');
    expect(mask('0123456789abcdef0123456789abcdef0123456789')).toBe('0123…6789');
    expect(mask('short')).toBe('…');
  });
});
