/**
 * The findings register as the contract shows it: stored findings with their triage, scans,
 * filters, comparisons, history and exports, and the `security` section of warroom.yaml.
 * The parsed-report model and the gate live in ./security.ts; the register is in
 * electron/core/security/.
 */
import { z } from 'zod';
import { ScannersConfigSchema } from './security-scanners.js';
import {
  CodeLocationSchema,
  ConfidenceSchema,
  FindingKindSchema,
  PackageRefSchema,
  ReportFormatSchema,
  ReportSuppressionSchema,
  ScannerRunInfoSchema,
  SecurityGateSchema,
  SeveritySchema,
  TriageStateSchema,
} from './security.js';

// ── config ───────────────────────────────────────────────────────────────────────────────────

const DaysSchema = z.number().positive().max(3650);

/** Days to remediate an open finding, counted from when it was first seen. Info has none. */
export const SecurityDeadlinesSchema = z
  .strictObject({
    critical: DaysSchema.default(1),
    high: DaysSchema.default(7),
    medium: DaysSchema.default(30),
    low: DaysSchema.default(90),
  })
  .meta({ description: 'Remediation deadline in days per severity, from first seen (defaults: critical 1, high 7, medium 30, low 90).' });
export type SecurityDeadlines = z.infer<typeof SecurityDeadlinesSchema>;

/** What the gate allows open; `null` means "any number". */
export const SecurityGateConfigSchema = z
  .strictObject({
    maxOpen: z
      .strictObject({
        critical: z.number().int().nonnegative().nullable().default(0),
        high: z.number().int().nonnegative().nullable().default(0),
        medium: z.number().int().nonnegative().nullable().default(null),
        low: z.number().int().nonnegative().nullable().default(null),
      })
      .prefault({})
      .meta({ description: 'Most open (open + confirmed) findings allowed per severity; null = no limit. Default: 0 critical, 0 high.' }),
    allowExpiredAcceptances: z.boolean().default(false).meta({ description: 'When false (default), any expired acceptance closes the gate.' }),
    blockingClosesGate: z.boolean().default(true).meta({ description: 'An open finding flagged "blocking" closes the gate whatever its severity.' }),
  })
  .meta({ description: 'The security gate the go/no-go board reads.' });
export type SecurityGateConfig = z.infer<typeof SecurityGateConfigSchema>;

/**
 * The `security` section of warroom.yaml. The scanner runner adds `scanners` beside these.
 */
export const SecurityConfigSchema = z
  .strictObject({
    deadlines: SecurityDeadlinesSchema.prefault({}),
    gate: SecurityGateConfigSchema.prefault({}),
    scanners: ScannersConfigSchema.default({}).meta({ description: 'Scanners Warroom runs (`warroom scan`): argv, cwd, output, format, timeout, environments.' }),
  })
  .meta({ description: 'The findings register: remediation deadlines, the gate and the scanners.' });
export type SecurityConfig = z.infer<typeof SecurityConfigSchema>;

// ── findings ─────────────────────────────────────────────────────────────────────────────────

/**
 * What a finding is about, for the remediation order (README: remediation order): exposed
 * secrets first, then vulnerable dependencies, injection, XSS, authentication, authorisation,
 * cryptography, everything else. Derived from kind, CWE and rule words.
 */
export const FindingCategorySchema = z.enum([
  'secret',
  'dependency',
  'injection',
  'xss',
  'authentication',
  'authorisation',
  'cryptography',
  'other',
]);
export type FindingCategory = z.infer<typeof FindingCategorySchema>;

export const AcceptanceSchema = z.object({
  reason: z.string(),
  mitigation: z.string().nullable(),
  owner: z.string().nullable(),
  /** Epoch ms after which the acceptance no longer holds and the finding counts as open again. */
  expiresAt: z.number().int().nullable(),
});
export type Acceptance = z.infer<typeof AcceptanceSchema>;

