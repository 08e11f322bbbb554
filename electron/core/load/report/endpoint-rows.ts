/**
 * The per-endpoint table of a report, from whatever a run has: stored endpoint stats (exact),
 * its summary, or, for a run that has neither (interrupted), its stored seconds. Rows rebuilt
 * from seconds are marked approximate: their percentiles are the worst second's (an upper
 * bound of the run's), p99.9 and status codes are unknown.
 */
import type { LoadErrorCounts, LoadStats, LoadTick, LoadTickStats } from '../../../../shared/domain/load.js';
import { LOAD_ERROR_KINDS } from '../../../../shared/domain/load.js';
import type { LoadRunRecord } from '../../../../shared/domain/load-runs.js';
import { TOTAL_ENDPOINT } from '../../store/repos/load-runs-repo.js';

export interface EndpointRow {
  endpoint: string;
  requests: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number | null;
  maxMs: number;
  errorCount: number;
  errorRate: number;
  errors: LoadErrorCounts;
  statusCodes: Record<string, number> | null;
  bytesIn: number;
  bytesOut: number;
}

export interface EndpointTable {
  total: EndpointRow | null;
  endpoints: EndpointRow[];
  /** Rebuilt from per-second ticks: percentiles are upper bounds. */
  approximate: boolean;
  /** Where the numbers came from, for a note under the table. */
  source: 'histograms' | 'ticks' | 'none';
}

const fromStats = (endpoint: string, stats: LoadStats): EndpointRow => ({
  endpoint,
  requests: stats.requests,
  rps: stats.rps,
  p50Ms: stats.p50Ms,
  p90Ms: stats.p90Ms,
  p95Ms: stats.p95Ms,
  p99Ms: stats.p99Ms,
  p999Ms: stats.p999Ms,
  maxMs: stats.maxMs,
  errorCount: stats.errorCount,
  errorRate: stats.errorRate,
  errors: stats.errors,
  statusCodes: stats.statusCodes,
  bytesIn: stats.bytesIn,
  bytesOut: stats.bytesOut,
});

function fromSeconds(endpoint: string, seconds: readonly LoadTickStats[], elapsedSeconds: number): EndpointRow {
  const sum = (pick: (s: LoadTickStats) => number): number => seconds.reduce((total, s) => total + pick(s), 0);
  const worst = (pick: (s: LoadTickStats) => number): number => seconds.reduce((top, s) => (s.requests > 0 ? Math.max(top, pick(s)) : top), 0);
  const requests = sum((s) => s.requests);
  const errorCount = sum((s) => s.errorCount);
  const errors = Object.fromEntries(LOAD_ERROR_KINDS.map((kind) => [kind, sum((s) => s.errors[kind])])) as LoadErrorCounts;
  return {
    endpoint,
    requests,
    rps: elapsedSeconds > 0 ? requests / elapsedSeconds : 0,
    p50Ms: worst((s) => s.p50Ms),
    p90Ms: worst((s) => s.p90Ms),
    p95Ms: worst((s) => s.p95Ms),
    p99Ms: worst((s) => s.p99Ms),
    p999Ms: null,
    maxMs: worst((s) => s.maxMs),
    errorCount,
    errorRate: requests > 0 ? errorCount / requests : 0,
    errors,
    statusCodes: null,
    bytesIn: sum((s) => s.bytesIn),
    bytesOut: sum((s) => s.bytesOut),
  };
}

/** The table from the best source the run has. */
export function endpointTable(
  run: LoadRunRecord,
  endpointStats: readonly (LoadStats & { endpoint: string })[],
  ticks?: readonly LoadTick[],
): EndpointTable {
  const stats = endpointStats.length > 0 ? endpointStats : run.summary ? [{ ...run.summary.total, endpoint: TOTAL_ENDPOINT }, ...run.summary.endpoints] : [];
  if (stats.length > 0) {
    const total = stats.find((s) => s.endpoint === TOTAL_ENDPOINT);
    return {
      total: total ? fromStats('All requests', total) : null,
      endpoints: stats.filter((s) => s !== total).map((s) => fromStats(s.endpoint, s)),
      approximate: false,
      source: 'histograms',
    };
  }
  if (!ticks || ticks.length === 0) return { total: null, endpoints: [], approximate: false, source: 'none' };
  const elapsedSeconds = ticks.at(-1)!.elapsedMs / 1000;
  const names = [...new Set(ticks.flatMap((tick) => tick.endpoints.map((e) => e.endpoint)))];
  return {
    total: fromSeconds('All requests', ticks.map((tick) => tick.total), elapsedSeconds),
    endpoints: names.map((name) =>
      fromSeconds(name, ticks.flatMap((tick) => tick.endpoints.filter((e) => e.endpoint === name)), elapsedSeconds),
    ),
    approximate: true,
    source: 'ticks',
  };
}
