/**
 * Results produced elsewhere, read into Warroom's run model: a Locust CSV set (a `*_stats.csv`,
 * its prefix, or a directory holding one set) or a k6 `--summary-export` JSON. Reading never
 * writes: the caller stores the run in one transaction, so a bad file stores nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { LoadSummary, LoadThreshold, LoadTick } from '../../../../shared/domain/load.js';
import type { LoadEngine } from '../../../../shared/domain/load-runs.js';
import { parseCsv } from '../locust/csv.js';
import { HistoryReader, LOCUST_PERCENTILE_NOTE, readLocustRun } from '../locust/locust-results.js';
import { readK6Summary } from './k6-summary.js';

export type ImportFormat = 'locust' | 'k6';

/** An import Warroom cannot read (missing files, the wrong format): says what and where. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface ImportedRun {
  engine: Exclude<LoadEngine, 'builtin'>;
  /** The files read, as absolute paths. */
  files: string[];
  /** What the run is called by default: the CSV prefix or the JSON file's name. */
  name: string;
  ticks: LoadTick[];
  summary: LoadSummary;
  notes: string[];
}

const LOCUST_SUFFIXES = ['_stats.csv', '_stats_history.csv', '_failures.csv', '_exceptions.csv'] as const;

/** The prefix of a Locust CSV set named by one of its files, its prefix, or its directory. */
function locustPrefix(path: string): string {
  if (existsSync(path) && statSync(path).isDirectory()) {
    const sets = readdirSync(path).filter((name) => name.endsWith('_stats.csv'));
    if (sets.length !== 1) {
      throw new ImportError(`${path}: expected one Locust CSV set (*_stats.csv) in the directory, found ${sets.length === 0 ? 'none' : sets.join(', ')}`);
    }
    return join(path, sets[0]!.slice(0, -'_stats.csv'.length));
  }
  const suffix = LOCUST_SUFFIXES.find((s) => path.endsWith(s));
  const prefix = suffix ? path.slice(0, -suffix.length) : path;
  if (!existsSync(`${prefix}_stats.csv`)) throw new ImportError(`${prefix}_stats.csv does not exist: name a Locust *_stats.csv, its prefix or its directory`);
  return prefix;
}

function readLocust(path: string, thresholds: LoadThreshold[]): ImportedRun {
  const prefix = locustPrefix(path);
  const present = LOCUST_SUFFIXES.map((suffix) => `${prefix}${suffix}`).filter((file) => existsSync(file));
  const read = (suffix: string) => {
    const file = `${prefix}${suffix}`;
    return existsSync(file) ? { file, rows: parseCsv(readFileSync(file, 'utf8')) } : undefined;
  };
  const stats = read('_stats.csv')!;
  const history = read('_stats_history.csv');
  // When it ran: the history's first and last stamps (Locust writes whole seconds), else the stats file's time.
  const seconds = history ? new HistoryReader(history.file).push(history.rows) : [];
  const endedAt = seconds.length > 0 ? seconds.at(-1)!.timestamp * 1000 : Math.round(statSync(stats.file).mtimeMs);
  const startedAt = seconds.length > 0 ? seconds[0]!.timestamp * 1000 : endedAt;
  const peakUsers = Math.max(0, ...seconds.map((s) => s.userCount));
  const { ticks, summary } = readLocustRun(
    { stats, failures: read('_failures.csv'), exceptions: read('_exceptions.csv'), history },
    { thresholds, stopReason: 'completed', startedAt, endedAt, workers: 1, users: peakUsers },
  );
  const missing = LOCUST_SUFFIXES.filter((suffix) => !existsSync(`${prefix}${suffix}`)).map((suffix) => `*${suffix}`);
  return {
    engine: 'locust',
    files: present,
    name: basename(prefix),
    ticks,
    summary,
    notes: [LOCUST_PERCENTILE_NOTE, ...(missing.length > 0 ? [`Not in the import: ${missing.join(', ')}.`] : [])],
  };
}

/** Reads results from `path`; the format is k6 for a .json file and Locust otherwise, unless named. */
export function readImport(path: string, options: { format?: ImportFormat | undefined; thresholds: LoadThreshold[] }): ImportedRun {
  if (!existsSync(path) && !existsSync(`${path}_stats.csv`)) throw new ImportError(`${path} does not exist`);
  const format = options.format ?? (path.endsWith('.json') ? 'k6' : 'locust');
  if (format === 'locust') return readLocust(path, options.thresholds);
  if (statSync(path).isDirectory()) throw new ImportError(`${path} is a directory: name the k6 --summary-export JSON file`);
  const { summary, notes } = readK6Summary(path, readFileSync(path, 'utf8'), { thresholds: options.thresholds, endedAt: Math.round(statSync(path).mtimeMs) });
  return { engine: 'k6', files: [path], name: basename(path, '.json'), ticks: [], summary, notes };
}