/** One finding in the register. */
export const FindingRecordSchema = z.object({
  id: z.number().int().positive(),
  fingerprint: z.string(),
  kind: FindingKindSchema,
  category: FindingCategorySchema,
  /** Position in the remediation order: lower comes first (severity, then category). */
  priority: z.number().int(),
  /** Every tool that reported it, in the order they first did. */
  tools: z.array(ScannerRunInfoSchema),
  ruleId: z.string(),
  title: z.string(),
  severity: SeveritySchema,
  toolSeverity: z.string(),
  confidence: ConfidenceSchema.nullable(),
  location: CodeLocationSchema.nullable(),
  package: PackageRefSchema.nullable(),
  cwe: z.array(z.string()),
  cve: z.array(z.string()),
  advice: z.string().nullable(),
  helpUri: z.string().nullable(),
  maskedPreview: z.string().nullable(),
  /** A suppression the report itself carried when the finding was first imported. */
  reportSuppression: ReportSuppressionSchema.nullable(),
  state: TriageStateSchema,
  blocking: z.boolean(),
  /** Why the current state was set, by whom, when (null until first triaged). */
  reason: z.string().nullable(),
  triagedBy: z.string().nullable(),
  triagedAt: z.number().int().nullable(),
  acceptance: AcceptanceSchema.nullable(),
  /** Epoch ms an acceptance expired and the finding was reopened; cleared by the next triage. */
  acceptanceExpiredAt: z.number().int().nullable(),
  firstSeenAt: z.number().int(),
  lastSeenAt: z.number().int(),
  fixedAt: z.number().int().nullable(),
  /** Remediation deadline (first seen + the severity's days) while it counts as open; else null. */
  deadlineAt: z.number().int().nullable(),
  /** Ms since first seen, as of the answer. */
  ageMs: z.number().int().nonnegative(),
  overdue: z.boolean(),
});
export type FindingRecord = z.infer<typeof FindingRecordSchema>;

const IdListSchema = z.array(z.number().int().positive()).min(1).max(10_000);

/** Which findings: every field narrows, all must hold. */
export const FindingFilterSchema = z.strictObject({
  state: z.array(TriageStateSchema).max(5).optional(),
  severity: z.array(SeveritySchema).max(5).optional(),
  kind: z.array(FindingKindSchema).max(3).optional(),
  category: z.array(FindingCategorySchema).max(8).optional(),
  tool: z.string().max(200).optional(),
  ruleId: z.string().max(500).optional(),
  /** Files under this path ('tests/' matches tests/a.py and tests/x/b.py). */
  pathPrefix: z.string().max(4096).optional(),
  /** Case-insensitive words in title, rule, file, package or CVE. */
  text: z.string().max(200).optional(),
  blocking: z.boolean().optional(),
  overdue: z.boolean().optional(),
  /** Seen by this scan. */
  scanId: z.number().int().positive().optional(),
});
export type FindingFilter = z.infer<typeof FindingFilterSchema>;

export const FindingSortSchema = z.enum(['remediation', 'severity', 'age', 'file', 'lastSeen', 'state', 'tool']);
export type FindingSort = z.infer<typeof FindingSortSchema>;

export const ListFindingsInputSchema = z.strictObject({
  filter: FindingFilterSchema.default({}),
  sort: FindingSortSchema.default('remediation'),
  descending: z.boolean().default(false),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(10_000).default(200),
});

export const FindingPageSchema = z.object({
  /** How many match the filter (all pages). */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  findings: z.array(FindingRecordSchema),
});
export type FindingPage = z.infer<typeof FindingPageSchema>;

/** One step of a finding's life: a triage, a re-scan that fixed or reopened it, an expiry. */
export const TriageChangeSchema = z.object({
  at: z.number().int(),
  actor: z.string(),
  cause: z.enum(['import', 'triage', 'rescan', 'expiry']),
  from: TriageStateSchema.nullable(),
  to: TriageStateSchema,
  blocking: z.boolean(),
  reason: z.string().nullable(),
  acceptance: AcceptanceSchema.nullable(),
  scanId: z.number().int().nullable(),
});
export type TriageChange = z.infer<typeof TriageChangeSchema>;

// ── scans ────────────────────────────────────────────────────────────────────────────────────

export const ScanCountsSchema = z.object({
  /** Seen by this scan, not seen by this scope's previous scan (first time, or back after a fix). */
  new: z.number().int().nonnegative(),
  /** Seen by the previous scan of this scope, not by this one, and by no other scope: now fixed. */
  fixed: z.number().int().nonnegative(),
  /** Seen by both. */
  unchanged: z.number().int().nonnegative(),
  /** Of `new`: findings that had been fixed and came back. */
  reopened: z.number().int().nonnegative(),
  /** Findings in this scan. */
  total: z.number().int().nonnegative(),
});
export type ScanCounts = z.infer<typeof ScanCountsSchema>;

/**
 * One scan in the register: one report file (or scanner run) for one scope. The scope is what a
 * re-scan is compared with: the configured scanner's id, or for an imported report
 * "<tool> @ <scan root>", so a multi-tool SARIF file yields one scan per tool.
 */
