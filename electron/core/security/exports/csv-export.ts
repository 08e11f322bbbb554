/** The register as CSV (RFC 4180), one row per finding in remediation order; text defused for spreadsheets. */
import type { FindingRecord } from '../../../../shared/domain/security-register.js';
import { csvField, csvText } from '../../load/report/csv-report.js';

const COLUMNS = [
  'id', 'severity', 'state', 'blocking', 'category', 'kind', 'tools', 'rule', 'title', 'file', 'line', 'package', 'installed_version',
  'fixed_version', 'cwe', 'cve', 'first_seen', 'last_seen', 'deadline', 'overdue', 'reason', 'accepted_owner', 'accepted_mitigation',
  'accepted_until', 'fingerprint',
];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const text = (value: string | null | undefined) => (value === null || value === undefined ? null : csvText(value));

export function registerCsv(findings: readonly FindingRecord[]): string {
  const lines = [COLUMNS.join(',')];
  for (const f of findings) {
    const cells = [
      f.id, f.severity, f.state, f.blocking ? 'yes' : 'no', f.category, f.kind, text(f.tools.map((t) => t.tool).join(' ')), text(f.ruleId), text(f.title),
      text(f.location?.file), f.location?.line ?? null, text(f.package?.name), text(f.package?.installedVersion), text(f.package?.fixedVersion),
      f.cwe.join(' '), text(f.cve.join(' ')), iso(f.firstSeenAt), iso(f.lastSeenAt), iso(f.deadlineAt), f.overdue ? 'yes' : 'no', text(f.reason),
      text(f.acceptance?.owner), text(f.acceptance?.mitigation), iso(f.acceptance?.expiresAt ?? null), f.fingerprint,
    ];
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
