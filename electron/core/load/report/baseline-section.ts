/**
 * The report's "Against the baseline" and "Exceptions" sections: the run compared with its
 * profile's baseline (p50/p95/p99, RPS, error rate per endpoint; regressions flagged) and the
 * failed thresholds accepted with a reason, an owner and an expiry.
 */
import type { LoadBaselineComparison, LoadException, LoadVerdict } from '../../../../shared/domain/load-suites.js';
import { thresholdLabel } from '../../../../shared/domain/load-suites.js';
import { formatMs, formatPercent, formatRate } from '../../../../shared/format/numbers.js';
import { html, type Html } from './html.js';
import { formatTime } from './report-time.js';

/** What the report adds when the app knows it (a baseline, exceptions, the verdict with them). */
export interface ReportContext {
  baseline: LoadBaselineComparison;
  exceptions: readonly LoadException[];
  verdict: LoadVerdict;
  /** The moment exceptions were judged at (the report's making). */
  at: number;
}

const change = (pct: number | null) => (pct === null ? '' : ` (${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(1)} %)`);

export function baselineSection(context: ReportContext): Html {
  const { baseline, comparison, regressions } = context.baseline;
  if (!baseline || !comparison) {
    return html`<section><h2>Against the baseline</h2><p class="muted">${baseline ? 'This run is its profile’s baseline.' : 'Its profile has no baseline yet.'}</p></section>`;
  }
  const rows = [comparison.total, ...comparison.endpoints].map(
    (row) => html`<tr class="${row.regression ? 'regression' : ''}">
<td>${row.endpoint}</td>
<td class="num">${row.base && row.current ? `${formatMs(row.base.p50Ms)} → ${formatMs(row.current.p50Ms)} ms${change(row.p50ChangePct)}` : '—'}</td>
<td class="num">${row.base && row.current ? `${formatMs(row.base.p95Ms)} → ${formatMs(row.current.p95Ms)} ms${change(row.p95ChangePct)}` : '—'}</td>
<td class="num">${row.base && row.current ? `${formatMs(row.base.p99Ms)} → ${formatMs(row.current.p99Ms)} ms${change(row.p99ChangePct)}` : '—'}</td>
<td class="num">${row.base && row.current ? `${formatRate(row.base.rps)} → ${formatRate(row.current.rps)}${change(row.rpsChangePct)}` : '—'}</td>
<td class="num">${row.base && row.current ? `${formatPercent(row.base.errorRate)} → ${formatPercent(row.current.errorRate)}` : '—'}</td>
<td>${row.regression ? html`<strong class="fail">✗ ${row.reasons.join(', ')}</strong>` : row.reasons.join(', ') || '✓'}</td>
</tr>`,
  );
  return html`<section><h2>Against the baseline</h2>
<p>Baseline: run #${baseline.runId}, marked by ${baseline.actor} at ${formatTime(baseline.markedAt)}. ${regressions.length === 0 ? 'No regression.' : `${regressions.length} regression${regressions.length === 1 ? '' : 's'}.`}</p>
<table><thead><tr><th>Endpoint</th><th>p50</th><th>p95</th><th>p99</th><th>RPS</th><th>Error rate</th><th>Regression</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

export function exceptionsSection(context: ReportContext): Html | '' {
  if (context.exceptions.length === 0) return '';
  const rows = context.exceptions.map(
    (e) => html`<tr><td>${thresholdLabel(e)}</td><td>${e.reason}</td><td>${e.owner}</td><td>${formatTime(e.expiresAt)}${e.expiresAt <= context.at ? ' (expired)' : ''}</td><td>${e.actor}, ${formatTime(e.createdAt)}</td></tr>`,
  );
  return html`<section><h2>Exceptions</h2><p>Verdict with exceptions counted: <strong>${context.verdict.line}</strong>.</p>
<table><thead><tr><th>Threshold</th><th>Reason</th><th>Owner</th><th>Expires</th><th>Recorded</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}