export const ScanRecordSchema = z.object({
  id: z.number().int().positive(),
  scope: z.string(),
  tools: z.array(ScannerRunInfoSchema),
  format: ReportFormatSchema.nullable(),
  /** File name of the report (no directory), or null for a scanner that wrote to stdout. */
  sourceFile: z.string().nullable(),
  scanRoot: z.string(),
  actor: z.string(),
  startedAt: z.number().int(),
  finishedAt: z.number().int(),
  status: z.enum(['ok', 'failed']),
  error: z.string().nullable(),
  warnings: z.array(z.string()),
  counts: ScanCountsSchema,
});
export type ScanRecord = z.infer<typeof ScanRecordSchema>;

const BySeveritySchema = z.record(SeveritySchema, z.number().int().nonnegative());

export const SecurityOverviewSchema = z.object({
  /** Open (open + confirmed, and expired acceptances) per severity. */
  openBySeverity: BySeveritySchema,
  byState: z.record(TriageStateSchema, z.number().int().nonnegative()),
  total: z.number().int().nonnegative(),
  overdue: z.number().int().nonnegative(),
  expiredAcceptances: z.number().int().nonnegative(),
  deadlines: SecurityDeadlinesSchema,
  gate: SecurityGateSchema.nullable(),
  /** The latest scan of each scope, newest first. */
  lastScans: z.array(ScanRecordSchema),
});
export type SecurityOverview = z.infer<typeof SecurityOverviewSchema>;

export const FindingDetailSchema = z.object({
  finding: FindingRecordSchema,
  history: z.array(TriageChangeSchema),
  sightings: z.array(z.object({ scanId: z.number().int(), scope: z.string(), tool: z.string(), at: z.number().int(), sourceFile: z.string().nullable() })),
});
export type FindingDetail = z.infer<typeof FindingDetailSchema>;

/** A finding as a comparison lists it. */
export const FindingBriefSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  severity: SeveritySchema,
  state: TriageStateSchema,
  file: z.string().nullable(),
  packageName: z.string().nullable(),
});
export type FindingBrief = z.infer<typeof FindingBriefSchema>;

export const ScanComparisonSchema = z.object({
  base: ScanRecordSchema,
  scan: ScanRecordSchema,
  counts: z.object({ new: z.number().int(), fixed: z.number().int(), unchanged: z.number().int() }),
  /** At most 500 each, remediation order first. */
  new: z.array(FindingBriefSchema),
  fixed: z.array(FindingBriefSchema),
});
export type ScanComparison = z.infer<typeof ScanComparisonSchema>;

/** Open findings per severity after each change to the register (import, triage, expiry). */
export const SecurityHistoryPointSchema = z.object({
  at: z.number().int(),
  cause: z.enum(['import', 'triage', 'expiry']),
  open: BySeveritySchema,
});
export type SecurityHistoryPoint = z.infer<typeof SecurityHistoryPointSchema>;

// ── commands' inputs and outputs ────────────────────────────────────────────────────────────

const ActorSchema = z.string().trim().min(1).max(60);

export const ImportReportsInputSchema = z.strictObject({
  /**
   * Report files or folders on the core's machine (a folder imports every *.sarif / *.json in
   * it). Only local callers (CLI, desktop app) may name paths: see README "Security / import".
   */
  paths: z.array(z.string().min(1).max(4096)).min(1).max(200),
  format: ReportFormatSchema.optional(),
  /** Absolute directory the reports' file paths are made relative to. */
  scanRoot: z.string().min(1).max(4096),
  /** Compare with earlier scans of this scope (a configured scanner's id); default per tool. */
  scope: z.string().min(1).max(200).optional(),
  actor: ActorSchema,
});

/**
 * The most report text (and source text) one import by contents carries, in characters: it must
 * fit one request of the web transport (1 MiB, JSON-escaped). Larger reports are imported by path
 * (`warroom scan import` on the core's machine).
 */
export const REPORT_CONTENTS_MAX_CHARS = 900 * 1024;

const totalChars = (items: readonly { text: string }[]) => items.reduce((sum, item) => sum + item.text.length, 0);

/**
 * Reports sent as their text (the CLI beside a running app, a file dropped on the Security view):
 * the core parses what it is sent and reads no file. `sources` are the scanned files' text the
 * reports point at without a snippet (the CLI sends those it read under the scan root), so their
 * findings get the same fingerprints as an import by path.
 */
