/**
 * The security summary for the approval, in Markdown: the gate and why, open counts, the scans
 * it rests on, open findings by severity with their deadlines, and accepted risks with expiry.
 */
import type { FindingRecord } from '../../../../shared/domain/security-register.js';
import { SEVERITIES } from '../../../../shared/domain/security.js';
import type { Severity } from '../../../../shared/domain/security.js';
import { formatDuration } from '../../../../shared/format/durations.js';
import type { RegisterSnapshot } from './export-register.js';

const LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };
/** Open findings listed per severity; the rest are counted. */
const LISTED_PER_SEVERITY = 50;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** Longest cell text; longer is cut with an ellipsis (a masked key can be hundreds of asterisks). */
const CELL_MAX = 120;

/** Table cell text: no pipes or line breaks to break the row, no endless cells. */
function cell(text: string | null | undefined): string {
  const flat = (text ?? '—').replace(/\s*[\r\n]+\s*/g, ' ');
  const short = flat.length > CELL_MAX ? `${flat.slice(0, CELL_MAX - 1)}…` : flat;
  return short.replace(/\|/g, '\\|');
}

function where(finding: FindingRecord): string {
  if (finding.location) return `${finding.location.file}${finding.location.line === null ? '' : `:${finding.location.line}`}`;
  if (finding.package) return `${finding.package.name}${finding.package.installedVersion ? `@${finding.package.installedVersion}` : ''}`;
  return '—';
}

function countsAsOpen(finding: FindingRecord, at: number): boolean {
  return finding.state === 'open' || finding.state === 'confirmed' || (finding.state === 'accepted' && finding.acceptance?.expiresAt != null && finding.acceptance.expiresAt <= at);
}

export function securitySummary(snapshot: RegisterSnapshot): string {
  const { at, gate, findings } = snapshot;
  const out: string[] = ['# Security summary', '', `As of ${when(at)}.`, ''];
  out.push('## Gate', '');
  if (gate === null) {
    out.push('**No evidence**: nothing has been scanned yet.', '');
  } else {
    out.push(gate.open ? '**OPEN**: nothing the gate forbids is open.' : '**CLOSED**:', '');
    for (const reason of gate.reasons) out.push(`- ${reason}`);
    if (gate.reasons.length > 0) out.push('');
  }
  out.push('## Open findings', '', '| Severity | Open | Deadline (days from first seen) |', '| --- | ---: | ---: |');
  for (const severity of SEVERITIES) {
    const days = severity === 'info' ? '—' : String(snapshot.deadlines[severity]);
    out.push(`| ${LABEL[severity]} | ${snapshot.openBySeverity[severity]} | ${days} |`);
  }
  out.push('');
  const expired = gate?.expiredAcceptances ?? 0;
  if (expired > 0) out.push(`Expired risk acceptances: **${expired}**.`, '');

  out.push('## Scans', '');
  if (snapshot.scans.length === 0) out.push('None.', '');
  else {
    out.push('| Scope | Tools | Report | Finished | Findings | New | Fixed | Unchanged |', '| --- | --- | --- | --- | ---: | ---: | ---: | ---: |');
    for (const scan of snapshot.scans) {
      const tools = scan.tools.map((t) => (t.version ? `${t.tool} ${t.version}` : t.tool)).join(', ');
      out.push(
        `| ${cell(scan.scope)} | ${cell(tools)} | ${cell(scan.sourceFile)} | ${when(scan.finishedAt)} | ${scan.counts.total} | ${scan.counts.new} | ${scan.counts.fixed} | ${scan.counts.unchanged} |`,
      );
    }
    out.push('');
    const warnings = snapshot.scans.flatMap((scan) => scan.warnings.map((w) => `${scan.scope}: ${w}`));
    if (warnings.length > 0) out.push('Warnings:', '', ...warnings.map((w) => `- ${cell(w)}`), '');
  }

  out.push('## Open findings by severity (remediation order)', '');
  const open = findings.filter((f) => countsAsOpen(f, at));
  if (open.length === 0) out.push('None.', '');
  for (const severity of SEVERITIES) {
    const ofSeverity = open.filter((f) => f.severity === severity);
    if (ofSeverity.length === 0) continue;
    out.push(`### ${LABEL[severity]} (${ofSeverity.length})`, '', '| # | Finding | Where | Category | Age | Deadline | Blocking |', '| ---: | --- | --- | --- | ---: | --- | --- |');
    for (const f of ofSeverity.slice(0, LISTED_PER_SEVERITY)) {
      const deadline = f.deadlineAt === null ? '—' : `${day(f.deadlineAt)}${f.overdue ? ' **overdue**' : ''}`;
      out.push(`| ${f.id} | ${cell(f.title)} | ${cell(where(f))} | ${f.category} | ${formatDuration(f.ageMs)} | ${deadline} | ${f.blocking ? 'yes' : ''} |`);
    }
    if (ofSeverity.length > LISTED_PER_SEVERITY) out.push('', `…and ${ofSeverity.length - LISTED_PER_SEVERITY} more.`);
    out.push('');
  }

  out.push('## Accepted risks', '');
  const accepted = findings.filter((f) => f.state === 'accepted');
  if (accepted.length === 0) out.push('None.', '');
  else {
    out.push('| # | Severity | Finding | Reason | Mitigation | Owner | Expires |', '| ---: | --- | --- | --- | --- | --- | --- |');
    for (const f of accepted) {
      const expires = f.acceptance?.expiresAt ?? null;
      const status = expires !== null && expires <= at ? ' **expired**' : '';
      out.push(
        `| ${f.id} | ${LABEL[f.severity]} | ${cell(f.title)} | ${cell(f.acceptance?.reason)} | ${cell(f.acceptance?.mitigation)} | ${cell(f.acceptance?.owner)} | ${expires === null ? 'never' : when(expires)}${status} |`,
      );
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
