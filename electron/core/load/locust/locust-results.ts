/**
 * Locust's CSV files in Warroom's run model. `*_stats.csv` gives the whole run per endpoint,
 * `*_failures.csv` the failures by error (sorted here into Warroom's kinds), `*_exceptions.csv`
 * errors of the locustfile itself, `*_stats_history.csv` (with --csv-full-history) one group of
 * rows per second: one per endpoint, then "Aggregated". Every figure is Locust's as written, never
 * recomputed: its percentiles are bucketed (response times rounded to 1 ms below 100 ms, 10 ms
 * below 1 s, 100 ms above), coarser than the built-in engine's HdrHistogram. One exception, the
 * ticks' requests/s: see TickBuilder.
 */
import { LOAD_ERROR_KINDS } from '../../../../shared/domain/load.js';
import type { LoadErrorCounts, LoadErrorKind, LoadStats, LoadStopReason, LoadSummary, LoadThreshold, LoadTick, LoadTickStats, ThresholdVerdict } from '../../../../shared/domain/load.js';
import { evaluateThreshold, parseThreshold } from '../thresholds.js';
import { reportedPercentile, summaryFacts } from '../summary-facts.js';
import type { CsvRow } from './csv.js';

/** A Locust CSV file Warroom cannot read: names the file and the line. */
export class LocustCsvError extends Error {
  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'LocustCsvError';
  }
}

export const LOCUST_PERCENTILE_NOTE =
  "Locust's percentiles are bucketed (response times rounded to 1 ms below 100 ms, 10 ms below 1 s, 100 ms above): coarser than the built-in engine's HdrHistogram.";

const TOTAL_NAME = 'Aggregated';

/** One endpoint (or the total) of `*_stats.csv`, with the percentiles Locust reported. */
export interface LocustEndpoint {
  label: string;
  stats: LoadStats;
  /** Percentile (e.g. 99.9) → ms, as Locust reported them; null when it had no requests. */
  percentiles: [number, number | null][];
}

/** The endpoint label: Locust names entries by (method, name); the plan's names already start with the method. */
export function endpointLabel(method: string, name: string): string {
  if (method === '' || name.startsWith(`${method} `)) return name;
  return `${method} ${name}`;
}

