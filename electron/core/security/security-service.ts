/**
 * The findings register: imports parsed reports (one transaction per import), compares each scan
 * with its scope's previous one (new / fixed / unchanged), triages by id or filter into the audit
 * trail, reopens expired acceptances, and answers the gate, history and exports.
 */
import { basename, isAbsolute } from 'node:path';
import type { z } from 'zod';
import type {
  FindingDetail,
  FindingFilter,
  FindingPage,
  ImportReportContentsInputSchema,
  ImportReportsInputSchema,
  ImportResult,
  ListFindingsInputSchema,
  ScanComparison,
  ScanRecord,
  SecurityConfig,
  SecurityExport,
  SecurityExportFormat,
  SecurityHistoryPoint,
  SecurityOverview,
  TriageInputSchema,
  TriageResult,
} from '../../../shared/domain/security-register.js';
import type { ParsedReport, ReportFormat, SecurityGate } from '../../../shared/domain/security.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { EventBus } from '../bus.js';
import type { Clock, Timer, Timers } from '../clock.js';
import { InvalidRequestError, ConflictError, NotFoundError } from '../errors.js';
import type { CoreProblems } from '../problems/problems.js';
import type { OpenCounts, ReadClock, ScanBatch, SecurityRepo } from '../store/repos/security-repo.js';
import { evaluateGate } from './gate.js';
import { exportRegister } from './exports/export-register.js';
import { categorize, priorityOf } from './remediation-order.js';
import { reportFiles } from './report-files.js';
import { parseReport, ReportParseError } from './parsers/index.js';
import { sentSourceProblem, sentSources } from './parsers/source-files.js';

/** Reads one report file; throws an error naming the file and the problem when it cannot. */
export type ParseReportFile = (path: string, options: { scanRoot: string; format?: ReportFormat }) => Promise<ParsedReport>;

export type ImportReportsInput = z.output<typeof ImportReportsInputSchema>;
export type ImportReportContentsInput = z.output<typeof ImportReportContentsInputSchema>;
export type TriageInput = z.output<typeof TriageInputSchema>;
export type ListFindingsInput = z.output<typeof ListFindingsInputSchema>;

export interface SecurityServiceDeps {
  repo: SecurityRepo;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
  timers: Timers;
  problems: CoreProblems;
  config: SecurityConfig;
  parse: ParseReportFile;
  /** Where relative report paths are resolved (the caller's working directory for the CLI). */
  cwd?: string;
}

export interface SecurityService {
  overview(): SecurityOverview;
  list(input: ListFindingsInput): FindingPage;
  get(id: number): FindingDetail;
  scans(query: { limit: number; beforeAt?: number | undefined }): ScanRecord[];
  compare(baseScanId: number, scanId: number): ScanComparison;
  history(range: { fromAt?: number | undefined; toAt?: number | undefined }): SecurityHistoryPoint[];
  importReports(input: ImportReportsInput): Promise<ImportResult>;
  /** Imports reports sent as their text (and the sources they point at); reads no file. */
  importReportContents(input: ImportReportContentsInput): ImportResult;
  /** Imports reports already parsed (the scanner runner, tests): same rules as importReports. */
  importParsed(reports: readonly { report: ParsedReport; sourceFile: string | null }[], options: Omit<ImportReportsInput, 'paths' | 'format'>): ImportResult;
  triage(input: TriageInput): TriageResult;
  gate(): SecurityGate | null;
  /** The gate as the go/no-go board reads it at a moment (null: nothing scanned). */
  gateAt(at: number): SecurityGate | null;
  export(format: SecurityExportFormat, filter: FindingFilter): SecurityExport;
  /** Reopens acceptances that expired; the owner also does this every minute. */
  sweepExpired(): number;
  start(): void;
  stop(): void;
}

const SWEEP_INTERVAL_MS = 60_000;
const EVENT_IDS_MAX = 1000;
const AUDIT_IDS_MAX = 1000;

