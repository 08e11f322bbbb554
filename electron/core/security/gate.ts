/**
 * The security gate (config `security.gate`): open when no severity has more open findings than
 * allowed (default 0 Critical, 0 High), no acceptance has expired and no blocking finding is
 * open. Pure: the service reads the counts, this decides and says why.
 */
import type { ScanRecord, SecurityGateConfig } from '../../../shared/domain/security-register.js';
import type { SecurityGate, Severity } from '../../../shared/domain/security.js';
import { SEVERITIES } from '../../../shared/domain/security.js';

export interface GateReadings {
  at: number;
  openBySeverity: Record<Severity, number>;
  expiredAcceptances: number;
  openBlocking: number;
  /** The latest scan of every scope. */
  scans: readonly ScanRecord[];
}

const LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function evaluateGate(config: SecurityGateConfig, readings: GateReadings): SecurityGate {
  const reasons: string[] = [];
  for (const severity of SEVERITIES) {
    if (severity === 'info') continue;
    const allowed = config.maxOpen[severity];
    const open = readings.openBySeverity[severity];
    if (allowed !== null && open > allowed) {
      reasons.push(`${plural(open, `open ${LABEL[severity]} finding`)}${allowed > 0 ? ` (at most ${allowed} allowed)` : ''}`);
    }
  }
  if (!config.allowExpiredAcceptances && readings.expiredAcceptances > 0) {
    reasons.push(`${plural(readings.expiredAcceptances, 'expired risk acceptance')}: triage again`);
  }
  if (config.blockingClosesGate && readings.openBlocking > 0) {
    reasons.push(`${plural(readings.openBlocking, 'open finding')} flagged blocking`);
  }
  return {
    open: reasons.length === 0,
    asOf: readings.at,
    openBySeverity: { ...readings.openBySeverity },
    expiredAcceptances: readings.expiredAcceptances,
    reasons,
    scans: readings.scans.map((scan) => ({ scanId: String(scan.id), tool: scan.tools.map((t) => t.tool).join(' + ') || scan.scope, at: scan.finishedAt })),
  };
}
