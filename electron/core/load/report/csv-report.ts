/**
 * CSV export of a run (RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote
 * or a line break, quotes doubled). Two sections, each with its own header row and its name in
 * the first column, separated by an empty line: the per-second series, then the endpoints.
 */
import { LOAD_ERROR_KINDS } from '../../../../shared/domain/load.js';
import type { LoadRunRecord, LoadSeriesPoint } from '../../../../shared/domain/load-runs.js';
import type { LoadEndpointStats } from '../../store/repos/load-runs-repo.js';
import { endpointTable, type EndpointRow } from './endpoint-rows.js';

type Cell = string | number | null;

/** One field, quoted when it must be. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Text from config or the target, defused for spreadsheets: a leading =, +, -, @, tab or CR
 * would make Excel or LibreOffice evaluate the cell as a formula.
 */
export function csvText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const line = (cells: readonly Cell[]): string => cells.map(csvField).join(',');

const SECOND_COLUMNS = ['second', 'rps', 'p50_ms', 'p90_ms', 'p95_ms', 'p99_ms', 'max_ms', 'error_count', 'active_users'];
const ENDPOINT_COLUMNS = [
  'scope', 'endpoint', 'requests', 'rps', 'p50_ms', 'p90_ms', 'p95_ms', 'p99_ms', 'p999_ms', 'max_ms',
  'error_count', 'error_rate', ...LOAD_ERROR_KINDS.map((kind) => `errors_${kind}`), 'status_codes', 'bytes_in', 'bytes_out', 'approximate',
];

function endpointCells(scope: 'total' | 'endpoint', row: EndpointRow, approximate: boolean): Cell[] {
  return [
    scope,
    scope === 'total' ? '' : csvText(row.endpoint),
    row.requests, row.rps, row.p50Ms, row.p90Ms, row.p95Ms, row.p99Ms, row.p999Ms, row.maxMs,
    row.errorCount, row.errorRate, ...LOAD_ERROR_KINDS.map((kind) => row.errors[kind]),
    row.statusCodes ? Object.entries(row.statusCodes).map(([code, count]) => `${code}:${count}`).join(' ') : null,
    row.bytesIn, row.bytesOut, approximate ? 1 : 0,
  ];
}

/** The run as CSV; latencies in ms, error_rate a fraction, status_codes as "200:981 503:4". */
export function renderCsv(run: LoadRunRecord, series: readonly LoadSeriesPoint[], endpointStats: readonly LoadEndpointStats[]): string {
  const table = endpointTable(run, endpointStats);
  const rows: string[] = [
    line(['section', ...SECOND_COLUMNS]),
    ...series.map((p) => line(['per_second', p.second, p.rps, p.p50Ms, p.p90Ms, p.p95Ms, p.p99Ms, p.maxMs, p.errorCount, p.activeUsers])),
    '',
    line(['section', ...ENDPOINT_COLUMNS]),
    ...(table.total ? [line(['per_endpoint', ...endpointCells('total', table.total, table.approximate)])] : []),
    ...table.endpoints.map((row) => line(['per_endpoint', ...endpointCells('endpoint', row, table.approximate)])),
  ];
  return `${rows.join('\r\n')}\r\n`;
}
