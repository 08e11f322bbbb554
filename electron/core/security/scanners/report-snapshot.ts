/**
 * Which reports a scanner run wrote. A report file left from an earlier run must never pass for
 * this run's result (a scanner that crashed before writing would look clean), so the report
 * files are noted before the run and only those new or rewritten since count.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const REPORT_FILE = /\.(sarif|json)$/i;

export interface ReportTarget {
  kind: 'file' | 'folder';
  /** Absolute. */
  path: string;
  /** As configured (relative to the scanner's cwd), for messages. */
  shown: string;
}

type Seen = Map<string, { mtimeMs: number; size: number; ino: number }>;

export interface ReportSnapshot {
  /** The reports written since the snapshot (absolute paths, name order), or why there are none. */
  written(): { files: string[] } | { problem: string };
}

export function snapshotReports(target: ReportTarget): ReportSnapshot {
  const before = look(target);
  return {
    written() {
      const after = look(target);
      const fresh = [...after.keys()].filter((path) => {
        const was = before.get(path);
        const now = after.get(path)!;
        return was === undefined || was.mtimeMs !== now.mtimeMs || was.size !== now.size || was.ino !== now.ino;
      });
      if (fresh.length > 0) return { files: fresh.sort() };
      if (target.kind === 'file') {
        const stale = after.get(target.path);
        return {
          problem: stale
            ? `report not written: ${target.shown} is from an earlier run (last written ${new Date(stale.mtimeMs).toISOString()})`
            : `report not written: no ${target.shown}`,
        };
      }
      return { problem: `report not written: no new report (*.sarif, *.json) in ${target.shown}${after.size > 0 ? ` (${after.size} from earlier runs left alone)` : ''}` };
    },
  };
}

function look(target: ReportTarget): Seen {
  const seen: Seen = new Map();
  const note = (path: string) => {
    try {
      const stat = statSync(path);
      if (stat.isFile()) seen.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, ino: stat.ino });
    } catch {
      // not there (yet): nothing to note
    }
  };
  if (target.kind === 'file') {
    note(target.path);
    return seen;
  }
  let names: string[];
  try {
    names = readdirSync(target.path);
  } catch {
    return seen;
  }
  for (const name of names) if (REPORT_FILE.test(name)) note(join(target.path, name));
  return seen;
}
