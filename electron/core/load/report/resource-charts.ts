/**
 * The "Resources" part of a load report: one chart per sampled resource (a line per series, e.g.
 * per service), on the same time axis as the latency charts above it, with peak and mean per
 * series in a table, and the failed samples named so a gap explains itself.
 */
import type { LoadRunRecord } from '../../../../shared/domain/load-runs.js';
import type { RunResource } from '../../../../shared/domain/monitoring.js';
import { formatMetric, METRIC_UNIT_WORDS } from '../../../../shared/format/metrics.js';
import { formatOffset } from '../../../../shared/format/durations.js';
import { resourceStats } from '../../monitoring/resource-compare.js';
import { html, type Html } from './html.js';
import { renderChart } from './svg-chart.js';

const PALETTE = ['#1f6feb', '#cf222e', '#2da44e', '#bf8700', '#8250df', '#0a7e8c', '#d4398b', '#57606a'];
const DASHES = [undefined, '7 3', '2 2', '10 3 2 3'];
/** Lines beyond this many in one chart are left to the table. */
const MAX_LINES = 8;

/** Seconds into the run of each sample, and each series' values on those seconds (the previous value where it has none). */
function aligned(resource: RunResource, startedAt: number): { xs: number[]; series: { name: string; values: number[] }[] } {
  const times = [...new Set(resource.series.flatMap((s) => s.points.map(([at]) => at)))].sort((a, b) => a - b);
  const xs = times.map((at) => Math.max(0, Math.round((at - startedAt) / 100) / 10));
  const series = resource.series.slice(0, MAX_LINES).map((s) => {
    const byTime = new Map(s.points.map(([at, value]) => [at, value]));
    let last = s.points[0]?.[1] ?? 0;
    return {
      name: s.name || resource.title,
      values: times.map((at) => {
        const value = byTime.get(at);
        if (value !== undefined) last = value;
        return last;
      }),
    };
  });
  return { xs, series };
}

function resourceChart(resource: RunResource, run: LoadRunRecord): Html {
  const { xs, series } = aligned(resource, run.startedAt);
  return renderChart({
    title: resource.title,
    unit: METRIC_UNIT_WORDS[resource.unit],
    xs,
    formatY: (value) => formatMetric(value, resource.unit),
    series: series.map((s, i) => ({ name: s.name, color: PALETTE[i % PALETTE.length]!, dash: DASHES[Math.floor(i / 2) % DASHES.length], values: s.values, merge: 'max' })),
  });
}

function statsTable(resources: readonly RunResource[]): Html {
  const stats = resourceStats(resources);
  if (stats.length === 0) return html``;
  return html`<div class="table-wrap"><table class="resources"><thead><tr><th>Resource</th><th>Series</th><th class="num">Peak</th><th class="num">Mean</th></tr></thead><tbody>
${stats.map((s) => html`<tr><td>${s.title}</td><td>${s.series || '—'}</td><td class="num">${formatMetric(s.peak, s.unit)}</td><td class="num">${formatMetric(s.mean, s.unit)}</td></tr>`)}
</tbody></table></div>`;
}

function failures(resources: readonly RunResource[], run: LoadRunRecord): Html {
  const all = resources.flatMap((r) => r.failures.map((f) => ({ title: r.title, ...f })));
  if (all.length === 0) return html``;
  const shown = all.slice(0, 10);
  return html`<p class="note">${all.length} sample${all.length === 1 ? '' : 's'} could not be taken: ${shown.map(
    (f, i) => html`${i > 0 ? '; ' : ''}${f.title} at ${formatOffset(f.at - run.startedAt)}: ${f.detail}`,
  )}${all.length > shown.length ? ' …' : ''}</p>`;
}

/** The section, or a line saying why there is none. */
export function resourcesSection(resources: readonly RunResource[] | undefined, run: LoadRunRecord): Html {
  if (!resources || resources.length === 0) {
    return html`<section class="resources-section"><h2>Resources</h2><p class="muted">No resources were sampled during this run (monitoring.resources and a Prometheus for ${run.environment} are needed).</p></section>`;
  }
  const drawn = resources.filter((r) => r.series.length > 0);
  return html`<section class="resources-section charts-section"><h2>Resources</h2>
<p class="muted">Sampled from Prometheus during the run; the same time axis as the charts above.</p>
${drawn.length > 0 ? html`<div class="charts">${drawn.map((r) => resourceChart(r, run))}</div>` : html`<p class="muted">Every sample failed.</p>`}
${statsTable(resources)}${failures(resources, run)}
</section>`;
}
