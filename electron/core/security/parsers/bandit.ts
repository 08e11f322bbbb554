/**
 * bandit's JSON report (`bandit -f json`; Debian ships 1.6.2, which has no SARIF). Its `code`
 * field holds the flagged lines with their numbers, so no source file is needed for context.
 */
import type { ParsedFinding, ParsedReport } from '../../../../shared/domain/security.js';
import { contextFingerprint, sha256 } from './fingerprint.js';
import { finding } from './finding.js';
import { field, integer, list, record, text, type JsonRecord } from './json-value.js';
import { codeContext, noteLocation, plural, type ParseContext } from './parse-context.js';
import { ReportProblem } from './report-error.js';
import { scanPathOf } from './scan-paths.js';
import { confidenceFrom, severityFromBandit } from './severity.js';

/**
 * CWE of common bandit checks, for reports without `issue_cwe` (bandit before 1.7.5). A short
 * table of ours, for sorting and filtering; a report's own `issue_cwe` wins.
 */
const BANDIT_CWE: Record<string, number> = {
  B101: 703, B102: 78, B105: 259, B106: 259, B107: 259, B108: 377, B301: 502, B303: 327, B324: 327,
  B403: 502, B404: 78, B501: 295, B506: 20, B602: 78, B603: 78, B604: 78, B605: 78, B606: 78,
  B607: 78, B608: 89,
};

export const BANDIT_OLD_WARNING =
  'bandit < 1.7 (Debian ships 1.6.2) misses string-literal checks on Python ≥ 3.8 (hard-coded passwords, SQL built from strings: B105, B608): a clean result from it is not proof; run bandit ≥ 1.7 where you can';

export function parseBandit(report: unknown, ctx: ParseContext): ParsedReport {
  const root = record(report);
  const results = list(field(root, 'results'));
  if (root === undefined || results === undefined) throw new ReportProblem('not a bandit report: no "results" array');
  const version = versionOf(root);
  const findings: ParsedFinding[] = [];
  results.forEach((item, index) => {
    const result = record(item);
    const testId = text(field(result, 'test_id'));
    const filename = text(field(result, 'filename'));
    const line = integer(field(result, 'line_number'));
    if (result === undefined || testId === undefined || filename === undefined || line === undefined) {
      throw new ReportProblem(`bandit result ${index + 1} lacks test_id, filename or line_number`);
    }
    findings.push(parseResult(result, { testId, filename, line, version }, ctx));
  });
  const warnings: string[] = [];
  if (version === 'unknown' || olderThan17(version)) {
    warnings.push(version === 'unknown' ? `bandit version unknown (the report does not say): ${BANDIT_OLD_WARNING}` : `bandit ${version}: ${BANDIT_OLD_WARNING}`);
  }
  const errors = list(field(root, 'errors')) ?? [];
  if (errors.length > 0) {
    const named = errors.slice(0, 5).map((error) => `${text(field(record(error), 'filename')) ?? '?'}: ${text(field(record(error), 'reason')) ?? '?'}`);
    warnings.push(`bandit could not scan ${errors.length} ${plural(errors.length, 'file', 'files')}: ${named.join('; ')}${errors.length > 5 ? '; …' : ''}`);
  }
  const nosec = integer(field(record(field(record(field(root, 'metrics')), '_totals')), 'nosec'));
  if (nosec !== undefined && nosec > 0) warnings.push(`${nosec} ${plural(nosec, 'line', 'lines')} skipped with "# nosec" (not in the report)`);
  return { format: 'bandit', tools: [{ tool: 'bandit', version }], findings, warnings };
}

/** The version when a report states it (bandit's JSON has not so far), else "unknown". */
function versionOf(root: JsonRecord): string {
  const metadata = record(field(root, 'metadata'));
  return text(field(metadata, 'bandit_version')) ?? text(field(metadata, 'version')) ?? text(field(root, 'bandit_version')) ?? 'unknown';
}

function olderThan17(version: string): boolean {
  const [major, minor] = version.split('.').map((part) => Number.parseInt(part, 10));
  if (major === undefined || Number.isNaN(major)) return true;
  return major < 1 || (major === 1 && (minor ?? 0) < 7);
}

function parseResult(result: JsonRecord, known: { testId: string; filename: string; line: number; version: string }, ctx: ParseContext): ParsedFinding {
  const path = scanPathOf(known.filename, ctx.scanRoot);
  noteLocation(ctx, path);
  const range = (list(field(result, 'line_range')) ?? []).filter((n): n is number => typeof n === 'number');
  const endLine = range.length > 0 ? Math.max(...range) : known.line;
  const flagged = flaggedLines(text(field(result, 'code')), known.line, endLine);
  const context = codeContext(ctx, path, { startLine: known.line, startColumn: null, endLine, endColumn: null }, flagged);
  const ruleId = known.testId;
  const testName = text(field(result, 'test_name'));
  const issueText = text(field(result, 'issue_text')) ?? ruleId;
  const severityWord = text(field(result, 'issue_severity')) ?? 'UNDEFINED';
  const cweObject = record(field(result, 'issue_cwe'));
  const cweId = integer(field(cweObject, 'id')) ?? BANDIT_CWE[ruleId];
  const column = integer(field(result, 'col_offset'));
  return finding({
    fingerprint: contextFingerprint({ kind: 'code', tool: 'bandit', ruleId, file: path.file }, context ?? `message:${issueText}`),
    kind: 'code',
    tool: 'bandit',
    toolVersion: known.version,
    ruleId,
    title: testName && testName !== 'blacklist' ? `${issueText} (${testName})` : issueText,
    severity: severityFromBandit(severityWord),
    toolSeverity: severityWord,
    confidence: confidenceFrom(field(result, 'issue_confidence')),
    location: { file: path.file, line: known.line, column: column === undefined ? null : column + 1, snippetHash: context === null ? null : sha256(context) },
    package: null,
    cwe: cweId === undefined ? [] : [`CWE-${cweId}`],
    cve: [],
    advice: null,
    helpUri: text(field(result, 'more_info')) ?? null,
    maskedPreview: null,
    suppression: null,
  });
}

/** bandit's `code` is "17     return x\n18 \n": the lines from `from` to `to`, without their numbers. */
function flaggedLines(code: string | undefined, from: number, to: number): string[] | null {
  if (code === undefined) return null;
  const lines: string[] = [];
  for (const raw of code.split('\n')) {
    const match = raw.match(/^(\d+) ?(.*)$/);
    const number = match?.[1] === undefined ? NaN : Number(match[1]);
    if (number >= from && number <= to) lines.push(match?.[2] ?? '');
  }
  return lines.length > 0 ? lines : null;
}