export function createSecurityService(deps: SecurityServiceDeps): SecurityService {
  const { repo, audit, bus, clock, config } = deps;
  let timer: Timer | undefined;

  const readClock = (): ReadClock => ({ now: clock.now(), deadlines: config.deadlines });

  function gateAt(at: number): SecurityGate | null {
    if (!repo.hasScans()) return null;
    const clockNow = { now: at, deadlines: config.deadlines };
    return evaluateGate(config.gate, {
      at,
      openBySeverity: repo.openCounts(at),
      expiredAcceptances: repo.expiredAcceptances(at),
      openBlocking: repo.list({ filter: { state: ['open', 'confirmed'], blocking: true }, sort: 'remediation', descending: false, offset: 0, limit: 1 }, clockNow).total,
      scans: repo.latestScans(),
    });
  }

  /** After a change: the counts for the chart, then the event. */
  function changed(cause: SecurityHistoryPoint['cause'], scanIds: number[], findingIds: number[]): OpenCounts {
    const at = clock.now();
    const open = repo.openCounts(at);
    repo.recordCounts(at, cause, open);
    bus.emit('security.changed', {
      cause,
      scanIds,
      findingIds: findingIds.slice(0, EVENT_IDS_MAX),
      openBySeverity: open,
      gateOpen: gateAt(at)?.open ?? null,
    });
    return open;
  }

  function sweepExpired(): number {
    const at = clock.now();
    const reopened = repo.reopenExpired(at);
    if (reopened.length === 0) return 0;
    audit.append({
      actor: 'warroom',
      event: 'security_expired',
      detail: { findings: reopened.slice(0, AUDIT_IDS_MAX).map((r) => ({ id: r.id, expiredAt: r.expiresAt })), count: reopened.length },
    });
    changed('expiry', [], reopened.map((r) => r.id));
    return reopened.length;
  }

  function importParsed(reports: readonly { report: ParsedReport; sourceFile: string | null }[], options: Omit<ImportReportsInput, 'paths' | 'format'>): ImportResult {
    sweepExpired();
    const at = clock.now();
    // One batch per scope; two reports of one scope in one import (a folder with a report per
    // sub-project) are one scan, so the second does not mark the first one's findings fixed.
    const batches = new Map<string, { batch: ScanBatch; files: Set<string> }>();
    const batchOf = (scope: string, format: ReportFormat, sourceFile: string | null): ScanBatch => {
      let entry = batches.get(scope);
      if (entry === undefined) {
        const batch: ScanBatch = { scope, tools: [], format, sourceFile: null, scanRoot: options.scanRoot, actor: options.actor, startedAt: at, finishedAt: at, warnings: [], findings: [] };
        entry = { batch, files: new Set() };
        batches.set(scope, entry);
      }
      if (sourceFile !== null && !entry.files.has(sourceFile)) {
        entry.files.add(sourceFile);
        entry.batch.sourceFile = [...entry.files].join(', ');
      }
      return entry.batch;
    };
    for (const { report, sourceFile } of reports) {
      const scopeOf = (tool: string) => options.scope ?? `${tool} @ ${options.scanRoot}`;
      for (const run of report.tools) {
        const batch = batchOf(scopeOf(run.tool), report.format, sourceFile);
        if (!batch.tools.some((t) => t.tool === run.tool)) batch.tools.push({ tool: run.tool, version: run.version });
      }
      const first = batchOf(scopeOf(report.tools[0]!.tool), report.format, sourceFile);
      first.warnings.push(...report.warnings);
      for (const finding of report.findings) {
        const batch = batchOf(scopeOf(finding.tool), report.format, sourceFile);
        if (!batch.tools.some((t) => t.tool === finding.tool)) batch.tools.push({ tool: finding.tool, version: finding.toolVersion });
        const category = categorize(finding);
        batch.findings.push({ ...finding, category, priority: priorityOf(finding.severity, category) });
      }
    }
    const imported = repo.importScans([...batches.values()].map((entry) => entry.batch), at);
    const scans = imported.map((i) => i.scan);
    const totals = scans.reduce(
      (sum, scan) => ({
        new: sum.new + scan.counts.new,
        fixed: sum.fixed + scan.counts.fixed,
        unchanged: sum.unchanged + scan.counts.unchanged,
        reopened: sum.reopened + scan.counts.reopened,
      }),
      { new: 0, fixed: 0, unchanged: 0, reopened: 0 },
    );
    audit.append({
      actor: options.actor,
      event: 'security_import',
      detail: {
        scans: scans.map((scan) => ({ id: scan.id, scope: scan.scope, sourceFile: scan.sourceFile, findings: scan.counts.total })),
        ...totals,
      },
    });
    const open = changed(
      'import',
      scans.map((s) => s.id),
      imported.flatMap((i) => i.changedIds),
    );
    return { scans, ...totals, open };
  }

  function resolveIds(input: TriageInput): number[] {
    const now = readClock();
    if (input.filter !== undefined) {
      // 'fixed' is a re-scan's word: triage by filter leaves fixed findings alone.
      return repo.idsMatching(input.filter, now).filter((id) => repo.get(id, now)?.state !== 'fixed');
    }
    const ids = [...new Set(input.ids ?? [])];
    const missing = repo.missingIds(ids);
    if (missing.length > 0) throw new NotFoundError(`no finding ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ` and ${missing.length - 20} more` : ''}`);
    const fixed = ids.filter((id) => repo.get(id, now)?.state === 'fixed');
    if (fixed.length > 0) {
      throw new ConflictError(`finding ${fixed.slice(0, 20).join(', ')} ${fixed.length === 1 ? 'is' : 'are'} fixed (no longer seen by a scan); only a re-scan that sees it again reopens it`);
    }
    return ids;
  }

  return {
    overview() {
      sweepExpired();
      const now = readClock();
      return {
        openBySeverity: repo.openCounts(now.now),
        byState: repo.stateCounts(),
        total: Object.values(repo.stateCounts()).reduce((a, b) => a + b, 0),
        overdue: repo.overdueCount(now),
        expiredAcceptances: repo.expiredAcceptances(now.now),
        deadlines: config.deadlines,
        gate: gateAt(now.now),
        lastScans: repo.latestScans(),
      };
    },
    list(input) {
      sweepExpired();
      const page = repo.list(input, readClock());
      return { total: page.total, offset: input.offset, findings: page.findings };
    },
    get(id) {
      sweepExpired();
      const finding = repo.get(id, readClock());
      if (finding === null) throw new NotFoundError(`no finding ${id}`);
      return { finding, history: repo.history(id), sightings: repo.sightings(id) };
    },
    scans: (query) => repo.listScans(query),
    compare(baseScanId, scanId) {
      const base = repo.getScan(baseScanId);
      const scan = repo.getScan(scanId);
      if (base === null) throw new NotFoundError(`no scan ${baseScanId}`);
      if (scan === null) throw new NotFoundError(`no scan ${scanId}`);
      return { base, scan, ...repo.compare(baseScanId, scanId, 500) };
    },
    history({ fromAt, toAt }) {
      return repo.countsHistory(fromAt ?? 0, toAt ?? clock.now());
    },
    async importReports(input) {
      const files = reportFiles(input.paths, deps.cwd ?? process.cwd());
      const reports: { report: ParsedReport; sourceFile: string }[] = [];
      // Every file is parsed before anything is written: one bad report, and nothing is imported.
      for (const file of files) {
        try {
          const options = input.format === undefined ? { scanRoot: input.scanRoot } : { scanRoot: input.scanRoot, format: input.format };
          reports.push({ report: await deps.parse(file, options), sourceFile: basename(file) });
        } catch (error) {
          throw new InvalidRequestError(describeParseError(file, error));
        }
      }
      return importParsed(reports, { scanRoot: input.scanRoot, scope: input.scope, actor: input.actor });
    },
    importReportContents(input) {
      // Without a scan root, absolute locations are kept from the file system's root.
      const scanRoot = input.scanRoot ?? '/';
      if (!isAbsolute(scanRoot)) throw new InvalidRequestError(`scanRoot ${scanRoot}: must be an absolute path (where the scanned files were)`);
      for (const source of input.sources) {
        const problem = sentSourceProblem(source.path);
        if (problem !== null) throw new InvalidRequestError(`sources: ${problem}`);
      }
      const sources = sentSources(scanRoot, input.sources);
      // Every report is parsed before anything is written: one bad report, and nothing is imported.
      const reports = input.reports.map(({ name, text }) => {
        try {
          return { report: parseReport({ text, fileName: name, scanRoot, format: input.format, sources }), sourceFile: basename(name) };
        } catch (error) {
          throw new InvalidRequestError(describeParseError(name, error));
        }
      });
      return importParsed(reports, { scanRoot, scope: input.scope, actor: input.actor });
    },
    importParsed,
    triage(input) {
      sweepExpired();
      const at = clock.now();
      if (input.expiresAt !== undefined && input.expiresAt <= at) {
        throw new InvalidRequestError(`the acceptance would expire at ${new Date(input.expiresAt).toISOString()}, which is not in the future`);
      }
      const ids = resolveIds(input);
      const reason = input.reason ?? null;
      const outcomes = repo.triage(ids, {
        state: input.state,
        blocking: input.blocking,
        reason,
        acceptance:
          input.state === 'accepted'
            ? { reason: input.reason ?? '', mitigation: input.mitigation ?? null, owner: input.owner ?? null, expiresAt: input.expiresAt ?? null }
            : null,
        actor: input.actor,
        at,
      });
      if (outcomes.length > 0) {
        audit.append({
          actor: input.actor,
          event: 'security_triage',
          detail: {
            ...(input.state !== undefined ? { state: input.state } : {}),
            ...(input.blocking !== undefined ? { blocking: input.blocking } : {}),
            reason,
            ...(input.state === 'accepted' ? { mitigation: input.mitigation ?? null, owner: input.owner ?? null, expiresAt: input.expiresAt ?? null } : {}),
            ...(input.filter !== undefined ? { filter: input.filter } : {}),
            count: outcomes.length,
            findings: outcomes.slice(0, AUDIT_IDS_MAX).map((o) => ({ id: o.id, from: o.from, to: o.to, blocking: o.blocking })),
          },
        });
      }
      const changedIds = outcomes.map((o) => o.id);
      const open = outcomes.length > 0 ? changed('triage', [], changedIds) : repo.openCounts(at);
      return { changed: changedIds, unchanged: ids.length - outcomes.length, open };
    },
    gateAt,
    gate() {
      sweepExpired();
      return gateAt(clock.now());
    },
    export(format, filter) {
      sweepExpired();
      const now = readClock();
      const findings = repo.list({ filter, sort: 'remediation', descending: false, offset: 0, limit: Number.MAX_SAFE_INTEGER }, now).findings;
      return exportRegister(format, {
        at: now.now,
        findings,
        gate: gateAt(now.now),
        scans: repo.latestScans(),
        deadlines: config.deadlines,
        openBySeverity: repo.openCounts(now.now),
      });
    },
    sweepExpired,
    start() {
      timer ??= deps.timers.every(SWEEP_INTERVAL_MS, () => deps.problems.attempt('security.expiry', 'reopening expired acceptances', sweepExpired));
    },
    stop() {
      timer?.cancel();
      timer = undefined;
    },
  };
}

/** "file: problem": the parsers' errors name both; anything else gets the file put in front. */
function describeParseError(file: string, error: unknown): string {
  if (error instanceof ReportParseError) return error.message;
  return `${file}: ${error instanceof Error ? error.message : String(error)}`;
}
