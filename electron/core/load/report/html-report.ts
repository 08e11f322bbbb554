/**
 * The HTML report of a load run: one self-contained file (inline CSS and SVG, no script, no
 * external resource; a CSP forbids them too) that opens offline and prints, for the go/no-go
 * record. Every string from config or from the target goes through the escaping `html` tag.
 */
import type { LoadTick, ThresholdVerdict } from '../../../../shared/domain/load.js';
import type { LoadRunRecord, LoadSeriesPoint } from '../../../../shared/domain/load-runs.js';
import type { LoadEndpointStats } from '../../store/repos/load-runs-repo.js';
import { parseThreshold } from '../thresholds.js';
import type { ParsedThreshold } from '../thresholds.js';
import { endpointTable, type EndpointRow, type EndpointTable } from './endpoint-rows.js';
import { formatDuration } from '../../../../shared/format/durations.js';
import { errorKinds, formatActual, LOAD_STATE_WORDS, LOAD_STOP_REASONS } from '../../../../shared/format/load.js';
import { formatInt, formatMs, formatPercent, formatRate } from '../../../../shared/format/numbers.js';
import { formatTime } from './report-time.js';
import { html, raw, type Html } from './html.js';
import { renderReportPage, type ReportPage } from './report-page.js';
import { renderChart } from './svg-chart.js';
import { baselineSection, exceptionsSection, type ReportContext } from './baseline-section.js';
import type { RunResource } from '../../../../shared/domain/monitoring.js';
import { resourcesSection } from './resource-charts.js';

const COLORS = { rps: '#1f6feb', p50: '#2da44e', p95: '#bf8700', p99: '#cf222e', errors: '#cf222e', users: '#8250df', threshold: '#24292f' };

const OUTCOME_MARKS: Record<LoadRunRecord['state'], string> = { running: '…', passed: '✓', failed: '✗', aborted: '■', interrupted: '!' };

function parsed(expression: string): ParsedThreshold | null {
  try {
    return parseThreshold(expression);
  } catch {
    return null;
  }
}

const scopeOf = (verdict: ThresholdVerdict): string => verdict.endpoint ?? 'all requests';

function verdictsOf(run: LoadRunRecord, ticks?: readonly LoadTick[]): { verdicts: ThresholdVerdict[]; live: LoadTick | null } {
  if (run.summary) return { verdicts: run.summary.thresholds, live: null };
  const last = ticks?.at(-1) ?? null;
  return { verdicts: last?.thresholds ?? [], live: last };
}

/** One or two sentences on the outcome and what decided it. */
function decision(run: LoadRunRecord, verdicts: readonly ThresholdVerdict[], live: LoadTick | null): Html {
  const summary = run.summary;
  const reason = summary ? html` It ended because ${LOAD_STOP_REASONS[summary.stopReason]}.` : '';
  const decidedBy = run.decidedBy ?? summary?.decidedBy ?? null;
  if (decidedBy) {
    return html`Decided by <strong>${decidedBy.expression}</strong> on ${scopeOf(decidedBy)}: actual ${formatActual(decidedBy)}${decidedBy.abortOnFail ? ' (abort on fail)' : ''}.${reason}`;
  }
  const failed = verdicts.filter((v) => !v.passed).length;
  switch (run.state) {
    case 'passed':
      return verdicts.length > 0 ? html`All ${verdicts.length} thresholds passed.${reason}` : html`No thresholds were set.${reason}`;
    case 'failed':
      return html`${failed} of ${verdicts.length} thresholds failed.${reason}`;
    case 'aborted':
      return html`Aborted: ${summary ? LOAD_STOP_REASONS[summary.stopReason] : 'the engine could not carry it out'}${run.error ? html` — ${run.error}` : ''}.`;
    case 'interrupted':
      return html`${run.error ?? 'Warroom stopped while the run was going'}.${reason}${
        live ? html` Thresholds below are the live verdicts at second ${live.second}, over everything until then.` : ''
      }`;
    case 'running':
      return html`Still running: this report covers the seconds stored so far.`;
  }
}