/** Sorts one of Locust's error texts into Warroom's kinds. */
export function errorKindOf(error: string): LoadErrorKind {
  if (/CatchResponseError/.test(error)) return 'expectation_failed';
  if (/ConnectionRefused|Connection refused/i.test(error)) return 'connection_refused';
  if (/ConnectionReset|RemoteDisconnected|Connection reset|Connection aborted/i.test(error)) return 'connection_reset';
  if (/Timeout|timed out/i.test(error)) return 'timeout';
  if (/\b5\d\d\b.*(Server Error|error)|HTTPError\('?5\d\d/i.test(error)) return 'status_5xx';
  if (/\b4\d\d\b.*(Client Error|error)|HTTPError\('?4\d\d/i.test(error)) return 'status_4xx';
  return 'other';
}

export const noErrors = (): LoadErrorCounts => ({ status_5xx: 0, status_4xx: 0, timeout: 0, connection_refused: 0, connection_reset: 0, expectation_failed: 0, other: 0 });

/** A header's columns by name; a missing column is an error naming it. */
function columnsOf(file: string, header: CsvRow, required: readonly string[]): Map<string, number> {
  const columns = new Map(header.fields.map((name, index) => [name, index]));
  const missing = required.filter((name) => !columns.has(name));
  if (missing.length > 0) throw new LocustCsvError(file, header.line, `not a Locust CSV header: missing ${missing.join(', ')}`);
  return columns;
}

function percentileColumns(header: CsvRow): [number, number][] {
  return header.fields.flatMap((name, index) => {
    const match = /^(\d+(?:\.\d+)?)%$/.exec(name);
    return match ? [[Number(match[1]), index] as [number, number]] : [];
  });
}

/** Reads fields of one row by column name, with errors naming the file, line and column. */
function reader(file: string, row: CsvRow, columns: Map<string, number>) {
  const raw = (name: string): string => row.fields[columns.get(name)!] ?? '';
  const number = (name: string): number => {
    const value = Number(raw(name));
    if (raw(name) === '' || !Number.isFinite(value) || value < 0) throw new LocustCsvError(file, row.line, `${name}: expected a number, got "${raw(name)}"`);
    return value;
  };
  /** A latency or rate; Locust writes N/A when there were no requests. */
  const optional = (name: string): number | null => (raw(name) === 'N/A' ? null : number(name));
  const count = (name: string): number => {
    const value = number(name);
    if (!Number.isInteger(value)) throw new LocustCsvError(file, row.line, `${name}: expected a whole number, got "${raw(name)}"`);
    return value;
  };
  return { raw, number, optional, count };
}

const STATS_COLUMNS = [
  'Type', 'Name', 'Request Count', 'Failure Count', 'Average Response Time', 'Min Response Time', 'Max Response Time', 'Average Content Size', 'Requests/s',
] as const;

/** `*_failures.csv`: occurrences by endpoint label, sorted into kinds. */
export function readFailures(file: string, rows: CsvRow[]): Map<string, LoadErrorCounts> {
  const byLabel = new Map<string, LoadErrorCounts>();
  if (rows.length === 0) return byLabel;
  const columns = columnsOf(file, rows[0]!, ['Method', 'Name', 'Error', 'Occurrences']);
  for (const row of rows.slice(1)) {
    const field = reader(file, row, columns);
    const label = endpointLabel(field.raw('Method'), field.raw('Name'));
    const counts = byLabel.get(label) ?? noErrors();
    counts[errorKindOf(field.raw('Error'))] += field.count('Occurrences');
    byLabel.set(label, counts);
  }
  return byLabel;
}

/** `*_exceptions.csv`: errors raised by the locustfile's own code, one line each ("6× the task itself broke"). */
export function readExceptions(file: string, rows: CsvRow[]): string[] {
  if (rows.length === 0) return [];
  const columns = columnsOf(file, rows[0]!, ['Count', 'Message']);
  return rows.slice(1).map((row) => {
    const field = reader(file, row, columns);
    return `${field.count('Count')}× ${field.raw('Message')}`;
  });
}

/**
 * `*_stats.csv`: the total (the "Aggregated" row) and each endpoint. Failures Locust counted but
 * `*_failures.csv` does not explain (or when it is absent) count as kind "other".
 */
export function readStats(file: string, rows: CsvRow[], failures: Map<string, LoadErrorCounts>): { total: LocustEndpoint; endpoints: LocustEndpoint[] } {
  if (rows.length === 0) throw new LocustCsvError(file, 1, 'empty: expected a Locust *_stats.csv');
  const header = rows[0]!;
  const columns = columnsOf(file, header, STATS_COLUMNS);
  const percentileAt = percentileColumns(header);
  let total: LocustEndpoint | undefined;
  const endpoints: LocustEndpoint[] = [];
  for (const row of rows.slice(1)) {
    const field = reader(file, row, columns);
    const isTotal = field.raw('Name') === TOTAL_NAME && field.raw('Type') === '';
    const label = isTotal ? TOTAL_NAME : endpointLabel(field.raw('Type'), field.raw('Name'));
    const requests = field.count('Request Count');
    const errorCount = field.count('Failure Count');
    if (errorCount > requests) throw new LocustCsvError(file, row.line, `Failure Count ${errorCount} exceeds Request Count ${requests}`);
    const percentiles = percentileAt.map(([percentile, index]): [number, number | null] => {
      const text = row.fields[index] ?? '';
      if (text === 'N/A') return [percentile, null];
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) throw new LocustCsvError(file, row.line, `${header.fields[index]}: expected a number, got "${text}"`);
      return [percentile, value];
    });
    const errors = isTotal ? sumErrors([...failures.values()]) : (failures.get(label) ?? noErrors());
    const explained = Object.values(errors).reduce((sum, n) => sum + n, 0);
    if (explained < errorCount) errors.other += errorCount - explained;
    const at = (percentile: number): number => reportedPercentile(percentiles, percentile) ?? 0;
    const entry: LocustEndpoint = {
      label,
      percentiles,
      stats: {
        requests,
        rps: field.number('Requests/s'),
        minMs: requests > 0 ? (field.optional('Min Response Time') ?? 0) : 0,
        meanMs: requests > 0 ? (field.optional('Average Response Time') ?? 0) : 0,
        p50Ms: at(50),
        p90Ms: at(90),
        p95Ms: at(95),
        p99Ms: at(99),
        p999Ms: at(99.9),
        maxMs: requests > 0 ? (field.optional('Max Response Time') ?? 0) : 0,
        errors,
        errorCount,
        errorRate: requests > 0 ? errorCount / requests : 0,
        statusCodes: {},
        bytesIn: Math.round((field.optional('Average Content Size') ?? 0) * requests),
        bytesOut: 0,
        startedLate: 0,
        skipped: 0,
        dropped: 0,
      },
    };
    if (isTotal) total = entry;
    else endpoints.push(entry);
  }
  if (!total) throw new LocustCsvError(file, rows[rows.length - 1]!.line, 'no "Aggregated" row: the file is cut short or not a Locust *_stats.csv');
  return { total, endpoints };
}

function sumErrors(all: LoadErrorCounts[]): LoadErrorCounts {
  const sum = noErrors();
  for (const counts of all) for (const kind of LOAD_ERROR_KINDS) sum[kind] += counts[kind];
  return sum;
}

/** Judges thresholds on Locust's figures; an endpoint nobody called has no data, so its threshold does not pass. */
export function judgeLocust(thresholds: LoadThreshold[], total: LocustEndpoint, endpoints: LocustEndpoint[]): ThresholdVerdict[] {
  return thresholds.map((threshold) => {
    const entry = threshold.endpoint === undefined ? total : endpoints.find((e) => e.label === threshold.endpoint);
    const { actual, passed } = entry ? evaluateThreshold(parseThreshold(threshold.expression), summaryFacts(entry)) : { actual: null, passed: false };
    return {
      expression: threshold.expression,
      ...(threshold.endpoint !== undefined ? { endpoint: threshold.endpoint } : {}),
      actual,
      passed,
      abortOnFail: threshold.abortOnFail,
    };
  });
}

// ---- *_stats_history.csv: one tick per group of rows ----

const HISTORY_COLUMNS = ['Timestamp', 'User Count', 'Type', 'Name', 'Requests/s', 'Total Request Count', 'Total Failure Count', 'Total Average Response Time', 'Total Min Response Time', 'Total Max Response Time'] as const;

interface HistoryEntry {
  label: string;
  stats: LoadStats;
  percentiles: [number, number | null][];
  /** Cumulative counts, to take this second's share. */
  totalRequests: number;
  totalFailures: number;
}

/** A second as Locust wrote it: its rows, ended by the Aggregated one. */
export interface LocustSecond {
  timestamp: number;
  userCount: number;
  total: HistoryEntry;
  endpoints: HistoryEntry[];
}

/**
 * Reads `*_stats_history.csv` row by row as it grows (or all at once): push complete rows, get
 * the seconds they complete. The first row must be the header.
 */
export class HistoryReader {
  private columns: Map<string, number> | null = null;
  private percentileAt: [number, number][] = [];
  private pending: HistoryEntry[] = [];

  constructor(private readonly file: string) {}

  push(rows: CsvRow[]): LocustSecond[] {
    const seconds: LocustSecond[] = [];
    for (const row of rows) {
      if (!this.columns) {
        this.columns = columnsOf(this.file, row, HISTORY_COLUMNS);
        this.percentileAt = percentileColumns(row);
        continue;
      }
      const field = reader(this.file, row, this.columns);
      const isTotal = field.raw('Name') === TOTAL_NAME && field.raw('Type') === '';
      const totalRequests = field.count('Total Request Count');
      const totalFailures = field.count('Total Failure Count');
      const percentiles = this.percentileAt.map(([percentile, index]): [number, number | null] => {
        const text = row.fields[index] ?? '';
        const value = Number(text);
        return [percentile, text === 'N/A' || text === '' || !Number.isFinite(value) ? null : value];
      });
      const at = (percentile: number): number => reportedPercentile(percentiles, percentile) ?? 0;
      const entry: HistoryEntry = {
        label: isTotal ? TOTAL_NAME : endpointLabel(field.raw('Type'), field.raw('Name')),
        totalRequests,
        totalFailures,
        percentiles,
        stats: {
          requests: totalRequests,
          rps: field.number('Requests/s'),
          minMs: field.optional('Total Min Response Time') ?? 0,
          meanMs: field.optional('Total Average Response Time') ?? 0,
          p50Ms: at(50),
          p90Ms: at(90),
          p95Ms: at(95),
          p99Ms: at(99),
          p999Ms: at(99.9),
          maxMs: field.optional('Total Max Response Time') ?? 0,
          errors: { ...noErrors(), other: totalFailures },
          errorCount: totalFailures,
          errorRate: totalRequests > 0 ? totalFailures / totalRequests : 0,
          statusCodes: {},
          bytesIn: 0,
          bytesOut: 0,
          startedLate: 0,
          skipped: 0,
          dropped: 0,
        },
      };
      if (!isTotal) {
        this.pending.push(entry);
        continue;
      }
      seconds.push({ timestamp: field.count('Timestamp'), userCount: field.count('User Count'), total: entry, endpoints: this.pending });
      this.pending = [];
    }
    return seconds;
  }
}

/** Locust writes a group of history rows once a second (its CSV_STATS_INTERVAL_SEC). */
const HISTORY_INTERVAL_SECONDS = 1;

/**
 * Turns Locust's seconds into ticks, numbered 1, 2, 3… in the order written (Locust stamps whole
 * seconds, and its last row at quit may share the previous one's stamp). A tick's requests and
 * failures are the growth of Locust's totals since the previous row, and its rps is those requests
 * over the second the row covers, as the built-in engine counts a second. Not Locust's own
 * "Requests/s": 2.12 averages its per-second counts from the run's start (then over the last 10 s)
 * up to 3 s ago, so it reads 0 for the first seconds of load and lags every change after. The
 * percentiles are Locust's "current" ones (a sliding window of about 10 s). Failures count as kind
 * "other" until the run's end sorts them by `*_failures.csv`. Live verdicts judge the totals so far
 * (a rate threshold the mean rate since the run began).
 */
export class TickBuilder {
  private previous = new Map<string, { requests: number; failures: number }>();
  private second = 0;
  private firstTimestamp: number | null = null;

  /** Ticks made so far. */
  get seconds(): number {
    return this.second;
  }

  constructor(
    private readonly thresholds: LoadThreshold[],
    private readonly target: number,
  ) {}

  tick(locust: LocustSecond): LoadTick {
    this.firstTimestamp ??= locust.timestamp;
    this.second += 1;
    const slice = (entry: HistoryEntry): LoadTickStats => {
      const before = this.previous.get(entry.label) ?? { requests: 0, failures: 0 };
      this.previous.set(entry.label, { requests: entry.totalRequests, failures: entry.totalFailures });
      const requests = Math.max(0, entry.totalRequests - before.requests);
      const errorCount = Math.max(0, entry.totalFailures - before.failures);
      const { stats } = entry;
      return {
        requests,
        rps: requests / HISTORY_INTERVAL_SECONDS,
        p50Ms: stats.p50Ms,
        p90Ms: stats.p90Ms,
        p95Ms: stats.p95Ms,
        p99Ms: stats.p99Ms,
        maxMs: reportedPercentile(entry.percentiles, 100) ?? 0,
        errors: { ...noErrors(), other: errorCount },
        errorCount,
        bytesIn: 0,
        bytesOut: 0,
        startedLate: 0,
        skipped: 0,
      };
    };
    const total = slice(locust.total);
    const endpoints = locust.endpoints.map((entry) => ({ endpoint: entry.label, ...slice(entry) }));
    // Live verdicts judge the run so far: its rate is the mean since the run began, a second before
    // the first row (whose requests came in that second), as the final *_stats.csv's is over the
    // run; not Locust's trailing Requests/s, which lags by seconds.
    const elapsedS = locust.timestamp - this.firstTimestamp + HISTORY_INTERVAL_SECONDS;
    const soFar = (entry: HistoryEntry): LocustEndpoint => ({ ...entry, stats: { ...entry.stats, rps: entry.totalRequests / elapsedS } });
    return {
      second: this.second,
      elapsedMs: (locust.timestamp - this.firstTimestamp) * 1000,
      activeUsers: locust.userCount,
      inFlight: 0,
      target: this.target,
      total,
      endpoints,
      thresholds: judgeLocust(this.thresholds, soFar(locust.total), locust.endpoints.map(soFar)),
    };
  }
}

// ---- A whole run ----

/** The CSV set of one run, parsed: `*_stats.csv` is required, the others optional. */
export interface LocustCsvSet {
  stats: { file: string; rows: CsvRow[] };
  failures?: { file: string; rows: CsvRow[] } | undefined;
  exceptions?: { file: string; rows: CsvRow[] } | undefined;
  history?: { file: string; rows: CsvRow[] } | undefined;
}

export interface LocustRunFacts {
  thresholds: LoadThreshold[];
  stopReason: LoadStopReason;
  /** When the run started and ended (epoch ms); for an import, from the history's stamps. */
  startedAt: number;
  endedAt: number;
  workers: number;
  /** Users the run asked for (the ticks' target). */
  users: number;
  /** An engine failure to report beside the figures. */
  error?: string | undefined;
}

/** A Locust run in Warroom's model: its ticks (from the history) and its summary (from the stats). */
export function readLocustRun(set: LocustCsvSet, facts: LocustRunFacts): { ticks: LoadTick[]; summary: LoadSummary } {
  const failures = set.failures ? readFailures(set.failures.file, set.failures.rows) : new Map<string, LoadErrorCounts>();
  const exceptions = set.exceptions ? readExceptions(set.exceptions.file, set.exceptions.rows) : [];
  const { total, endpoints } = readStats(set.stats.file, set.stats.rows, failures);
  const builder = new TickBuilder(facts.thresholds, facts.users);
  const ticks = set.history ? new HistoryReader(set.history.file).push(set.history.rows).map((second) => builder.tick(second)) : [];
  const thresholds = judgeLocust(facts.thresholds, total, endpoints);
  const firstFailed = thresholds.find((verdict) => !verdict.passed) ?? null;
  const reason = facts.stopReason;
  const outcome =
    reason === 'interrupted' ? 'interrupted' : reason === 'stopped' || reason === 'error' ? 'aborted' : firstFailed ? 'failed' : 'passed';
  const errors = [facts.error, exceptions.length > 0 ? `exceptions in the locustfile: ${exceptions.join('; ')}` : undefined].filter((e) => e !== undefined);
  return {
    ticks,
    summary: {
      outcome,
      stopReason: reason,
      decidedBy: outcome === 'failed' ? firstFailed : null,
      ...(errors.length > 0 ? { error: errors.join('. ') } : {}),
      model: 'closed',
      workers: facts.workers,
      startedAt: facts.startedAt,
      endedAt: facts.endedAt,
      durationMs: Math.max(0, facts.endedAt - facts.startedAt),
      seconds: ticks.length,
      total: total.stats,
      endpoints: endpoints.map((entry) => ({ endpoint: entry.label, ...entry.stats })),
      thresholds,
    },
  };
}
