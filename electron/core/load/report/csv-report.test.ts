import { describe, expect, it } from 'vitest';
import { summaryHeadline } from '../../../../shared/domain/load-runs.js';
import type { LoadRunRecord } from '../../../../shared/domain/load-runs.js';
import { csvField, csvText, renderCsv } from './csv-report.js';
import { buildLoadRun } from './testing/load-run-fixtures.js';

const TRICKY = 'GET /search?q=a,b "quoted"';

/** RFC 4180 reader, for checking what the writer wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return rows;
}

function fixture() {
  const { ticks, summary } = buildLoadRun({
    seconds: 5,
    endpoints: [
      { endpoint: TRICKY, weight: 1, medianMs: 20 },
      { endpoint: '=HYPERLINK("http://evil")', weight: 1, medianMs: 20, errorRate: 0.5, errorKind: 'connection_refused' },
    ],
  });
  const run: LoadRunRecord = {
    id: 3, profile: 'smoke', scenario: 'search', environment: 'staging', baseUrl: 'http://127.0.0.1:4010', actor: 'ana',
    model: 'closed', state: summary.outcome, startedAt: summary.startedAt, endedAt: summary.endedAt, plannedMs: 5000,
    decidedBy: summary.decidedBy, error: null, summary, headline: summaryHeadline(summary), engine: 'builtin', engineDetail: null,
  };
  const series = ticks.map((t) => ({ second: t.second, rps: t.total.rps, p50Ms: t.total.p50Ms, p90Ms: t.total.p90Ms, p95Ms: t.total.p95Ms,
    p99Ms: t.total.p99Ms, maxMs: t.total.maxMs, errorCount: t.total.errorCount, activeUsers: t.activeUsers }));
  return { run, series, summary, stats: [{ ...summary.total, endpoint: '*' }, ...summary.endpoints] };
}

describe('csv report', () => {
  it('quotes a field with a comma or a quote and doubles its quotes', () => {
    expect(csvField(TRICKY)).toBe('"GET /search?q=a,b ""quoted"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(null)).toBe('');
  });

  it('writes a per-second section and a per-endpoint section with CRLF line ends', () => {
    const { run, series, summary, stats } = fixture();
    const text = renderCsv(run, series, stats);
    expect(text.endsWith('\r\n')).toBe(true);
    // No field here holds a line break, so every \n belongs to a CRLF.
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const rows = parseCsv(text);
    const blank = rows.findIndex((row) => row.length === 1 && row[0] === '');
    const [secondHeader, ...seconds] = rows.slice(0, blank);
    const [endpointHeader, ...endpoints] = rows.slice(blank + 1);
    expect(secondHeader).toEqual(['section', 'second', 'rps', 'p50_ms', 'p90_ms', 'p95_ms', 'p99_ms', 'max_ms', 'error_count', 'active_users']);
    expect(seconds).toHaveLength(5);
    expect(seconds[2]).toEqual(['per_second', '3', ...[series[2]!.rps, series[2]!.p50Ms, series[2]!.p90Ms, series[2]!.p95Ms, series[2]!.p99Ms, series[2]!.maxMs, series[2]!.errorCount, series[2]!.activeUsers].map(String)]);
    expect(endpointHeader!.slice(0, 4)).toEqual(['section', 'scope', 'endpoint', 'requests']);
    expect(endpoints.map((row) => row.slice(0, 3))).toEqual([
      ['per_endpoint', 'total', ''],
      ['per_endpoint', 'endpoint', TRICKY],
      // A name that a spreadsheet would evaluate is defused.
      ['per_endpoint', 'endpoint', `'=HYPERLINK("http://evil")`],
    ]);
    const column = (name: string) => endpointHeader!.indexOf(name);
    expect(endpoints[0]![column('requests')]).toBe(String(summary.total.requests));
    expect(endpoints[2]![column('errors_connection_refused')]).toBe(String(summary.endpoints[1]!.errors.connection_refused));
    expect(endpoints[1]![column('status_codes')]).toBe(`200:${summary.endpoints[0]!.statusCodes['200']}`);
    expect(rows.every((row, i) => i === blank || row.length === (i < blank ? secondHeader : endpointHeader)!.length)).toBe(true);
  });

  it('defuses only text that a spreadsheet would read as a formula', () => {
    expect(['=1+1', '+1', '-x', '@SUM(A1)', 'GET /a'].map(csvText)).toEqual(["'=1+1", "'+1", "'-x", "'@SUM(A1)", 'GET /a']);
  });
});