function fact(label: string, value: unknown): Html {
  return html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

function facts(run: LoadRunRecord): Html {
  const summary = run.summary;
  const durationMs = summary?.durationMs ?? (run.endedAt !== null ? run.endedAt - run.startedAt : null);
  return html`<dl class="facts">
${fact('Profile', run.profile)}${fact('Scenario', run.scenario)}${fact('Environment', run.environment)}
${fact('Base URL', html`<code>${run.baseUrl}</code>`)}${fact('Model', run.model === 'closed' ? 'closed (virtual users)' : 'open (arrival rate)')}${fact('Started by', run.actor)}
${fact('Started', formatTime(run.startedAt))}${fact('Ended', run.endedAt === null ? '—' : formatTime(run.endedAt))}
${fact('Duration', durationMs === null ? '—' : html`${formatDuration(durationMs)} <span class="muted">of ${formatDuration(run.plannedMs)} planned</span>`)}
${summary ? fact('Workers', summary.workers) : ''}${fact('Run', `#${run.id}`)}
${fact('Engine', engineWords(run))}
</dl>${engineNotes(run)}`;
}

const ENGINE_WORDS = { builtin: 'Warroom (HdrHistogram percentiles)', locust: 'Locust', k6: 'k6' } as const;

/** Which engine measured the run, and how it came to Warroom. */
function engineWords(run: LoadRunRecord): Html {
  const detail = run.engineDetail;
  const how = detail === null ? '' : detail.source === 'import' ? ' · imported' : ' · run by Warroom';
  const version = detail?.version ? ` ${detail.version}` : '';
  return html`${ENGINE_WORDS[run.engine]}${version}${how}`;
}

/** What a reader must know about another engine's figures: the command, remote workers, coarser percentiles, the files. */
function engineNotes(run: LoadRunRecord): Html {
  const detail = run.engineDetail;
  if (!detail) return html``;
  const items: Html[] = [
    ...detail.notes.map((note) => html`<li>${note}</li>`),
    ...(detail.command ? [html`<li>Command: <code>${detail.command}</code></li>`] : []),
    ...(detail.workerCommand ? [html`<li>${detail.workers} worker(s) expected; on another machine: <code>${detail.workerCommand}</code></li>`] : []),
    ...(detail.files.length > 0 ? [html`<li>${detail.source === 'import' ? 'Imported from' : 'Files'}: ${detail.files.map((file) => html`<code>${file}</code> `)}</li>`] : []),
  ];
  return html`<ul class="engine-notes">${items}</ul>`;
}

function headline(table: EndpointTable): Html {
  const total = table.total;
  if (!total) return html``;
  const approx = table.approximate ? '≤ ' : '';
  const tile = (label: string, value: string, bad = false) => html`<div class="tile${bad ? ' bad' : ''}"><span>${label}</span><strong>${value}</strong></div>`;
  return html`<div class="tiles">
${tile('Requests', formatInt(total.requests))}${tile('Throughput', `${formatRate(total.rps)}/s`)}
${tile('p50', `${approx}${formatMs(total.p50Ms)} ms`)}${tile('p95', `${approx}${formatMs(total.p95Ms)} ms`)}${tile('p99', `${approx}${formatMs(total.p99Ms)} ms`)}
${tile('Errors', `${formatInt(total.errorCount)} (${formatPercent(total.errorRate)})`, total.errorCount > 0)}
</div>`;
}

function thresholdTable(verdicts: readonly ThresholdVerdict[]): Html {
  if (verdicts.length === 0) return html`<p class="muted">No thresholds were set for this run.</p>`;
  return html`<table class="verdicts"><thead><tr><th>Threshold</th><th>On</th><th class="num">Actual</th><th>Result</th></tr></thead><tbody>
${verdicts.map(
  (v) => html`<tr class="${v.passed ? 'pass' : 'fail'}"><td><code>${v.expression}</code>${v.abortOnFail ? html` <span class="muted">abort on fail</span>` : ''}</td><td>${scopeOf(v)}</td><td class="num">${formatActual(v)}</td><td><span class="verdict">${v.passed ? '✓ pass' : '✗ fail'}</span></td></tr>`,
)}
</tbody></table>`;
}

function charts(series: readonly LoadSeriesPoint[], verdicts: readonly ThresholdVerdict[]): Html {
  const xs = series.map((p) => p.second);
  // Total-scope latency thresholds in ms make a useful line on the latency chart.
  const markers = verdicts
    .filter((v) => v.endpoint === undefined)
    .map((v) => ({ v, p: parsed(v.expression) }))
    .filter(({ p }) => p !== null && p.metric.kind === 'percentile')
    .map(({ v, p }) => ({ value: p!.value, label: v.expression, color: COLORS.threshold }));
  return html`<div class="charts">
${renderChart({ title: 'Throughput', unit: 'requests/s', xs, series: [{ name: 'requests/s', color: COLORS.rps, values: series.map((p) => p.rps) }] })}
${renderChart({
  title: 'Latency',
  unit: 'ms',
  xs,
  markers,
  series: [
    { name: 'p50', color: COLORS.p50, values: series.map((p) => p.p50Ms), merge: 'max' },
    { name: 'p95', color: COLORS.p95, dash: '7 3', values: series.map((p) => p.p95Ms), merge: 'max' },
    { name: 'p99', color: COLORS.p99, dash: '2 2', values: series.map((p) => p.p99Ms), merge: 'max' },
  ],
})}
${renderChart({ title: 'Errors', unit: 'per second', xs, kind: 'bars', integerY: true, series: [{ name: 'errors', color: COLORS.errors, values: series.map((p) => p.errorCount), merge: 'max' }] })}
${renderChart({ title: 'Active users', unit: 'users or iterations in progress', xs, integerY: true, series: [{ name: 'active', color: COLORS.users, values: series.map((p) => p.activeUsers) }] })}
</div>`;
}

function endpointRow(row: EndpointRow, approx: boolean, tag: 'td' | 'th' = 'td'): Html {
  const kinds = errorKinds(row.errors);
  const codes = row.statusCodes ? Object.entries(row.statusCodes).map(([code, count]) => html`<span>${code}: ${formatInt(count)}</span> `) : '—';
  const pct = (value: number) => `${approx ? '≤ ' : ''}${formatMs(value)}`;
  const name = tag === 'th' ? html`<th scope="row">${row.endpoint}</th>` : html`<td class="endpoint">${row.endpoint}</td>`;
  return html`<tr${row.errorCount > 0 ? raw(' class="has-errors"') : ''}>${name}<td class="num">${formatInt(row.requests)}</td><td class="num">${formatRate(row.rps)}</td>
<td class="num">${pct(row.p50Ms)}</td><td class="num">${pct(row.p90Ms)}</td><td class="num">${pct(row.p95Ms)}</td><td class="num">${pct(row.p99Ms)}</td>
<td class="num">${row.p999Ms === null ? '—' : formatMs(row.p999Ms)}</td><td class="num">${formatMs(row.maxMs)}</td>
<td class="num">${formatInt(row.errorCount)}<br><span class="muted">${formatPercent(row.errorRate)}</span></td>
<td class="kinds">${kinds.length === 0 ? html`<span class="muted">none</span>` : kinds.map(([kind, count]) => html`<span class="kind">${kind} ${formatInt(count)}</span> `)}</td>
<td class="codes">${codes}</td></tr>`;
}

function endpointsSection(table: EndpointTable): Html {
  if (table.source === 'none') return html`<p class="muted">No requests were recorded.</p>`;
  const note =
    table.source === 'ticks'
      ? html`<p class="note">This run has no whole-run summary (it was interrupted), so these rows are rebuilt from its stored seconds: counts and maxima are exact; p50–p99 are the worst second's, an upper bound (≤) of the run's; p99.9 and status codes are unknown.</p>`
      : html`<p class="note">Latencies in ms from full-resolution HdrHistograms (µs), from the intended send time.</p>`;
  return html`<div class="table-wrap"><table class="endpoints"><thead><tr><th>Endpoint</th><th class="num">Requests</th><th class="num">RPS</th><th class="num">p50</th><th class="num">p90</th><th class="num">p95</th><th class="num">p99</th><th class="num">p99.9</th><th class="num">Max</th><th class="num">Errors</th><th>Errors by kind</th><th>Status codes</th></tr></thead>
<tbody>${table.endpoints.map((row) => endpointRow(row, table.approximate))}</tbody>
${table.total ? html`<tfoot>${endpointRow(table.total, table.approximate, 'th')}</tfoot>` : ''}
</table></div>${note}`;
}

function extras(run: LoadRunRecord): Html {
  const total = run.summary?.total;
  if (!total) return html``;
  const items: [string, string][] = [
    ['Started late (open model, after their intended time)', formatInt(total.startedLate)],
    ['Skipped (a capture they needed was missing)', formatInt(total.skipped)],
    ['Dropped (in-flight cap and backlog full)', formatInt(total.dropped)],
    ['Bytes received / sent', `${formatInt(total.bytesIn)} / ${formatInt(total.bytesOut)}`],
    ['Latency min / mean', `${formatMs(total.minMs)} / ${formatMs(total.meanMs)} ms`],
  ];
  return html`<dl class="facts small">${items.map(([label, value]) => fact(label, value))}</dl>`;
}

/**
 * The report as one HTML document. `ticks` (all of them, in order) are only needed for a run
 * without a summary: its threshold verdicts and endpoint table then come from the seconds.
 */
export function renderHtmlReport(...args: Parameters<typeof htmlReportPage>): string {
  return renderReportPage(htmlReportPage(...args));
}

/** The report's parts before they are framed as a document (a suite report embeds them). */
export function htmlReportPage(
  run: LoadRunRecord,
  series: readonly LoadSeriesPoint[],
  endpointStats: readonly LoadEndpointStats[],
  ticks?: readonly LoadTick[],
  context?: ReportContext,
  /** Resources sampled from Prometheus during the run, drawn under the latency charts. */
  resources?: readonly RunResource[],
): ReportPage {
  const table = endpointTable(run, endpointStats, ticks);
  const { verdicts, live } = verdictsOf(run, ticks);
  return {
    title: `Load test ${run.profile} #${run.id}: ${LOAD_STATE_WORDS[run.state]}`,
    eyebrow: 'Warroom · load test report',
    heading: html`${run.profile} <span class="muted">#${run.id}</span>`,
    outcome: { stateClass: run.state, mark: OUTCOME_MARKS[run.state], word: LOAD_STATE_WORDS[run.state], line: decision(run, verdicts, live) },
    main: html`<section><h2>Run</h2>${facts(run)}</section>
<section><h2>Result</h2>${headline(table)}${thresholdTable(verdicts)}</section>
<section class="charts-section"><h2>Over time</h2>${charts(series, verdicts)}</section>
${resourcesSection(resources, run)}
<section><h2>Endpoints</h2>${endpointsSection(table)}${extras(run)}</section>
${context ? [baselineSection(context), exceptionsSection(context)] : ''}`,
    source: `run #${run.id} (${run.environment})`,
  };
}
