/** The register's exports: CSV, JSON, SARIF 2.1.0 and the Markdown security summary. */
import type { FindingRecord, ScanRecord, SecurityDeadlines, SecurityExport, SecurityExportFormat } from '../../../../shared/domain/security-register.js';
import type { SecurityGate, Severity } from '../../../../shared/domain/security.js';
import { registerCsv } from './csv-export.js';
import { registerSarif } from './sarif-export.js';
import { securitySummary } from './summary-report.js';

export interface RegisterSnapshot {
  at: number;
  /** In remediation order. */
  findings: readonly FindingRecord[];
  gate: SecurityGate | null;
  /** The latest scan of every scope. */
  scans: readonly ScanRecord[];
  deadlines: SecurityDeadlines;
  openBySeverity: Record<Severity, number>;
}

export function exportRegister(format: SecurityExportFormat, snapshot: RegisterSnapshot): SecurityExport {
  const stamp = new Date(snapshot.at).toISOString().slice(0, 10);
  switch (format) {
    case 'csv':
      return { format, fileName: `security-findings-${stamp}.csv`, mediaType: 'text/csv', content: registerCsv(snapshot.findings) };
    case 'json':
      return {
        format,
        fileName: `security-findings-${stamp}.json`,
        mediaType: 'application/json',
        content: `${JSON.stringify({ exportedAt: new Date(snapshot.at).toISOString(), gate: snapshot.gate, scans: snapshot.scans, findings: snapshot.findings }, null, 2)}\n`,
      };
    case 'sarif':
      return { format, fileName: `security-findings-${stamp}.sarif`, mediaType: 'application/sarif+json', content: `${JSON.stringify(registerSarif(snapshot.findings), null, 2)}\n` };
    case 'md':
      return { format, fileName: `security-summary-${stamp}.md`, mediaType: 'text/markdown', content: securitySummary(snapshot) };
  }
}
