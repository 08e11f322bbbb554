/**
 * The register as SARIF 2.1.0, so other tools see its triage: one run per tool (a finding goes
 * with the first tool that reported it), the register's fingerprint as a partial fingerprint,
 * false positives and accepted risks as external suppressions with their justification, fixed
 * findings with baselineState "absent".
 */
import type { FindingRecord } from '../../../../shared/domain/security-register.js';
import type { Severity } from '../../../../shared/domain/security.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF level per severity; security-severity is GitHub's 0–10 score (critical ≥ 9, high ≥ 7, medium ≥ 4). */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note' | 'none'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'none' };
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', info: '0.0' };

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
  properties: { tags: string[]; 'security-severity': string };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version?: string; rules: SarifRule[] } };
    originalUriBaseIds: { SRCROOT: { description: { text: string } } };
    results: Record<string, unknown>[];
  }[];
}

function resultOf(finding: FindingRecord, ruleIndex: number): Record<string, unknown> {
  const result: Record<string, unknown> = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.maskedPreview ? `${finding.title} (${finding.maskedPreview})` : finding.title },
    partialFingerprints: { 'warroom/v1': finding.fingerprint },
    properties: {
      'security-severity': SECURITY_SEVERITY[finding.severity],
      severity: finding.severity,
      toolSeverity: finding.toolSeverity,
      state: finding.state,
      blocking: finding.blocking,
      category: finding.category,
      kind: finding.kind,
      tools: finding.tools.map((t) => t.tool),
      cwe: finding.cwe,
      cve: finding.cve,
      warroomId: finding.id,
      firstSeen: new Date(finding.firstSeenAt).toISOString(),
      lastSeen: new Date(finding.lastSeenAt).toISOString(),
      ...(finding.package ? { package: finding.package } : {}),
    },
  };
  if (finding.location) {
    const region: Record<string, number> = {};
    if (finding.location.line !== null) region.startLine = finding.location.line;
    if (finding.location.column !== null) region.startColumn = finding.location.column;
    result.locations = [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(finding.location.file), uriBaseId: 'SRCROOT' },
          ...(Object.keys(region).length > 0 ? { region } : {}),
        },
      },
    ];
  } else if (finding.package) {
    const version = finding.package.installedVersion ? `@${finding.package.installedVersion}` : '';
    result.locations = [{ logicalLocations: [{ name: finding.package.name, fullyQualifiedName: `${finding.package.name}${version}`, kind: 'package' }] }];
  }
  if (finding.state === 'false-positive' || finding.state === 'accepted') {
    const justification = [
      finding.state === 'false-positive' ? 'false positive' : 'accepted risk',
      finding.reason,
      finding.acceptance?.mitigation ? `mitigation: ${finding.acceptance.mitigation}` : null,
      finding.acceptance?.owner ? `owner: ${finding.acceptance.owner}` : null,
      finding.acceptance?.expiresAt ? `until ${new Date(finding.acceptance.expiresAt).toISOString()}` : null,
    ]
      .filter((part): part is string => part !== null && part !== '')
      .join('; ');
    result.suppressions = [{ kind: 'external', status: 'accepted', justification }];
  }
  if (finding.state === 'fixed') result.baselineState = 'absent';
  return result;
}

export function registerSarif(findings: readonly FindingRecord[]): SarifLog {
  const byTool = new Map<string, { version: string | null; rules: SarifRule[]; ruleIndex: Map<string, number>; results: Record<string, unknown>[] }>();
  for (const finding of findings) {
    const tool = finding.tools[0] ?? { tool: 'unknown', version: null };
    let run = byTool.get(tool.tool);
    if (run === undefined) {
      run = { version: tool.version, rules: [], ruleIndex: new Map(), results: [] };
      byTool.set(tool.tool, run);
    }
    let index = run.ruleIndex.get(finding.ruleId);
    if (index === undefined) {
      index = run.rules.length;
      run.ruleIndex.set(finding.ruleId, index);
      run.rules.push({
        id: finding.ruleId,
        shortDescription: { text: finding.title },
        ...(finding.helpUri ? { helpUri: finding.helpUri } : {}),
        defaultConfiguration: { level: LEVEL[finding.severity] },
        properties: { tags: ['security', ...finding.cwe], 'security-severity': SECURITY_SEVERITY[finding.severity] },
      });
    }
    run.results.push(resultOf(finding, index));
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [...byTool].map(([name, run]) => ({
      tool: {
        driver: {
          name,
          ...(run.version ? { version: run.version } : {}),
          rules: run.rules,
        },
      },
      originalUriBaseIds: { SRCROOT: { description: { text: 'The scan root the findings were made relative to.' } } },
      results: run.results,
    })),
  };
}