export const ImportReportContentsInputSchema = z
  .strictObject({
    reports: z
      .array(z.strictObject({ name: z.string().trim().min(1).max(255), text: z.string().max(REPORT_CONTENTS_MAX_CHARS) }))
      .min(1)
      .max(50),
    format: ReportFormatSchema.optional(),
    /** Where the scanned files were: absolute locations are made relative to it. Only a name: nothing is read there. */
    scanRoot: z.string().min(1).max(4096).optional(),
    /** Scanned files by path relative to the scan root, each at most once. */
    sources: z
      .array(z.strictObject({ path: z.string().min(1).max(1024), text: z.string().max(REPORT_CONTENTS_MAX_CHARS) }))
      .max(500)
      .default([]),
    scope: z.string().min(1).max(200).optional(),
    actor: ActorSchema,
  })
  .refine((input) => totalChars(input.reports) + totalChars(input.sources) <= REPORT_CONTENTS_MAX_CHARS, {
    error: `the reports and sources sent hold more than ${REPORT_CONTENTS_MAX_CHARS} characters: import larger reports by path with \`warroom scan import\``,
    path: ['reports'],
  })
  .refine((input) => input.sources.length === 0 || input.scanRoot !== undefined, { error: 'sources need the scanRoot they are relative to', path: ['sources'] })
  .refine((input) => new Set(input.reports.map((r) => r.name)).size === input.reports.length, { error: 'two reports have the same name', path: ['reports'] });

export const ImportResultSchema = z.object({
  scans: z.array(ScanRecordSchema),
  new: z.number().int().nonnegative(),
  fixed: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  reopened: z.number().int().nonnegative(),
  open: BySeveritySchema,
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

/** Triage by id or by filter (exactly one); at least one change (state or blocking). */
export const TriageInputSchema = z
  .strictObject({
    ids: IdListSchema.optional(),
    filter: FindingFilterSchema.optional(),
    state: TriageStateSchema.exclude(['fixed']).optional(),
    blocking: z.boolean().optional(),
    reason: z.string().trim().min(1).max(2000).optional(),
    mitigation: z.string().trim().min(1).max(2000).optional(),
    owner: z.string().trim().min(1).max(120).optional(),
    /** Accepted only: epoch ms after which the acceptance expires. */
    expiresAt: z.number().int().positive().optional(),
    actor: ActorSchema,
  })
  .refine((input) => (input.ids === undefined) !== (input.filter === undefined), { error: 'name either ids or a filter', path: ['ids'] })
  .refine((input) => input.state !== undefined || input.blocking !== undefined, { error: 'nothing to change: give a state or blocking', path: ['state'] })
  .refine((input) => input.state !== 'accepted' || input.reason !== undefined, { error: 'an accepted risk needs a reason', path: ['reason'] })
  .refine((input) => input.state !== 'false-positive' || input.reason !== undefined, { error: 'a false positive needs a reason', path: ['reason'] })
  .refine((input) => input.state === 'accepted' || (input.expiresAt === undefined && input.mitigation === undefined && input.owner === undefined), {
    error: 'expiry, mitigation and owner belong to an accepted risk',
    path: ['expiresAt'],
  });

export const TriageResultSchema = z.object({
  /** Findings whose state or blocking flag changed. */
  changed: z.array(z.number().int()),
  /** Findings named or matched that already were so. */
  unchanged: z.number().int().nonnegative(),
  open: BySeveritySchema,
});
export type TriageResult = z.infer<typeof TriageResultSchema>;

export const SecurityExportFormatSchema = z.enum(['csv', 'json', 'sarif', 'md']);
export type SecurityExportFormat = z.infer<typeof SecurityExportFormatSchema>;

export const SecurityExportSchema = z.object({
  format: SecurityExportFormatSchema,
  fileName: z.string(),
  mediaType: z.string(),
  content: z.string(),
});
export type SecurityExport = z.infer<typeof SecurityExportSchema>;

/** What the event carries: enough for a view to know it should refetch, and the headline. */
export const SecurityChangedSchema = z.object({
  cause: z.enum(['import', 'triage', 'expiry']),
  scanIds: z.array(z.number().int()),
  findingIds: z.array(z.number().int()).max(1000),
  openBySeverity: BySeveritySchema,
  gateOpen: z.boolean().nullable(),
});
export type SecurityChanged = z.infer<typeof SecurityChangedSchema>;
