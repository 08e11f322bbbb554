/**
 * Stable identities of findings, so the register knows a finding again in the next scan.
 *
 * - A tool's own fingerprint (SARIF `fingerprints`, else `partialFingerprints`) where it has one,
 *   namespaced by tool, rule and file.
 * - Else sha256 of kind + tool + rule + file + the normalised code of the flagged lines (from
 *   the report's snippet, else read under the scan root): never the bare line number, so a
 *   finding keeps its identity when code above it moves, and gets a new one when its line changes.
 *   Identical flagged lines in one file are told apart by their order ("#2", "#3").
 * - Secrets: sha256 of file + sha256 of the secret's value as it stands in the source, whatever
 *   tool found it and however it reported the region, so two tools that find the same secret at
 *   the same place give the same fingerprint (the register merges them into one finding).
 * - Dependencies: package + advisory id, whichever tool reported it.
 *
 * Only hashes leave this module; the secret's value never does (masked previews aside).
 */
import { createHash } from 'node:crypto';
import type { FindingKind } from '../../../../shared/domain/security.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function hashOf(parts: readonly string[]): string {
  return sha256(JSON.stringify(parts));
}

/** Code as a fingerprint sees it: each line trimmed, whitespace runs collapsed, blank lines gone. */
export function normaliseCode(lines: readonly string[]): string {
  return lines
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

export interface CodeIdentity {
  kind: FindingKind;
  tool: string;
  ruleId: string;
  file: string;
}

export function contextFingerprint(identity: CodeIdentity, normalisedContext: string): string {
  return hashOf(['context', identity.kind, identity.tool.toLowerCase(), identity.ruleId, identity.file, normalisedContext]);
}

export function toolFingerprint(identity: CodeIdentity, key: string, value: string): string {
  return hashOf(['tool', identity.kind, identity.tool.toLowerCase(), identity.ruleId, identity.file, key, value]);
}

export function dependencyFingerprint(packageName: string, advisoryId: string): string {
  return hashOf(['dependency', packageName, advisoryId]);
}

export function secretFingerprint(file: string, valueHash: string): string {
  return hashOf(['secret', file, valueHash]);
}

/** A region as SARIF counts it: lines and columns 1-based, endColumn exclusive. */
export interface Region {
  startLine: number;
  startColumn: number | null;
  endLine: number | null;
  endColumn: number | null;
}

/** A secret as it stands in the source; `value` is for hashing and redaction only, never stored. */
export interface SecretSighting {
  value: string;
  valueHash: string;
  maskedPreview: string;
}

const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const PEM_END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
/** A token: a run of characters that a secret may contain (quotes, `=`, `:`, brackets end it). */
const TOKEN = /[^\s"'`=:,;(){}[\]<>]+/g;
const MAX_PEM_LINES = 200;

/**
 * The secret a region points at. Tools disagree on regions (secretlint reports the AWS secret
 * key's line from column 1; others the value alone or the whole line), so the region only picks
 * the token: the longest run of non-delimiter characters that overlaps it. A private key is the
 * body of its PEM block, wherever in the block the region starts.
 */
export function secretAt(lines: readonly string[], region: Region): SecretSighting | null {
  const first = lines[region.startLine - 1];
  if (first === undefined) return null;
  const lastLine = Math.max(region.startLine, region.endLine ?? region.startLine);
  const pemStart = findPemStart(lines, region.startLine, lastLine);
  if (pemStart !== null) return pemSecret(lines, pemStart);
  if (lastLine > region.startLine) {
    const spanned = lines.slice(region.startLine - 1, lastLine);
    const value = spanned.join('').replace(/\s+/g, '');
    return value === '' ? null : sighting(value, mask(value));
  }
  const from = Math.max(0, (region.startColumn ?? 1) - 1);
  const to = region.endColumn !== null && region.endColumn > from + 1 ? region.endColumn - 1 : region.startColumn === null ? first.length : from + 1;
  const value = longestTokenOverlapping(first, from, to);
  return value === null ? null : sighting(value, mask(value));
}

function findPemStart(lines: readonly string[], from: number, to: number): number | null {
  for (let line = from; line <= Math.min(to, from + MAX_PEM_LINES); line += 1) {
    if (PEM_BEGIN.test(lines[line - 1] ?? '')) return line;
  }
  return null;
}

function pemSecret(lines: readonly string[], beginLine: number): SecretSighting | null {
  const header = (lines[beginLine - 1] ?? '').match(PEM_BEGIN)?.[0] ?? 'PRIVATE KEY';
  const body: string[] = [];
  for (let line = beginLine + 1; line < beginLine + MAX_PEM_LINES && line <= lines.length; line += 1) {
    const text = lines[line - 1] ?? '';
    if (PEM_END.test(text)) break;
    body.push(text.trim());
  }
  const value = body.join('');
  if (value === '') return null;
  return sighting(value, `${header}…${value.length > 64 ? value.slice(-4) : ''}`);
}

function longestTokenOverlapping(line: string, from: number, to: number): string | null {
  let best: string | null = null;
  for (const match of line.matchAll(TOKEN)) {
    const start = match.index;
    const end = start + match[0].length;
    if (end <= from || start >= to) continue;
    if (best === null || match[0].length > best.length) best = match[0];
  }
  return best;
}

function sighting(value: string, maskedPreview: string): SecretSighting {
  return { value, valueHash: sha256(value), maskedPreview };
}

/** "AKIA…U1DK": at most a quarter of the value shows (four characters at each end at most). */
export function mask(value: string): string {
  const shown = Math.min(4, Math.floor(value.length / 8));
  return shown === 0 ? '…' : `${value.slice(0, shown)}…${value.slice(-shown)}`;
}

/** Text a tool wrote about a secret, with the value replaced by its masked preview. */
export function redact(text: string, secret: SecretSighting | null): string {
  if (secret === null || secret.value.length < 4) return text;
  return text.split(secret.value).join(secret.maskedPreview);
}
