/**
 * secretlint's JSON report (`secretlint --format json`): one entry per scanned file with its
 * messages, and the file's whole text in `sourceContent`. That text is read here only to find
 * each secret's value for the fingerprint (then hashed) and is never kept; the value never leaves
 * this module but as a hash and a masked preview.
 */
import type { ParsedFinding, ParsedReport } from '../../../../shared/domain/security.js';
import { contextFingerprint, redact, secretFingerprint, type Region } from './fingerprint.js';
import { finding } from './finding.js';
import { field, integer, list, record, text, type JsonRecord } from './json-value.js';
import { noteLocation, secretIn, type ParseContext } from './parse-context.js';
import { ReportProblem } from './report-error.js';
import { scanPathOf } from './scan-paths.js';
import { severityFromSecretlint } from './severity.js';
import { splitLines } from './source-files.js';

export function parseSecretlint(report: unknown, ctx: ParseContext): ParsedReport {
  const files = list(report);
  if (files === undefined) throw new ReportProblem('not a secretlint JSON report: expected an array of files');
  const findings: ParsedFinding[] = [];
  files.forEach((item, index) => {
    const file = record(item);
    const filePath = text(field(file, 'filePath'));
    const messages = list(field(file, 'messages'));
    if (file === undefined || filePath === undefined || messages === undefined) throw new ReportProblem(`secretlint entry ${index + 1} lacks filePath or messages`);
    if (messages.length === 0) return;
    const path = scanPathOf(filePath, ctx.scanRoot);
    const content = text(field(file, 'sourceContent'));
    const lines = content === undefined ? undefined : splitLines(content);
    for (const entry of messages) {
      const message = record(entry);
      if (message === undefined) continue;
      noteLocation(ctx, path);
      const region = regionOf(message);
      const secret = secretIn(ctx, path, region, lines === undefined ? {} : { lines });
      const ruleId = [text(field(message, 'ruleId')) ?? 'secretlint', text(field(message, 'messageId'))].filter(Boolean).join(':');
      const said = text(field(message, 'message')) ?? ruleId;
      const severityWord = text(field(message, 'severity')) ?? 'error';
      findings.push(
        finding({
          fingerprint: secret !== null ? secretFingerprint(path.file, secret.valueHash) : contextFingerprint({ kind: 'secret', tool: 'secretlint', ruleId, file: path.file }, `message:${said}`),
          kind: 'secret',
          tool: 'secretlint',
          toolVersion: null,
          ruleId,
          title: redact(said, secret),
          severity: severityFromSecretlint(severityWord),
          toolSeverity: severityWord,
          confidence: null,
          location: { file: path.file, line: region?.startLine ?? null, column: region?.startColumn ?? null, snippetHash: null },
          package: null,
          cwe: ['CWE-798'],
          cve: [],
          advice: 'Rotate the secret (revoke it where it was issued), then remove it from the file and from the history.',
          helpUri: text(field(message, 'docsUrl')) ?? null,
          maskedPreview: secret?.maskedPreview ?? null,
          suppression: null,
        }),
      );
    }
  });
  return { format: 'secretlint', tools: [{ tool: 'secretlint', version: null }], findings, warnings: [] };
}

/** secretlint's `loc`: lines 1-based, columns 0-based and the end exclusive; as a SARIF-style region. */
function regionOf(message: JsonRecord): Region | null {
  const loc = record(field(message, 'loc'));
  const start = record(field(loc, 'start'));
  const end = record(field(loc, 'end'));
  const startLine = integer(field(start, 'line'));
  if (startLine === undefined || startLine < 1) return null;
  const startColumn = integer(field(start, 'column'));
  const endColumn = integer(field(end, 'column'));
  return {
    startLine,
    startColumn: startColumn === undefined ? null : startColumn + 1,
    endLine: integer(field(end, 'line')) ?? null,
    endColumn: endColumn === undefined ? null : endColumn + 1,
  };
}
