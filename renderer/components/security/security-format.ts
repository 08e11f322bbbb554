/** How the register's words read on screen: severities (colour + shape + word), triage states, kinds, where a finding is. */
import type { FindingKind, Severity, TriageState } from '../../../shared/domain/security.js';
import type { FindingRecord, ScanRecord } from '../../../shared/domain/security-register.js';
import type { IconName } from '../common/Icon.js';

/** The four severities the gate and the counts are about, in remediation order (info is listed, never counted). */
export const COUNTED_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const satisfies readonly Severity[];

export const SEVERITY_WORDS: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

/** A shape per severity, so it reads without colour. */
export const SEVERITY_ICONS: Record<Severity, IconName> = { critical: 'bolt', high: 'warning', medium: 'pending', low: 'down', info: 'question' };

/** Canvas colours per severity (warroom.css has the same as --sev-*). */
export const SEVERITY_COLORS: Record<Severity, string> = { critical: '#ff3b6b', high: '#ff8a3d', medium: '#ffd23f', low: '#5fb0ff', info: '#a3afc2' };

export const STATE_WORDS: Record<TriageState, string> = {
  open: 'Open',
  confirmed: 'Confirmed',
  'false-positive': 'False positive',
  accepted: 'Accepted risk',
  fixed: 'Fixed',
};

export const KIND_WORDS: Record<FindingKind, string> = { code: 'Code', dependency: 'Dependency', secret: 'Secret' };

/** "app/orders.py:12", "lodash 4.17.20", or "—". */
export function whereOf(finding: Pick<FindingRecord, 'location' | 'package'>): string {
  if (finding.location) return finding.location.line === null ? finding.location.file : `${finding.location.file}:${finding.location.line}`;
  if (finding.package) return finding.package.installedVersion ? `${finding.package.name} ${finding.package.installedVersion}` : finding.package.name;
  return '—';
}

/** "bandit 1.6.2", "bandit (version unknown)". */
export function toolLabel(tool: { tool: string; version: string | null }): string {
  return tool.version === null || tool.version === 'unknown' ? `${tool.tool} (version unknown)` : `${tool.tool} ${tool.version}`;
}

/** "scan #4 · bandit 1.6.2" for lists and chart labels. */
export function scanLabel(scan: Pick<ScanRecord, 'id' | 'tools'>): string {
  return `#${scan.id} ${scan.tools.map(toolLabel).join(', ')}`;
}
