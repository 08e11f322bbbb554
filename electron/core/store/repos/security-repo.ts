/**
 * The findings register's tables (migration 0070): scans, findings, which scope still sees a
 * finding, sightings, triage history and open counts over time. An import is one transaction.
 */
import type {
  Acceptance,
  FindingBrief,
  FindingCategory,
  FindingFilter,
  FindingRecord,
  FindingSort,
  ScanCounts,
  ScanRecord,
  SecurityDeadlines,
  SecurityHistoryPoint,
  TriageChange,
} from '../../../../shared/domain/security-register.js';
import { SEVERITIES } from '../../../../shared/domain/security.js';
import type { ParsedFinding, ReportFormat, Severity, TriageState } from '../../../../shared/domain/security.js';
import type { WritableDb } from '../db.js';

const DAY_MS = 86_400_000;

/** A parsed finding with its place in the remediation order (computed by the service). */
export type RankedFinding = ParsedFinding & { category: FindingCategory; priority: number };

/** One scope's part of an import: what its report yielded. */
export interface ScanBatch {
  scope: string;
  tools: { tool: string; version: string | null }[];
  format: ReportFormat | null;
  sourceFile: string | null;
  scanRoot: string;
  actor: string;
  startedAt: number;
  finishedAt: number;
  warnings: string[];
  findings: RankedFinding[];
}

export interface FailedScan {
  scope: string;
  tools: { tool: string; version: string | null }[];
  format: ReportFormat | null;
  sourceFile: string | null;
  scanRoot: string;
  actor: string;
  startedAt: number;
  finishedAt: number;
  error: string;
}

export interface ImportedScan {
  scan: ScanRecord;
  /** Findings this scan made fixed or reopened (for the event). */
  changedIds: number[];
}

/** A triage change as the service asks for it; unset fields keep their value. */
export interface TriageChangeRequest {
  state?: Exclude<TriageState, 'fixed'> | undefined;
  blocking?: boolean | undefined;
  reason: string | null;
  acceptance: Acceptance | null;
  actor: string;
  at: number;
}

/** What one finding looked like before and after a triage (for the audit trail). */
export interface TriageOutcome {
  id: number;
  from: TriageState;
  to: TriageState;
  blockingBefore: boolean;
  blocking: boolean;
}

export type OpenCounts = Record<Severity, number>;

/** Reading context: "now" and the deadlines decide age, deadline and overdue. */
export interface ReadClock {
  now: number;
  deadlines: SecurityDeadlines;
}

export interface SecurityRepo {
  importScans(batches: readonly ScanBatch[], at: number): ImportedScan[];
  recordFailedScan(scan: FailedScan): ScanRecord;
  hasScans(): boolean;
  getScan(id: number): ScanRecord | null;
  /** Newest first. */
  listScans(query: { limit: number; beforeAt?: number | undefined }): ScanRecord[];
  /** The latest ok scan of every scope, newest first. */
  latestScans(): ScanRecord[];
  /** Findings seen by `scanId` and not by `baseScanId` (and the other way round), remediation order. */
  compare(baseScanId: number, scanId: number, limit: number): { new: FindingBrief[]; fixed: FindingBrief[]; counts: { new: number; fixed: number; unchanged: number } };

  list(query: { filter: FindingFilter; sort: FindingSort; descending: boolean; offset: number; limit: number }, clock: ReadClock): { total: number; findings: FindingRecord[] };
  get(id: number, clock: ReadClock): FindingRecord | null;
  /** Ids of the findings the filter matches, in remediation order. */
  idsMatching(filter: FindingFilter, clock: ReadClock): number[];
  /** Ids that do not exist, of those given. */
  missingIds(ids: readonly number[]): number[];
  history(id: number): TriageChange[];
  sightings(id: number): { scanId: number; scope: string; tool: string; at: number; sourceFile: string | null }[];

  /** Applies one change to each finding in one transaction; answers what changed. */
  triage(ids: readonly number[], change: TriageChangeRequest): TriageOutcome[];
  /** Reopens accepted findings whose acceptance expired at or before `at`; answers them. */
  reopenExpired(at: number): { id: number; expiresAt: number }[];

  openCounts(at: number): OpenCounts;
  stateCounts(): Record<TriageState, number>;
  expiredAcceptances(at: number): number;
  overdueCount(clock: ReadClock): number;
  recordCounts(at: number, cause: SecurityHistoryPoint['cause'], open: OpenCounts): void;
  countsHistory(fromAt: number, toAt: number): SecurityHistoryPoint[];
}

// ── rows ─────────────────────────────────────────────────────────────────────────────────────

