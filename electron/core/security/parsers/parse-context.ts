/**
 * What every parser shares while it reads one report: the scan root, the source files under it,
 * and counts of what it had to fall back on, which become the report's warnings.
 */
import { linesBetween, type SourceFiles } from './source-files.js';
import { normaliseCode, secretAt, type Region, type SecretSighting } from './fingerprint.js';
import type { ScanPath } from './scan-paths.js';

/** How many flagged lines make a finding's code context (a multi-line region is cut here). */
const MAX_CONTEXT_LINES = 3;

export interface ParseContext {
  scanRoot: string;
  sources: SourceFiles;
  counts: {
    outsideRoot: number;
    withoutContext: number;
    secretsUnread: number;
    withoutLocation: number;
  };
}

export function createParseContext(scanRoot: string, sources: SourceFiles): ParseContext {
  return { scanRoot, sources, counts: { outsideRoot: 0, withoutContext: 0, secretsUnread: 0, withoutLocation: 0 } };
}

/** Counts a location outside the scan root once per finding. */
export function noteLocation(ctx: ParseContext, path: ScanPath): void {
  if (path.outsideRoot) ctx.counts.outsideRoot += 1;
}

/**
 * The normalised code of the flagged lines: from the report's own lines when it has them (a
 * snippet, bandit's `code`), else read under the scan root. Null when neither is there.
 */
export function codeContext(ctx: ParseContext, path: ScanPath | null, region: Region | null, reported: readonly string[] | null): string | null {
  const fromReport = reported === null ? '' : normaliseCode(reported.slice(0, MAX_CONTEXT_LINES));
  if (fromReport !== '') return fromReport;
  if (path?.absolute && !path.outsideRoot && region !== null) {
    const lines = ctx.sources.lines(path.absolute);
    const flagged = lines === null ? null : linesBetween(lines, region.startLine, Math.min(region.endLine ?? region.startLine, region.startLine + MAX_CONTEXT_LINES - 1));
    const fromSource = flagged === null ? '' : normaliseCode(flagged);
    if (fromSource !== '') return fromSource;
  }
  ctx.counts.withoutContext += 1;
  return null;
}

/**
 * The secret at a region: from the file's text when the report carries it (secretlint's
 * `sourceContent`), else read under the scan root, else from the region's snippet.
 */
export function secretIn(ctx: ParseContext, path: ScanPath | null, region: Region | null, reported: { lines?: readonly string[]; snippet?: string } = {}): SecretSighting | null {
  let sighting: SecretSighting | null = null;
  if (region !== null) {
    if (reported.lines) sighting = secretAt(reported.lines, region);
    if (sighting === null && path?.absolute && !path.outsideRoot) {
      const lines = ctx.sources.lines(path.absolute);
      if (lines !== null) sighting = secretAt(lines, region);
    }
  }
  if (sighting === null && reported.snippet) {
    sighting = secretAt([reported.snippet], { startLine: 1, startColumn: null, endLine: null, endColumn: null });
  }
  if (sighting === null) ctx.counts.secretsUnread += 1;
  return sighting;
}

export function contextWarnings(ctx: ParseContext): string[] {
  const { outsideRoot, withoutContext, secretsUnread, withoutLocation } = ctx.counts;
  const warnings: string[] = [];
  if (withoutLocation > 0) warnings.push(`${withoutLocation} ${plural(withoutLocation, 'result has', 'results have')} no location`);
  if (outsideRoot > 0) warnings.push(`${outsideRoot} ${plural(outsideRoot, 'location is', 'locations are')} outside the scan root ${ctx.scanRoot}`);
  if (withoutContext > 0) {
    warnings.push(`${withoutContext} ${plural(withoutContext, 'finding has', 'findings have')} no code context (no snippet in the report and the file is not readable under ${ctx.scanRoot}): identified by rule, file and message, so editing the message or moving the file gives a new finding`);
  }
  if (secretsUnread > 0) {
    warnings.push(`${secretsUnread} ${plural(secretsUnread, 'secret', 'secrets')} could not be read from the source under ${ctx.scanRoot}: identified by rule, file and message, so another tool's sighting of the same secret will not merge`);
  }
  return warnings;
}

export function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
