/**
 * Building findings the one way: strings clipped to the model's limits (a tool's 10 kB message
 * must not fail the whole report), and fingerprints made unique within a report.
 */
import type { ParsedFinding } from '../../../../shared/domain/security.js';

export function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

export function clipOrNull(value: string | null | undefined, max: number): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : clip(value.trim(), max);
}

/** One finding, every field clipped to ParsedFindingSchema's limits. */
export function finding(fields: ParsedFinding): ParsedFinding {
  return {
    ...fields,
    tool: clip(fields.tool, 200),
    toolVersion: fields.toolVersion === null ? null : clip(fields.toolVersion, 100),
    ruleId: clip(fields.ruleId, 500),
    title: clip(fields.title.trim() === '' ? fields.ruleId : fields.title.trim(), 2000),
    toolSeverity: clip(fields.toolSeverity, 50),
    location: fields.location === null ? null : { ...fields.location, file: clip(fields.location.file, 4096) },
    cve: fields.cve.map((id) => clip(id, 100)),
    advice: clipOrNull(fields.advice, 4000),
    helpUri: clipOrNull(fields.helpUri, 2000),
    maskedPreview: fields.maskedPreview === null ? null : clip(fields.maskedPreview, 200),
    suppression: fields.suppression === null ? null : { ...fields.suppression, justification: clipOrNull(fields.suppression.justification, 2000) },
  };
}

/**
 * Fingerprints unique within one report, except where sharing is the point. The same secret
 * reported twice by one tool in one file is one finding (its first sighting); found by two tools
 * (two SARIF runs), both findings keep the same fingerprint, and the register lists both tools on
 * one finding. Other findings that share a fingerprint (identical flagged lines in one file) are
 * told apart by their order in the file, "#2", "#3", so inserting code above them keeps them.
 */
export function uniqueFingerprints(findings: readonly ParsedFinding[]): ParsedFinding[] {
  const inFileOrder = findings
    .map((item, index) => ({ item, index }))
    .sort((a, b) => lineOf(a.item) - lineOf(b.item) || columnOf(a.item) - columnOf(b.item) || a.index - b.index);
  const seen = new Map<string, number>();
  const fingerprints: (string | null)[] = new Array<string | null>(findings.length);
  for (const { item, index } of inFileOrder) {
    const key = item.kind === 'secret' ? JSON.stringify([item.fingerprint, item.tool]) : item.fingerprint;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    fingerprints[index] = count === 1 ? item.fingerprint : item.kind === 'secret' ? null : `${item.fingerprint}#${count}`;
  }
  const out: ParsedFinding[] = [];
  findings.forEach((item, index) => {
    const fingerprint = fingerprints[index];
    if (fingerprint === null || fingerprint === undefined) return;
    out.push(fingerprint === item.fingerprint ? item : { ...item, fingerprint });
  });
  return out;
}

function lineOf(item: ParsedFinding): number {
  return item.location?.line ?? 0;
}

function columnOf(item: ParsedFinding): number {
  return item.location?.column ?? 0;
}