interface ScanRow {
  id: number;
  scope: string;
  tools: string;
  format: ReportFormat | null;
  source_file: string | null;
  scan_root: string;
  actor: string;
  started_at: number;
  finished_at: number;
  status: 'ok' | 'failed';
  error: string | null;
  warnings: string;
  new_count: number;
  fixed_count: number;
  unchanged_count: number;
  reopened_count: number;
  total_count: number;
}

interface FindingRow {
  id: number;
  fingerprint: string;
  kind: FindingRecord['kind'];
  category: FindingCategory;
  priority: number;
  severity: Severity;
  tools: string;
  rule_id: string;
  title: string;
  tool_severity: string;
  confidence: FindingRecord['confidence'];
  file: string | null;
  line: number | null;
  col: number | null;
  snippet_hash: string | null;
  package_name: string | null;
  package: string | null;
  cwe: string;
  cve: string;
  advice: string | null;
  help_uri: string | null;
  masked_preview: string | null;
  report_suppression: string | null;
  state: TriageState;
  blocking: 0 | 1;
  reason: string | null;
  triaged_by: string | null;
  triaged_at: number | null;
  accept_mitigation: string | null;
  accept_owner: string | null;
  accept_expires_at: number | null;
  acceptance_expired_at: number | null;
  first_seen_at: number;
  last_seen_at: number;
  fixed_at: number | null;
}

interface TriageRow {
  at: number;
  actor: string;
  cause: TriageChange['cause'];
  from_state: TriageState | null;
  to_state: TriageState;
  blocking: 0 | 1;
  reason: string | null;
  acceptance: string | null;
  scan_id: number | null;
}

/** Counts against the gate: open, confirmed, or accepted with an acceptance that has expired. */
const COUNTS_AS_OPEN = `(state IN ('open', 'confirmed') OR (state = 'accepted' AND accept_expires_at IS NOT NULL AND accept_expires_at <= @now))`;

function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

function toScan(row: ScanRow): ScanRecord {
  const counts: ScanCounts = {
    new: row.new_count,
    fixed: row.fixed_count,
    unchanged: row.unchanged_count,
    reopened: row.reopened_count,
    total: row.total_count,
  };
  return {
    id: row.id,
    scope: row.scope,
    tools: parseJson(row.tools),
    format: row.format,
    sourceFile: row.source_file,
    scanRoot: row.scan_root,
    actor: row.actor,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    error: row.error,
    warnings: parseJson(row.warnings),
    counts,
  };
}

/** Deadline of a finding that counts as open; null for others and for info. */
export function deadlineOf(severity: Severity, firstSeenAt: number, deadlines: SecurityDeadlines): number | null {
  if (severity === 'info') return null;
  return firstSeenAt + Math.round(deadlines[severity] * DAY_MS);
}

function countsAsOpen(row: Pick<FindingRow, 'state' | 'accept_expires_at'>, now: number): boolean {
  return row.state === 'open' || row.state === 'confirmed' || (row.state === 'accepted' && row.accept_expires_at !== null && row.accept_expires_at <= now);
}

function toFinding(row: FindingRow, { now, deadlines }: ReadClock): FindingRecord {
  const open = countsAsOpen(row, now);
  const deadlineAt = open ? deadlineOf(row.severity, row.first_seen_at, deadlines) : null;
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    kind: row.kind,
    category: row.category,
    priority: row.priority,
    tools: parseJson(row.tools),
    ruleId: row.rule_id,
    title: row.title,
    severity: row.severity,
    toolSeverity: row.tool_severity,
    confidence: row.confidence,
    location: row.file === null ? null : { file: row.file, line: row.line, column: row.col, snippetHash: row.snippet_hash },
    package: row.package === null ? null : parseJson(row.package),
    cwe: parseJson(row.cwe),
    cve: parseJson(row.cve),
    advice: row.advice,
    helpUri: row.help_uri,
    maskedPreview: row.masked_preview,
    reportSuppression: row.report_suppression === null ? null : parseJson(row.report_suppression),
    state: row.state,
    blocking: row.blocking === 1,
    reason: row.reason,
    triagedBy: row.triaged_by,
    triagedAt: row.triaged_at,
    acceptance:
      row.state === 'accepted'
        ? { reason: row.reason ?? '', mitigation: row.accept_mitigation, owner: row.accept_owner, expiresAt: row.accept_expires_at }
        : null,
    acceptanceExpiredAt: row.acceptance_expired_at,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    fixedAt: row.fixed_at,
    deadlineAt,
    ageMs: Math.max(0, now - row.first_seen_at),
    overdue: deadlineAt !== null && now > deadlineAt,
  };
}

// ── filters ──────────────────────────────────────────────────────────────────────────────────

type Params = Record<string, string | number>;

/** The deadline of a row in SQL, in ms since the epoch (info: never). */
const DEADLINE_SQL = `(first_seen_at + CASE severity WHEN 'critical' THEN @dl_critical WHEN 'high' THEN @dl_high WHEN 'medium' THEN @dl_medium WHEN 'low' THEN @dl_low END)`;

