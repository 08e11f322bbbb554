/**
 * Every tool's own levels mapped onto Warroom's severities. The same table is in README.md
 * ("Severity mapping"); change both together.
 *
 * | source                                   | critical        | high         | medium      | low        | info                 |
 * |------------------------------------------|-----------------|--------------|-------------|------------|----------------------|
 * | SARIF `security-severity` (CVSS-like)    | ≥ 9.0           | ≥ 7.0        | ≥ 4.0       | > 0        | 0                    |
 * | SARIF `level` (code)                     |                 | error        | warning     | note       | none                 |
 * | SARIF `level` (secret)                   | error           | warning      | note        |            | none                 |
 * | bandit `issue_severity`                  |                 | HIGH         | MEDIUM      | LOW        | UNDEFINED            |
 * | npm audit `severity`                     | critical        | high         | moderate    | low        | info                 |
 * | secretlint `severity`                    | error           | warning      | info        |            |                      |
 *
 * `security-severity` (on the result, else on its rule) wins over `level`; a result's `level`
 * wins over its rule's `defaultConfiguration.level`; SARIF's default level is `warning`.
 * Secrets default to critical (an exposed secret is rotated first) unless the tool says
 * otherwise through `security-severity` or a lower level.
 */
import type { Confidence, FindingKind, Severity } from '../../../../shared/domain/security.js';

/** CVSS-like score → severity (the GitHub code scanning bands). */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

/** A `security-severity` property: a number or a numeric string in 0..10; anything else is ignored. */
export function parseSecuritySeverity(value: unknown): number | null {
  const score = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(score) && score >= 0 && score <= 10 ? score : null;
}

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export function isSarifLevel(value: unknown): value is SarifLevel {
  return value === 'error' || value === 'warning' || value === 'note' || value === 'none';
}

const SARIF_LEVEL: Record<FindingKind, Record<SarifLevel, Severity>> = {
  code: { error: 'high', warning: 'medium', note: 'low', none: 'info' },
  dependency: { error: 'high', warning: 'medium', note: 'low', none: 'info' },
  secret: { error: 'critical', warning: 'high', note: 'medium', none: 'info' },
};

export function severityFromSarifLevel(level: SarifLevel, kind: FindingKind): Severity {
  return SARIF_LEVEL[kind][level];
}

const BANDIT: Record<string, Severity> = { HIGH: 'high', MEDIUM: 'medium', LOW: 'low', UNDEFINED: 'info' };

export function severityFromBandit(level: string): Severity {
  return BANDIT[level.toUpperCase()] ?? 'info';
}

const NPM_AUDIT: Record<string, Severity> = { critical: 'critical', high: 'high', moderate: 'medium', low: 'low', info: 'info' };

export function severityFromNpmAudit(level: string): Severity {
  return NPM_AUDIT[level.toLowerCase()] ?? 'info';
}

const SECRETLINT: Record<string, Severity> = { error: 'critical', warning: 'high', info: 'medium' };

/** secretlint says "error" for every secret its recommended rules find: critical. */
export function severityFromSecretlint(level: string): Severity {
  return SECRETLINT[level.toLowerCase()] ?? 'critical';
}

const CONFIDENCE: Record<string, Confidence> = { 'very-high': 'high', high: 'high', medium: 'medium', low: 'low' };

/** bandit's `issue_confidence`, SARIF's `precision` property (CodeQL): very-high/high/medium/low. */
export function confidenceFrom(word: unknown): Confidence | null {
  return typeof word === 'string' ? (CONFIDENCE[word.toLowerCase()] ?? null) : null;
}
