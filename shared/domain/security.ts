/**
 * The security findings register's model: what a parsed scanner report yields (one finding model
 * for every tool and format), and the words the register and the board share (severity, triage
 * state). Parsers live in electron/core/security/parsers/, the register in electron/core/security/.
 *
 * A finding never carries a secret's value or the scanned file's text: only hashes and a masked
 * preview (e.g. `AKIA…XY12`).
 */
import { z } from 'zod';

/** Severity in remediation order; every tool's own levels map onto these (README: severity mapping). */
export const SeveritySchema = z.enum(['critical', 'high', 'medium', 'low', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;
export const SEVERITIES: readonly Severity[] = SeveritySchema.options;

export const ConfidenceSchema = z.enum(['high', 'medium', 'low']);
export type Confidence = z.infer<typeof ConfidenceSchema>;

/** What was found: a weakness in code, a vulnerable dependency, or an exposed secret. */
export const FindingKindSchema = z.enum(['code', 'dependency', 'secret']);
export type FindingKind = z.infer<typeof FindingKindSchema>;

/** Report formats Warroom reads. */
export const ReportFormatSchema = z.enum(['sarif', 'bandit', 'npm-audit', 'secretlint', 'gitleaks']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

/** A place in the scanned code, relative to the scan root ('/'-separated, never absolute). */
export const CodeLocationSchema = z.strictObject({
  file: z.string().min(1).max(4096),
  line: z.number().int().positive().nullable(),
  column: z.number().int().positive().nullable(),
  /** sha256 of the normalised code at the location (whitespace collapsed), when known. */
  snippetHash: z.string().nullable(),
});
export type CodeLocation = z.infer<typeof CodeLocationSchema>;

/** A vulnerable dependency. */
export const PackageRefSchema = z.strictObject({
  name: z.string().min(1).max(500),
  installedVersion: z.string().max(200).nullable(),
  /** The vulnerable range as the tool states it, e.g. "<4.17.21". */
  vulnerableRange: z.string().max(500).nullable(),
  /** The first version that fixes it, or null when none does yet. */
  fixedVersion: z.string().max(200).nullable(),
});
export type PackageRef = z.infer<typeof PackageRefSchema>;

/** A suppression the report itself carries (SARIF `suppressions`, a tool's inline ignore). */
export const ReportSuppressionSchema = z.strictObject({
  kind: z.enum(['inSource', 'external']),
  justification: z.string().max(2000).nullable(),
});

/** One finding as a parser yields it, before the register merges it with what it already knows. */
export const ParsedFindingSchema = z.strictObject({
  /**
   * Stable identity across scans: the tool's own fingerprint where it has one, else
   * kind + rule + file + normalised code context (never the bare line number), so a finding keeps
   * its identity when code above it moves. Secrets: file + normalised line + hash of the secret,
   * so the same secret found by two tools at the same place is one finding.
   */
  fingerprint: z.string().min(1).max(200),
  kind: FindingKindSchema,
  tool: z.string().min(1).max(200),
  toolVersion: z.string().max(100).nullable(),
  ruleId: z.string().min(1).max(500),
  title: z.string().min(1).max(2000),
  severity: SeveritySchema,
  /** The tool's own word for the level, kept for display and audits ("error", "HIGH", "moderate", 8.1). */
  toolSeverity: z.string().max(50),
  confidence: ConfidenceSchema.nullable(),
  location: CodeLocationSchema.nullable(),
  package: PackageRefSchema.nullable(),
  cwe: z.array(z.string().regex(/^CWE-\d+$/)),
  cve: z.array(z.string().max(100)),
  advice: z.string().max(4000).nullable(),
  helpUri: z.string().max(2000).nullable(),
  /** Secrets only: a masked preview such as "AKIA…XY12"; never the value. */
  maskedPreview: z.string().max(200).nullable(),
  suppression: ReportSuppressionSchema.nullable(),
});
export type ParsedFinding = z.infer<typeof ParsedFindingSchema>;

/** One tool's run inside a report (a SARIF file may hold several). */
export const ScannerRunInfoSchema = z.strictObject({
  tool: z.string().min(1).max(200),
  version: z.string().max(100).nullable(),
});

/** What a parser returns for one report file. */
export const ParsedReportSchema = z.strictObject({
  format: ReportFormatSchema,
  tools: z.array(ScannerRunInfoSchema).min(1),
  findings: z.array(ParsedFindingSchema),
  /**
   * Things the team should know about this report, shown with the scan: e.g. "bandit 1.6.2 misses
   * string-literal checks on Python ≥ 3.8", "3 results without a location".
   */
  warnings: z.array(z.string().max(2000)),
});
export type ParsedReport = z.infer<typeof ParsedReportSchema>;

/** Triage states; 'fixed' is set by a re-scan that no longer sees the finding, never by hand. */
export const TriageStateSchema = z.enum(['open', 'confirmed', 'false-positive', 'accepted', 'fixed']);
export type TriageState = z.infer<typeof TriageStateSchema>;

/** States that still count against the gate (an accepted risk counts again once it expires). */
export const OPEN_STATES: readonly TriageState[] = ['open', 'confirmed'];

/** A scan the gate rests on: the latest scan of each configured scanner or imported tool. */
export const GateScanSchema = z.strictObject({
  scanId: z.string(),
  tool: z.string(),
  /** Epoch ms the scan finished (or the report was imported). */
  at: z.number().int(),
});

/**
 * The security gate as evidence for the go/no-go board: open when nothing it is configured to
 * forbid is open (default: 0 open Critical, 0 open High, no expired acceptances). `null` from the
 * register means "no evidence": nothing was ever scanned, which the board shows as unknown.
 */
export const SecurityGateSchema = z.strictObject({
  open: z.boolean(),
  /** Epoch ms this reading was computed. */
  asOf: z.number().int(),
  /** Open (open + confirmed) findings per severity. */
  openBySeverity: z.record(SeveritySchema, z.number().int().nonnegative()),
  expiredAcceptances: z.number().int().nonnegative(),
  /** Why the gate is closed, one line each ("2 open High findings"); empty when open. */
  reasons: z.array(z.string()),
  scans: z.array(GateScanSchema),
});
export type SecurityGate = z.infer<typeof SecurityGateSchema>;
