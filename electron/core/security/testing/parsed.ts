/** ParsedReport / ParsedFinding builders for register tests: what a parser would have produced. */
import type { ParsedFinding, ParsedReport, ReportFormat } from '../../../../shared/domain/security.js';

export function finding(fields: Partial<ParsedFinding> & Pick<ParsedFinding, 'fingerprint'>): ParsedFinding {
  return {
    kind: 'code',
    tool: 'bandit',
    toolVersion: '1.7.10',
    ruleId: 'B602',
    title: 'subprocess call with shell=True',
    severity: 'high',
    toolSeverity: 'HIGH',
    confidence: 'high',
    location: { file: 'app/run.py', line: 10, column: 5, snippetHash: `sha256:${fields.fingerprint}` },
    package: null,
    cwe: ['CWE-78'],
    cve: [],
    advice: null,
    helpUri: null,
    maskedPreview: null,
    suppression: null,
    ...fields,
  };
}

export function secret(fingerprint: string, file: string, tool = 'gitleaks'): ParsedFinding {
  return finding({
    fingerprint,
    kind: 'secret',
    tool,
    toolVersion: '8.18.0',
    ruleId: 'aws-access-key',
    title: 'AWS access key',
    severity: 'critical',
    toolSeverity: 'error',
    cwe: ['CWE-798'],
    location: { file, line: 3, column: 1, snippetHash: null },
    maskedPreview: 'AKIA…XY12',
  });
}

export function dependency(fingerprint: string, name: string, severity: ParsedFinding['severity'] = 'high'): ParsedFinding {
  return finding({
    fingerprint,
    kind: 'dependency',
    tool: 'npm-audit',
    toolVersion: '10.8.2',
    ruleId: `GHSA-${fingerprint}`,
    title: `Prototype pollution in ${name}`,
    severity,
    toolSeverity: severity,
    location: null,
    package: { name, installedVersion: '4.17.20', vulnerableRange: '<4.17.21', fixedVersion: '4.17.21' },
    cwe: ['CWE-1321'],
    cve: ['CVE-2021-23337'],
  });
}

export function report(findings: ParsedFinding[], options: { format?: ReportFormat; tools?: { tool: string; version: string | null }[]; warnings?: string[] } = {}): ParsedReport {
  const tools = options.tools ?? [...new Map(findings.map((f) => [f.tool, { tool: f.tool, version: f.toolVersion }])).values()];
  return {
    format: options.format ?? 'sarif',
    tools: tools.length > 0 ? tools : [{ tool: 'bandit', version: '1.7.10' }],
    findings,
    warnings: options.warnings ?? [],
  };
}