function deadlineParams(deadlines: SecurityDeadlines): Params {
  return {
    dl_critical: Math.round(deadlines.critical * DAY_MS),
    dl_high: Math.round(deadlines.high * DAY_MS),
    dl_medium: Math.round(deadlines.medium * DAY_MS),
    dl_low: Math.round(deadlines.low * DAY_MS),
  };
}

function inList(name: string, values: readonly string[], params: Params): string {
  const names = values.map((value, index) => {
    params[`${name}${index}`] = value;
    return `@${name}${index}`;
  });
  return names.length === 0 ? '0' : `${name} IN (${names.join(', ')})`;
}

/** LIKE with the caller's text taken literally. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** WHERE clause and parameters for a filter (always includes @now and the deadline params). */
export function whereOf(filter: FindingFilter, clock: ReadClock): { where: string; params: Params } {
  const params: Params = { now: clock.now, ...deadlineParams(clock.deadlines) };
  const clauses: string[] = [];
  if (filter.state) {
    // An expired acceptance counts as open, so asking for open finds it (and not under accepted).
    const states = filter.state.map((s) => {
      params[`st_${s.replace('-', '_')}`] = s;
      return s;
    });
    const parts = states.map((s) => {
      const p = `@st_${s.replace('-', '_')}`;
      if (s === 'open') return `(state = ${p} OR (state = 'accepted' AND accept_expires_at IS NOT NULL AND accept_expires_at <= @now))`;
      if (s === 'accepted') return `(state = ${p} AND (accept_expires_at IS NULL OR accept_expires_at > @now))`;
      return `state = ${p}`;
    });
    clauses.push(parts.length === 0 ? '0' : `(${parts.join(' OR ')})`);
  }
  if (filter.severity) clauses.push(inList('severity', filter.severity, params));
  if (filter.kind) clauses.push(inList('kind', filter.kind, params));
  if (filter.category) clauses.push(inList('category', filter.category, params));
  if (filter.tool !== undefined) {
    // tools is JSON written by this repo as [{"tool":…,"version":…}]: the tool's exact JSON key
    // and value as a substring is cheaper than json_each on every row.
    params.tool = `%${likeLiteral(`"tool":${JSON.stringify(filter.tool)}`)}%`;
    clauses.push(`tools LIKE @tool ESCAPE '\\'`);
  }
  if (filter.ruleId !== undefined) {
    params.rule_id = filter.ruleId;
    clauses.push('rule_id = @rule_id');
  }
  if (filter.pathPrefix !== undefined) {
    const prefix = filter.pathPrefix.replace(/^\.\//, '');
    params.path_exact = prefix.replace(/\/+$/, '');
    params.path_prefix = `${likeLiteral(prefix.endsWith('/') ? prefix : `${prefix}/`)}%`;
    clauses.push(`(file = @path_exact OR file LIKE @path_prefix ESCAPE '\\')`);
  }
  if (filter.text !== undefined && filter.text.trim() !== '') {
    params.text = `%${likeLiteral(filter.text.trim())}%`;
    clauses.push(
      `(title LIKE @text ESCAPE '\\' OR rule_id LIKE @text ESCAPE '\\' OR file LIKE @text ESCAPE '\\' OR package_name LIKE @text ESCAPE '\\' OR cve LIKE @text ESCAPE '\\')`,
    );
  }
  if (filter.blocking !== undefined) clauses.push(filter.blocking ? 'blocking = 1' : 'blocking = 0');
  if (filter.overdue !== undefined) {
    const overdue = `(${COUNTS_AS_OPEN} AND severity <> 'info' AND ${DEADLINE_SQL} < @now)`;
    clauses.push(filter.overdue ? overdue : `NOT ${overdue}`);
  }
  if (filter.scanId !== undefined) {
    params.scan_id = filter.scanId;
    clauses.push('id IN (SELECT finding_id FROM security_sightings WHERE scan_id = @scan_id)');
  }
  return { where: clauses.length === 0 ? '1' : clauses.join(' AND '), params };
}

const SEVERITY_ORDER_SQL = `CASE severity ${SEVERITIES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END`;

function orderOf(sort: FindingSort, descending: boolean): string {
  const dir = descending ? 'DESC' : 'ASC';
  switch (sort) {
    case 'remediation':
      return `priority ${dir}, id ${dir}`;
    case 'severity':
      return `${SEVERITY_ORDER_SQL} ${dir}, priority ${dir}, id ${dir}`;
    case 'age':
      // Youngest first ascending: age grows as first_seen_at shrinks.
      return `first_seen_at ${descending ? 'ASC' : 'DESC'}, id ${dir}`;
    case 'file':
      return `file IS NULL, file ${dir}, line ${dir}, id ${dir}`;
    case 'lastSeen':
      return `last_seen_at ${dir}, id ${dir}`;
    case 'state':
      return `state ${dir}, priority ASC, id ASC`;
    case 'tool':
      return `json_extract(tools, '$[0].tool') ${dir}, priority ASC, id ASC`;
  }
}

// ── the repository ───────────────────────────────────────────────────────────────────────────

export function createSecurityRepo(db: WritableDb): SecurityRepo {
  const insertScan = db.prepare<[Omit<ScanRow, 'id'>], never>(`
    INSERT INTO security_scans (scope, tools, format, source_file, scan_root, actor, started_at, finished_at, status, error, warnings,
                                new_count, fixed_count, unchanged_count, reopened_count, total_count)
    VALUES (@scope, @tools, @format, @source_file, @scan_root, @actor, @started_at, @finished_at, @status, @error, @warnings,
            @new_count, @fixed_count, @unchanged_count, @reopened_count, @total_count)`);
  const setScanCounts = db.prepare<[{ id: number } & ScanCounts], never>(
    'UPDATE security_scans SET new_count = @new, fixed_count = @fixed, unchanged_count = @unchanged, reopened_count = @reopened, total_count = @total WHERE id = @id',
  );
  const scanById = db.prepare<[number], ScanRow>('SELECT * FROM security_scans WHERE id = ?');
  const presentInScope = db.prepare<[string], { finding_id: number }>('SELECT finding_id FROM security_finding_scopes WHERE scope = ? AND present = 1');
  const findingByFingerprint = db.prepare<[string], Pick<FindingRow, 'id' | 'state' | 'tools' | 'severity' | 'category' | 'blocking'>>(
    'SELECT id, state, tools, severity, category, blocking FROM security_findings WHERE fingerprint = ?',
  );
  const insertFinding = db.prepare<[Omit<FindingRow, 'id' | 'blocking' | 'triaged_by' | 'triaged_at' | 'accept_mitigation' | 'accept_owner' | 'accept_expires_at' | 'acceptance_expired_at' | 'fixed_at'>], never>(`
    INSERT INTO security_findings (fingerprint, kind, category, priority, severity, tools, rule_id, title, tool_severity, confidence, file, line, col,
                                   snippet_hash, package_name, package, cwe, cve, advice, help_uri, masked_preview, report_suppression, state, reason,
                                   first_seen_at, last_seen_at)
    VALUES (@fingerprint, @kind, @category, @priority, @severity, @tools, @rule_id, @title, @tool_severity, @confidence, @file, @line, @col,
            @snippet_hash, @package_name, @package, @cwe, @cve, @advice, @help_uri, @masked_preview, @report_suppression, @state, @reason,
            @first_seen_at, @last_seen_at)`);
  // A later report refreshes where the finding is and what it says; triage fields stay.
  const refreshFinding = db.prepare<[Record<string, string | number | null>], never>(`
    UPDATE security_findings SET category = @category, priority = @priority, severity = @severity, tools = @tools, title = @title,
      tool_severity = @tool_severity, confidence = @confidence, file = @file, line = @line, col = @col, snippet_hash = @snippet_hash,
      package_name = @package_name, package = @package, cwe = @cwe, cve = @cve, advice = @advice, help_uri = @help_uri,
      masked_preview = @masked_preview, last_seen_at = @last_seen_at
    WHERE id = @id`);
  const reopenFinding = db.prepare<[{ id: number; reason: string; at: number }], never>(
    `UPDATE security_findings SET state = 'open', fixed_at = NULL, reason = @reason, triaged_by = NULL, triaged_at = @at WHERE id = @id`,
  );
  const fixFinding = db.prepare<[{ id: number; reason: string; at: number }], never>(
    `UPDATE security_findings SET state = 'fixed', fixed_at = @at, reason = @reason, accept_expires_at = NULL, accept_mitigation = NULL,
       accept_owner = NULL, acceptance_expired_at = NULL, triaged_at = @at WHERE id = @id`,
  );
  const upsertScope = db.prepare<[{ finding_id: number; scope: string }], never>(
    `INSERT INTO security_finding_scopes (finding_id, scope, present) VALUES (@finding_id, @scope, 1)
     ON CONFLICT (finding_id, scope) DO UPDATE SET present = 1`,
  );
  const leaveScope = db.prepare<[{ finding_id: number; scope: string }], never>(
    'UPDATE security_finding_scopes SET present = 0 WHERE finding_id = @finding_id AND scope = @scope',
  );
  const stillPresent = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM security_finding_scopes WHERE finding_id = ? AND present = 1');
  const insertSighting = db.prepare<[{ scan_id: number; finding_id: number; tool: string }], never>(
    'INSERT OR IGNORE INTO security_sightings (scan_id, finding_id, tool) VALUES (@scan_id, @finding_id, @tool)',
  );
  const insertTriage = db.prepare<[Omit<TriageRow, never> & { finding_id: number }], never>(`
    INSERT INTO security_triage (finding_id, at, actor, cause, from_state, to_state, blocking, reason, acceptance, scan_id)
    VALUES (@finding_id, @at, @actor, @cause, @from_state, @to_state, @blocking, @reason, @acceptance, @scan_id)`);
  const findingById = db.prepare<[number], FindingRow>('SELECT * FROM security_findings WHERE id = ?');
  const existingIds = db.prepare<[string], { id: number }>('SELECT id FROM security_findings WHERE id IN (SELECT value FROM json_each(?))');
  const applyTriage = db.prepare<[Record<string, string | number | null>], never>(`
    UPDATE security_findings SET state = @state, blocking = @blocking, reason = @reason, triaged_by = @actor, triaged_at = @at,
      accept_mitigation = @mitigation, accept_owner = @owner, accept_expires_at = @expires_at, acceptance_expired_at = @expired_at
    WHERE id = @id`);
  const expiredAccepted = db.prepare<[number], { id: number; accept_expires_at: number; blocking: 0 | 1; reason: string | null; accept_mitigation: string | null; accept_owner: string | null }>(
    `SELECT id, accept_expires_at, blocking, reason, accept_mitigation, accept_owner FROM security_findings
     WHERE state = 'accepted' AND accept_expires_at IS NOT NULL AND accept_expires_at <= ? ORDER BY id`,
  );
  const reopenExpiredRow = db.prepare<[{ id: number; at: number; expires_at: number; reason: string }], never>(
    `UPDATE security_findings SET state = 'open', acceptance_expired_at = @expires_at, accept_expires_at = NULL, reason = @reason,
       triaged_by = 'warroom', triaged_at = @at WHERE id = @id`,
  );
  const openBySeverity = db.prepare<[{ now: number }], { severity: Severity; n: number }>(
    `SELECT severity, count(*) AS n FROM security_findings WHERE ${COUNTS_AS_OPEN} GROUP BY severity`,
  );
  const byState = db.prepare<[], { state: TriageState; n: number }>('SELECT state, count(*) AS n FROM security_findings GROUP BY state');
  const expiredCount = db.prepare<[{ now: number }], { n: number }>(
    `SELECT count(*) AS n FROM security_findings
     WHERE (state = 'accepted' AND accept_expires_at IS NOT NULL AND accept_expires_at <= @now)
        OR (state IN ('open', 'confirmed') AND acceptance_expired_at IS NOT NULL)`,
  );
  const insertCounts = db.prepare<[{ at: number; cause: string } & OpenCounts], never>(
    'INSERT INTO security_counts (at, cause, critical, high, medium, low, info) VALUES (@at, @cause, @critical, @high, @medium, @low, @info)',
  );
  const countsBetween = db.prepare<[number, number], { at: number; cause: SecurityHistoryPoint['cause'] } & OpenCounts>(
    'SELECT at, cause, critical, high, medium, low, info FROM security_counts WHERE at >= ? AND at <= ? ORDER BY at, id',
  );
  const anyScan = db.prepare<[], { id: number }>("SELECT id FROM security_scans WHERE status = 'ok' LIMIT 1");
  const scansNewest = db.prepare<[number, number], ScanRow>('SELECT * FROM security_scans WHERE finished_at < ? ORDER BY finished_at DESC, id DESC LIMIT ?');
  const latestPerScope = db.prepare<[], ScanRow>(
    `SELECT s.* FROM security_scans s
     WHERE s.id = (SELECT max(id) FROM security_scans t WHERE t.scope = s.scope AND t.status = 'ok')
     ORDER BY s.finished_at DESC, s.id DESC`,
  );
  const historyOf = db.prepare<[number], TriageRow>(
    'SELECT at, actor, cause, from_state, to_state, blocking, reason, acceptance, scan_id FROM security_triage WHERE finding_id = ? ORDER BY id',
  );
  const sightingsOf = db.prepare<[number], { scan_id: number; scope: string; tool: string; finished_at: number; source_file: string | null }>(
    `SELECT g.scan_id, s.scope, g.tool, s.finished_at, s.source_file FROM security_sightings g JOIN security_scans s ON s.id = g.scan_id
     WHERE g.finding_id = ? ORDER BY g.scan_id`,
  );
  const briefColumns = `f.id, f.title, f.severity, f.state, f.file, f.package_name`;
  const onlyIn = db.prepare<[number, number, number], { id: number; title: string; severity: Severity; state: TriageState; file: string | null; package_name: string | null }>(
    `SELECT ${briefColumns} FROM security_sightings a JOIN security_findings f ON f.id = a.finding_id
     WHERE a.scan_id = ? AND NOT EXISTS (SELECT 1 FROM security_sightings b WHERE b.scan_id = ? AND b.finding_id = a.finding_id)
     ORDER BY f.priority, f.id LIMIT ?`,
  );
  const countOnlyIn = db.prepare<[number, number], { n: number }>(
    `SELECT count(*) AS n FROM security_sightings a
     WHERE a.scan_id = ? AND NOT EXISTS (SELECT 1 FROM security_sightings b WHERE b.scan_id = ? AND b.finding_id = a.finding_id)`,
  );
  const countBoth = db.prepare<[number, number], { n: number }>(
    'SELECT count(*) AS n FROM security_sightings a JOIN security_sightings b ON b.finding_id = a.finding_id AND b.scan_id = ? WHERE a.scan_id = ?',
  );

  function history(findingId: number, row: Omit<TriageRow, 'blocking'> & { blocking: boolean }): void {
    insertTriage.run({ ...row, finding_id: findingId, blocking: row.blocking ? 1 : 0 });
  }

  function findingColumns(finding: RankedFinding) {
    return {
      category: finding.category,
      priority: finding.priority,
      severity: finding.severity,
      title: finding.title,
      tool_severity: finding.toolSeverity,
      confidence: finding.confidence,
      file: finding.location?.file ?? null,
      line: finding.location?.line ?? null,
      col: finding.location?.column ?? null,
      snippet_hash: finding.location?.snippetHash ?? null,
      package_name: finding.package?.name ?? null,
      package: finding.package === null ? null : JSON.stringify(finding.package),
      cwe: JSON.stringify(finding.cwe),
      cve: JSON.stringify(finding.cve),
      advice: finding.advice,
      help_uri: finding.helpUri,
      masked_preview: finding.maskedPreview,
    };
  }

  function importBatch(batch: ScanBatch, at: number): ImportedScan {
    const scanId = Number(
      insertScan.run({
        scope: batch.scope,
        tools: JSON.stringify(batch.tools),
        format: batch.format,
        source_file: batch.sourceFile,
        scan_root: batch.scanRoot,
        actor: batch.actor,
        started_at: batch.startedAt,
        finished_at: batch.finishedAt,
        status: 'ok',
        error: null,
        warnings: JSON.stringify(batch.warnings),
        new_count: 0,
        fixed_count: 0,
        unchanged_count: 0,
        reopened_count: 0,
        total_count: 0,
      }).lastInsertRowid,
    );
    const before = new Set(presentInScope.all(batch.scope).map((r) => r.finding_id));
    const seen = new Set<number>();
    const changedIds: number[] = [];
    const counts: ScanCounts = { new: 0, fixed: 0, unchanged: 0, reopened: 0, total: 0 };
    for (const finding of batch.findings) {
      const existing = findingByFingerprint.get(finding.fingerprint);
      let id: number;
      if (existing === undefined) {
        // A finding the report itself suppressed starts as a false positive, with its justification.
        const suppressed = finding.suppression !== null;
        const state: TriageState = suppressed ? 'false-positive' : 'open';
        const reason = suppressed ? `suppressed in the report (${finding.suppression!.kind})${finding.suppression!.justification ? `: ${finding.suppression!.justification}` : ''}` : null;
        id = Number(
          insertFinding.run({
            fingerprint: finding.fingerprint,
            kind: finding.kind,
            rule_id: finding.ruleId,
            tools: JSON.stringify([{ tool: finding.tool, version: finding.toolVersion }]),
            report_suppression: finding.suppression === null ? null : JSON.stringify(finding.suppression),
            state,
            reason,
            first_seen_at: at,
            last_seen_at: at,
            ...findingColumns(finding),
          }).lastInsertRowid,
        );
        history(id, { at, actor: batch.actor, cause: 'import', from_state: null, to_state: state, blocking: false, reason, acceptance: null, scan_id: scanId });
      } else {
        id = existing.id;
        if (seen.has(id)) continue; // the same finding twice in one report counts once
        const tools = parseJson<{ tool: string; version: string | null }[]>(existing.tools);
        const known = tools.find((t) => t.tool === finding.tool);
        if (known) known.version = finding.toolVersion ?? known.version;
        else tools.push({ tool: finding.tool, version: finding.toolVersion });
        // Two tools may rate one finding differently: the register keeps the more severe rating.
        const severity = SEVERITIES.indexOf(existing.severity) < SEVERITIES.indexOf(finding.severity) ? existing.severity : finding.severity;
        const columns = findingColumns(finding);
        refreshFinding.run({
          id,
          ...columns,
          severity,
          priority: severity === finding.severity ? finding.priority : finding.priority + (SEVERITIES.indexOf(severity) - SEVERITIES.indexOf(finding.severity)) * 10,
          tools: JSON.stringify(tools),
          last_seen_at: at,
        });
        if (existing.state === 'fixed') {
          const reason = `seen again by ${batch.scope} (scan ${scanId})`;
          reopenFinding.run({ id, reason, at });
          history(id, { at, actor: batch.actor, cause: 'rescan', from_state: 'fixed', to_state: 'open', blocking: existing.blocking === 1, reason, acceptance: null, scan_id: scanId });
          counts.reopened += 1;
          changedIds.push(id);
        }
      }
      seen.add(id);
      upsertScope.run({ finding_id: id, scope: batch.scope });
      insertSighting.run({ scan_id: scanId, finding_id: id, tool: finding.tool });
      if (before.has(id)) counts.unchanged += 1;
      else counts.new += 1;
    }
    counts.total = seen.size;
    for (const id of before) {
      if (seen.has(id)) continue;
      leaveScope.run({ finding_id: id, scope: batch.scope });
      if (stillPresent.get(id)!.n > 0) continue; // another tool still sees it
      const row = findingById.get(id)!;
      // A false positive stays one: it was never a problem to fix.
      if (row.state === 'fixed' || row.state === 'false-positive') continue;
      const reason = `no longer seen by ${batch.scope} (scan ${scanId})`;
      fixFinding.run({ id, reason, at });
      history(id, { at, actor: batch.actor, cause: 'rescan', from_state: row.state, to_state: 'fixed', blocking: row.blocking === 1, reason, acceptance: null, scan_id: scanId });
      counts.fixed += 1;
      changedIds.push(id);
    }
    setScanCounts.run({ id: scanId, ...counts });
    return { scan: toScan(scanById.get(scanId)!), changedIds };
  }

  const importAll = db.transaction((batches: readonly ScanBatch[], at: number) => batches.map((batch) => importBatch(batch, at)));

  const triageAll = db.transaction((ids: readonly number[], change: TriageChangeRequest): TriageOutcome[] => {
    const outcomes: TriageOutcome[] = [];
    for (const id of ids) {
      const row = findingById.get(id);
      if (row === undefined) continue;
      const state = change.state ?? row.state;
      const blocking = change.blocking ?? row.blocking === 1;
      const sameAcceptance =
        state !== 'accepted' ||
        (row.state === 'accepted' &&
          change.acceptance !== null &&
          row.accept_expires_at === change.acceptance.expiresAt &&
          row.accept_mitigation === change.acceptance.mitigation &&
          row.accept_owner === change.acceptance.owner &&
          row.reason === change.acceptance.reason);
      const stateChanges = change.state !== undefined && (change.state !== row.state || !sameAcceptance || (change.reason !== null && change.reason !== row.reason));
      if (!stateChanges && blocking === (row.blocking === 1)) continue;
      // Setting only the blocking flag keeps the state and its reason.
      const keepState = change.state === undefined;
      const acceptance = state === 'accepted' ? (keepState ? null : change.acceptance) : null;
      applyTriage.run({
        id,
        state,
        blocking: blocking ? 1 : 0,
        reason: keepState ? row.reason : change.reason,
        actor: change.actor,
        at: change.at,
        mitigation: keepState ? row.accept_mitigation : (acceptance?.mitigation ?? null),
        owner: keepState ? row.accept_owner : (acceptance?.owner ?? null),
        expires_at: keepState ? row.accept_expires_at : (acceptance?.expiresAt ?? null),
        expired_at: keepState ? row.acceptance_expired_at : null,
      });
      history(id, {
        at: change.at,
        actor: change.actor,
        cause: 'triage',
        from_state: row.state,
        to_state: state,
        blocking,
        reason: keepState ? `blocking ${blocking ? 'set' : 'cleared'}${change.reason ? `: ${change.reason}` : ''}` : change.reason,
        acceptance: acceptance === null ? null : JSON.stringify(acceptance),
        scan_id: null,
      });
      outcomes.push({ id, from: row.state, to: state, blockingBefore: row.blocking === 1, blocking });
    }
    return outcomes;
  });

  const reopenAll = db.transaction((at: number) => {
    const rows = expiredAccepted.all(at);
    for (const row of rows) {
      const reason = `acceptance expired ${new Date(row.accept_expires_at).toISOString()} (was: ${row.reason ?? 'no reason'})`;
      reopenExpiredRow.run({ id: row.id, at, expires_at: row.accept_expires_at, reason });
      history(row.id, {
        at,
        actor: 'warroom',
        cause: 'expiry',
        from_state: 'accepted',
        to_state: 'open',
        blocking: row.blocking === 1,
        reason,
        acceptance: JSON.stringify({ reason: row.reason ?? '', mitigation: row.accept_mitigation, owner: row.accept_owner, expiresAt: row.accept_expires_at }),
        scan_id: null,
      });
    }
    return rows.map((r) => ({ id: r.id, expiresAt: r.accept_expires_at }));
  });

  function openCounts(at: number): OpenCounts {
    const counts: OpenCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const row of openBySeverity.all({ now: at })) counts[row.severity] = row.n;
    return counts;
  }

  return {
    importScans: (batches, at) => importAll(batches, at),
    recordFailedScan(scan) {
      const id = Number(
        insertScan.run({
          scope: scan.scope,
          tools: JSON.stringify(scan.tools),
          format: scan.format,
          source_file: scan.sourceFile,
          scan_root: scan.scanRoot,
          actor: scan.actor,
          started_at: scan.startedAt,
          finished_at: scan.finishedAt,
          status: 'failed',
          error: scan.error,
          warnings: '[]',
          new_count: 0,
          fixed_count: 0,
          unchanged_count: 0,
          reopened_count: 0,
          total_count: 0,
        }).lastInsertRowid,
      );
      return toScan(scanById.get(id)!);
    },
    hasScans: () => anyScan.get() !== undefined,
    getScan(id) {
      const row = scanById.get(id);
      return row === undefined ? null : toScan(row);
    },
    listScans: ({ limit, beforeAt }) => scansNewest.all(beforeAt ?? Number.MAX_SAFE_INTEGER, limit).map(toScan),
    latestScans: () => latestPerScope.all().map(toScan),
    compare(baseScanId, scanId, limit) {
      const brief = (r: { id: number; title: string; severity: Severity; state: TriageState; file: string | null; package_name: string | null }): FindingBrief => ({
        id: r.id,
        title: r.title,
        severity: r.severity,
        state: r.state,
        file: r.file,
        packageName: r.package_name,
      });
      return {
        new: onlyIn.all(scanId, baseScanId, limit).map(brief),
        fixed: onlyIn.all(baseScanId, scanId, limit).map(brief),
        counts: {
          new: countOnlyIn.get(scanId, baseScanId)!.n,
          fixed: countOnlyIn.get(baseScanId, scanId)!.n,
          unchanged: countBoth.get(baseScanId, scanId)!.n,
        },
      };
    },

    list({ filter, sort, descending, offset, limit }, clock) {
      const { where, params } = whereOf(filter, clock);
      const total = db.prepare<[Params], { n: number }>(`SELECT count(*) AS n FROM security_findings WHERE ${where}`).get(params)!.n;
      const rows = db
        .prepare<[Params], FindingRow>(`SELECT * FROM security_findings WHERE ${where} ORDER BY ${orderOf(sort, descending)} LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit, offset });
      return { total, findings: rows.map((row) => toFinding(row, clock)) };
    },
    get(id, clock) {
      const row = findingById.get(id);
      return row === undefined ? null : toFinding(row, clock);
    },
    idsMatching(filter, clock) {
      const { where, params } = whereOf(filter, clock);
      return db
        .prepare<[Params], { id: number }>(`SELECT id FROM security_findings WHERE ${where} ORDER BY priority, id`)
        .all(params)
        .map((r) => r.id);
    },
    missingIds(ids) {
      const found = new Set(existingIds.all(JSON.stringify(ids)).map((r) => r.id));
      return ids.filter((id) => !found.has(id));
    },
    history: (id) =>
      historyOf.all(id).map((row) => ({
        at: row.at,
        actor: row.actor,
        cause: row.cause,
        from: row.from_state,
        to: row.to_state,
        blocking: row.blocking === 1,
        reason: row.reason,
        acceptance: row.acceptance === null ? null : parseJson<Acceptance>(row.acceptance),
        scanId: row.scan_id,
      })),
    sightings: (id) => sightingsOf.all(id).map((r) => ({ scanId: r.scan_id, scope: r.scope, tool: r.tool, at: r.finished_at, sourceFile: r.source_file })),

    triage: (ids, change) => triageAll(ids, change),
    reopenExpired: (at) => reopenAll(at),

    openCounts,
    stateCounts() {
      const counts: Record<TriageState, number> = { open: 0, confirmed: 0, 'false-positive': 0, accepted: 0, fixed: 0 };
      for (const row of byState.all()) counts[row.state] = row.n;
      return counts;
    },
    expiredAcceptances: (at) => expiredCount.get({ now: at })!.n,
    overdueCount(clock) {
      const { where, params } = whereOf({ overdue: true }, clock);
      return db.prepare<[Params], { n: number }>(`SELECT count(*) AS n FROM security_findings WHERE ${where}`).get(params)!.n;
    },
    recordCounts(at, cause, open) {
      insertCounts.run({ at, cause, ...open });
    },
    countsHistory: (fromAt, toAt) =>
      countsBetween.all(fromAt, toAt).map((r) => ({ at: r.at, cause: r.cause, open: { critical: r.critical, high: r.high, medium: r.medium, low: r.low, info: r.info } })),
  };
}
