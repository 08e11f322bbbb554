/**
 * Scanner reports in, one finding model out (shared/domain/security.ts). Plain Node, no store:
 * the register (electron/core/security/) decides what a parsed report changes.
 *
 * Formats: SARIF 2.1.0 from any tool, bandit JSON, npm audit JSON (npm 7+), secretlint JSON.
 * Severity mapping: severity.ts; fingerprints: fingerprint.ts.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ParsedReport, ReportFormat } from '../../../../shared/domain/security.js';
import { formatBytes } from '../../../../shared/format/numbers.js';
import { parseBandit } from './bandit.js';
import { uniqueFingerprints } from './finding.js';
import { field, isRecord, list, parseJson } from './json-value.js';
import { parseNpmAudit } from './npm-audit.js';
import { contextWarnings, createParseContext } from './parse-context.js';
import { ReportParseError, ReportProblem } from './report-error.js';
import { parseSarif } from './sarif.js';
import { parseSecretlint } from './secretlint.js';
import { createSourceFiles } from './source-files.js';
import type { SourceFiles } from './source-files.js';

export { ReportParseError } from './report-error.js';

/** Larger reports are refused before they are read (a 10,000-result SARIF is about 10 MB). */
export const MAX_REPORT_BYTES = 200 * 1024 * 1024;

export interface ParseOptions {
  /** The folder the scanner scanned: locations are made relative to it, sources read under it. */
  scanRoot: string;
  /** The report's format; detected from its content when omitted. */
  format?: ReportFormat;
}

export interface ParseFileOptions extends ParseOptions {
  /** Refuse reports larger than this (default MAX_REPORT_BYTES). */
  maxBytes?: number;
}

/** Reads one report file (once, after checking its size) and parses it. */
export async function parseReportFile(path: string, options: ParseFileOptions): Promise<ParsedReport> {
  const maxBytes = options.maxBytes ?? MAX_REPORT_BYTES;
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new ReportParseError(path, 'is a folder, not a report file');
    if (info.size > maxBytes) throw new ReportParseError(path, `the report is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof ReportParseError) throw error;
    const code = isRecord(error) ? field(error, 'code') : undefined;
    throw new ReportParseError(path, code === 'ENOENT' ? 'no such file' : `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseReport({ text, fileName: path, scanRoot: options.scanRoot, format: options.format });
}

/** Parses a report's text; every problem is a ReportParseError naming the file. */
export function parseReport(input: {
  text: string;
  fileName: string;
  scanRoot: string;
  format?: ReportFormat | undefined;
  /** Where scanned files' lines come from (default: read under the scan root). */
  sources?: SourceFiles | undefined;
}): ParsedReport {
  try {
    const value = parseJson(input.text);
    const format = input.format ?? formatOf(value, input.fileName);
    if (format === null) throw new ReportProblem(`unknown report format: ${describe(value)}; pass --format (sarif, bandit, npm-audit, secretlint)`);
    const ctx = createParseContext(input.scanRoot, input.sources ?? createSourceFiles());
    const parsed = parseAs(format, value, ctx);
    return { ...parsed, findings: uniqueFingerprints(parsed.findings), warnings: [...parsed.warnings, ...contextWarnings(ctx)] };
  } catch (error) {
    if (error instanceof ReportProblem) throw new ReportParseError(input.fileName, error.message);
    throw error;
  }
}

function parseAs(format: ReportFormat, value: unknown, ctx: ReturnType<typeof createParseContext>): ParsedReport {
  switch (format) {
    case 'sarif':
      return parseSarif(value, ctx);
    case 'bandit':
      return parseBandit(value, ctx);
    case 'npm-audit':
      return parseNpmAudit(value);
    case 'secretlint':
      return parseSecretlint(value, ctx);
    case 'gitleaks':
      throw new ReportProblem('gitleaks JSON is not supported yet: run gitleaks with --report-format sarif and import the SARIF');
  }
}

/** The format of a report, from its content (the file name only breaks ties); null when unknown or not JSON. */
export function detectFormat(text: string, fileName: string): ReportFormat | null {
  try {
    return formatOf(parseJson(text), fileName);
  } catch {
    return null;
  }
}

function formatOf(value: unknown, fileName: string): ReportFormat | null {
  const name = basename(fileName).toLowerCase();
  if (isRecord(value)) {
    if (Array.isArray(value.runs) && (typeof value.version === 'string' || /sarif/i.test(typeof value.$schema === 'string' ? value.$schema : '') || name.endsWith('.sarif'))) return 'sarif';
    if (Array.isArray(value.results) && isRecord(value.metrics)) return 'bandit';
    if (value.auditReportVersion !== undefined || (isRecord(value.vulnerabilities) && isRecord(value.metadata)) || isRecord(value.advisories)) return 'npm-audit';
    return null;
  }
  const items = list(value);
  if (items === undefined) return null;
  const first = items[0];
  if (isRecord(first) && 'filePath' in first && 'messages' in first) return 'secretlint';
  if (isRecord(first) && 'RuleID' in first && ('Secret' in first || 'Match' in first)) return 'gitleaks';
  // An empty list is a clean secretlint or gitleaks run: only the name can tell which.
  if (items.length === 0 && name.includes('secretlint')) return 'secretlint';
  if (items.length === 0 && name.includes('gitleaks')) return 'gitleaks';
  return null;
}

/** What an unrecognised report looks like, for the error message. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return `a JSON array of ${value.length} items`;
  if (isRecord(value)) {
    const keys = Object.keys(value).slice(0, 6);
    return keys.length === 0 ? 'an empty JSON object' : `a JSON object with keys ${keys.map((k) => JSON.stringify(k)).join(', ')}`;
  }
  return `a JSON ${value === null ? 'null' : typeof value}`;
}
