/**
 * Lines of scanned source files, read under the scan root when a report carries no snippet. Read
 * once per file per parse, at most MAX_SOURCE_BYTES each; a file that cannot be read is null (the
 * parse then falls back and says so). Nothing read here is kept in a finding: only hashes of it.
 */
import { readFileSync, statSync } from 'node:fs';

const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

export interface SourceFiles {
  /** The file's lines (index 0 is line 1), or null when it cannot be read. */
  lines(absolutePath: string): readonly string[] | null;
}

export function splitLines(content: string): string[] {
  return content.split(/\r\n|\r|\n/);
}

export function createSourceFiles(): SourceFiles {
  const cache = new Map<string, readonly string[] | null>();
  return {
    lines(absolutePath) {
      const cached = cache.get(absolutePath);
      if (cached !== undefined) return cached;
      let lines: readonly string[] | null = null;
      try {
        const stat = statSync(absolutePath);
        if (stat.isFile() && stat.size <= MAX_SOURCE_BYTES) lines = splitLines(readFileSync(absolutePath, 'utf8'));
      } catch {
        // Not on this machine (scanned elsewhere, deleted since): the caller falls back and counts it.
        lines = null;
      }
      cache.set(absolutePath, lines);
      return lines;
    },
  };
}

/** Lines from..to (1-based, inclusive) of a file's lines, or null when the range is not in it. */
export function linesBetween(lines: readonly string[], from: number, to: number): string[] | null {
  if (from < 1 || from > lines.length) return null;
  return lines.slice(from - 1, Math.min(to, lines.length));
}
