/**
 * Lines of scanned source files, read under the scan root when a report carries no snippet. Read
 * once per file per parse, at most MAX_SOURCE_BYTES each; a file that cannot be read is null (the
 * parse then falls back and says so). Nothing read here is kept in a finding: only hashes of it.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

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

/**
 * Source files a client sent with its reports (by path relative to the scan root): nothing is read
 * from disk. A path that leaves the scan root is refused by `sentSourcesProblem` before this.
 */
export function sentSources(scanRoot: string, files: readonly { path: string; text: string }[]): SourceFiles {
  const byPath = new Map(files.map((file) => [resolve(scanRoot, file.path), file.text]));
  const cache = new Map<string, readonly string[]>();
  return {
    lines(absolutePath) {
      const text = byPath.get(absolutePath);
      if (text === undefined) return null;
      let lines = cache.get(absolutePath);
      if (!lines) cache.set(absolutePath, (lines = splitLines(text)));
      return lines;
    },
  };
}

/** Why a sent source's path is not a file under the scan root, or null when it is. */
export function sentSourceProblem(path: string): string | null {
  if (isAbsolute(path)) return `${path}: a source path must be relative to the scan root`;
  const inside = relative('/root', resolve('/root', path));
  if (inside === '' || inside.startsWith('..') || inside.split(sep).includes('..')) return `${path}: a source path must stay inside the scan root`;
  return null;
}

/**
 * Source files read under the scan root, remembering the text of each one read (the CLI sends
 * those with the reports it imports through a running app).
 */
export function recordingSources(): SourceFiles & { read(): Map<string, string> } {
  const inner = createSourceFiles();
  const read = new Map<string, string>();
  return {
    lines(absolutePath) {
      const lines = inner.lines(absolutePath);
      if (lines !== null && !read.has(absolutePath)) read.set(absolutePath, lines.join('\n'));
      return lines;
    },
    read: () => read,
  };
}

/** Lines from..to (1-based, inclusive) of a file's lines, or null when the range is not in it. */
export function linesBetween(lines: readonly string[], from: number, to: number): string[] | null {
  if (from < 1 || from > lines.length) return null;
  return lines.slice(from - 1, Math.min(to, lines.length));
}
