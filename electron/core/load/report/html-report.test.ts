import { describe, expect, it } from 'vitest';
import type { LoadTick } from '../../../../shared/domain/load.js';
import { summaryHeadline } from '../../../../shared/domain/load-runs.js';
import type { LoadRunRecord, LoadSeriesPoint } from '../../../../shared/domain/load-runs.js';
import type { LoadEndpointStats } from '../../store/repos/load-runs-repo.js';
import { renderHtmlReport } from './html-report.js';
import { escapeHtml, html } from './html.js';
import { buildLoadRun, DEFAULT_ENDPOINTS } from './testing/load-run-fixtures.js';

const T0 = Date.UTC(2025, 4, 12, 14, 3, 0);
const HOSTILE = '<img src=x onerror=alert(1)>';

// Every tag the report writes; anything else in the output would be markup that leaked in.
const OUR_TAGS = new Set(
  ('html head meta title style body header main section footer p h1 h2 span div strong code dl dt dd br ' +
    'table thead tbody tfoot tr th td figure figcaption ul li svg g line path text').split(' '),
);

function fixture(options: Parameters<typeof buildLoadRun>[0] = {}) {
  const { ticks, summary } = buildLoadRun({ seconds: 40, startedAt: T0, ...options });
  const series: LoadSeriesPoint[] = ticks.map((t) => ({
    second: t.second,
    rps: t.total.rps,
    p50Ms: t.total.p50Ms,
    p90Ms: t.total.p90Ms,
    p95Ms: t.total.p95Ms,
    p99Ms: t.total.p99Ms,
    maxMs: t.total.maxMs,
    errorCount: t.total.errorCount,
    activeUsers: t.activeUsers,
  }));
  const { histogram: _h, ...total } = summary.total;
  const run: LoadRunRecord = {
    id: 7,
    profile: 'peak',
    scenario: 'goals',
    environment: 'staging',
    baseUrl: 'http://127.0.0.1:4010',
    actor: 'ana',
    model: 'closed',
    state: summary.outcome,
    startedAt: T0,
    endedAt: summary.endedAt,
    plannedMs: 40_000,
    decidedBy: summary.decidedBy,
    error: null,
    summary: { ...summary, total, endpoints: summary.endpoints.map(({ histogram: _e, ...rest }) => rest) },
    headline: summaryHeadline(summary),
    engine: 'builtin',
    engineDetail: null,
  };
  const stats: LoadEndpointStats[] = [{ ...summary.total, endpoint: '*' }, ...summary.endpoints];
  return { run, series, stats, ticks, summary };
}

function tagsOf(page: string): Set<string> {
  return new Set([...page.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase()));
}

describe('html report', () => {
  it('is one self-contained file: no script, no external resource, a CSP that forbids both', () => {
    const { run, series, stats } = fixture();
    const page = renderHtmlReport(run, series, stats);
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/\s(src|href|xlink:href)\s*=/i);
    expect(page).not.toMatch(/url\(|@import|@font-face/i);
    // The only URL in the file is the run's base URL, as text.
    const urls = [...page.matchAll(/[a-z]+:\/\/[^\s<"']+/gi)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://127.0.0.1:4010']));
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect([...tagsOf(page)].filter((tag) => !OUR_TAGS.has(tag))).toEqual([]);
  });

  it('draws throughput, latency, errors and active users as inline SVG charts', () => {
    const { run, series, stats } = fixture();
    const page = renderHtmlReport(run, series, stats);
    const charts = [...page.matchAll(/<figure class="chart">([\s\S]*?)<\/figure>/g)].map((m) => m[1]!);
    expect(charts).toHaveLength(4);
    expect(charts.map((chart) => /<span class="chart-title">([^<]+)<\/span>/.exec(chart)![1])).toEqual([
      'Throughput',
      'Latency',
      'Errors',
      'Active users',
    ]);
    for (const chart of charts) {
      expect(chart).toMatch(/<svg viewBox="0 0 \d+ \d+" role="img"/);
      expect(chart).toMatch(/<path d="M[\d.]+ [\d.]+/);
    }
    expect(charts[1]).toContain('>p95</li>');
    expect(charts[1]).toContain('>p99</li>');
    // A total latency threshold is drawn as a reference line with its expression.
    expect(charts[1]).toContain('class="marker"');
    expect(charts[1]).toContain('p(95) &lt; 500');
  });

  it('lists every endpoint with its percentiles, errors by kind and status codes, and the total', () => {
    const { run, series, stats, summary } = fixture();
    const page = renderHtmlReport(run, series, stats);
    const table = /<table class="endpoints">([\s\S]*?)<\/table>/.exec(page)![1]!;
    for (const header of ['Requests', 'RPS', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'Max', 'Errors by kind', 'Status codes']) {
      expect(table).toContain(`>${header}</th>`);
    }
    for (const endpoint of DEFAULT_ENDPOINTS) expect(table).toContain(escapeHtml(endpoint.endpoint));
    expect(table).toContain('<tfoot>');
    expect(table).toContain('All requests');
    const post = summary.endpoints.find((e) => e.endpoint === 'POST /api/v1/goals')!;
    expect(post.errors.status_5xx).toBeGreaterThan(0);
    expect(table).toContain(`5xx ${post.errors.status_5xx}`);
    expect(table).toContain(`<span>503: ${post.statusCodes['503']}</span>`);
  });

  it('shows the outcome, each threshold verdict and the one that decided a failed run', () => {
    const { run, series, stats } = fixture({ thresholds: [{ expression: 'p(95) < 40' }, { expression: 'rate(errors) < 0.05' }] });
    expect(run.state).toBe('failed');
    const page = renderHtmlReport(run, series, stats);
    expect(page).toContain('<div class="outcome state-failed">');
    expect(page).toMatch(/Decided by <strong>p\(95\) &lt; 40<\/strong> on all requests: actual [\d.]+ ms\./);
    expect(page).toContain('It ended because it ran its full course.');
    const verdicts = /<table class="verdicts">([\s\S]*?)<\/table>/.exec(page)![1]!;
    expect(verdicts.match(/<tr class="fail">/g)).toHaveLength(1);
    expect(verdicts.match(/<tr class="pass">/g)).toHaveLength(1);
    expect(verdicts).toContain('✗ fail');
    expect(verdicts).toContain('✓ pass');
    expect(page).toMatch(/Started<\/dt><dd>2025-05-12 14:03:00 UTC/);
    expect(page).toContain('<dt>Started by</dt><dd>ana</dd>');
    expect(page).toContain('<dt>Base URL</dt><dd><code>http://127.0.0.1:4010</code></dd>');
  });

  it('escapes names and messages from config or the target, so a report never runs them', () => {
    const endpoints = [...DEFAULT_ENDPOINTS, { endpoint: HOSTILE, weight: 1, medianMs: 30, errorRate: 0.5, errorKind: 'other' as const }];
    const { run, series, stats } = fixture({
      endpoints,
      thresholds: [{ expression: 'p(95) < 5000', endpoint: HOSTILE }],
    });
    const hostileRun: LoadRunRecord = {
      ...run,
      profile: 'peak"><script>alert(1)</script>',
      actor: "o'neil <b>",
      baseUrl: 'http://127.0.0.1:4010/"><svg onload=alert(1)>',
      state: 'aborted',
      error: '</p><iframe srcdoc="<script>alert(1)</script>">',
      decidedBy: null,
    };
    const page = renderHtmlReport(hostileRun, series, stats);
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain(escapeHtml(HOSTILE));
    expect(page).not.toMatch(/<script|<iframe|<img|<svg onload/i);
    expect(page).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(page).toContain('&lt;/p&gt;&lt;iframe srcdoc=&quot;');
    expect(page).toContain('o&#39;neil &lt;b&gt;');
    expect([...tagsOf(page)].filter((tag) => !OUR_TAGS.has(tag))).toEqual([]);
  });

  it('reports an interrupted run from its seconds: live verdicts and endpoints marked as upper bounds', () => {
    const { run, series, ticks } = fixture({ seconds: 15 });
    const interrupted: LoadRunRecord = {
      ...run,
      state: 'interrupted',
      summary: null,
      decidedBy: null,
      endedAt: T0 + 15_003,
      error: 'Warroom stopped while the run was going: 15 s kept, no summary',
    };
    const page = renderHtmlReport(interrupted, series, [], ticks);
    expect(page).toContain('<div class="outcome state-interrupted">');
    expect(page).toContain('Thresholds below are the live verdicts at second 15');
    expect(page).toContain('rebuilt from its stored seconds');
    const table = /<table class="endpoints">([\s\S]*?)<\/table>/.exec(page)![1]!;
    expect(table).toContain('≤ ');
    const requests = ticks.reduce((sum, t: LoadTick) => sum + t.total.requests, 0);
    expect(table).toContain(`>${requests.toLocaleString('en-US')}<`);
    expect(/<table class="verdicts">([\s\S]*?)<\/table>/.exec(page)![1]).toContain('p(95) &lt; 500');
  });

  it('says so when a run has no seconds yet instead of drawing empty axes', () => {
    const { run } = fixture();
    const page = renderHtmlReport({ ...run, state: 'running', summary: null, endedAt: null, decidedBy: null }, [], []);
    expect(page.match(/No seconds recorded/g)).toHaveLength(4);
    expect(page).toContain('No requests were recorded.');
    expect(page).toContain('Still running');
  });
});

describe('html tag', () => {
  it('escapes interpolated values but keeps nested html and joins arrays', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x" & \'y\''}">${inner}${['<', html`<br>`]}${null}${false}${0}</p>`.value).toBe(
      '<p title="&quot;x&quot; &amp; &#39;y&#39;"><b>&lt;i&gt;</b>&lt;<br>0</p>',
    );
  });
});
