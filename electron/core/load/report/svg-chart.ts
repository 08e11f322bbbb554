/**
 * Charts for the HTML report, drawn as inline SVG so the file needs nothing from outside:
 * time on x (seconds into the run), nice round ticks on y, lines or bars, optional horizontal
 * markers (thresholds). Series are told apart by dash pattern as well as colour, for print.
 */
import { formatOffset } from '../../../../shared/format/durations.js';
import { html, raw, type Html } from './html.js';

export interface ChartSeries {
  name: string;
  color: string;
  /** SVG stroke-dasharray, e.g. "6 3"; solid when absent. */
  dash?: string;
  values: readonly number[];
  /** How seconds merge when there are more than the chart can show: keep peaks, or average. */
  merge?: 'max' | 'mean';
}

export interface ChartOptions {
  title: string;
  /** Unit of the y axis, shown beside the title. */
  unit: string;
  /** Seconds into the run, one per value. */
  xs: readonly number[];
  series: readonly ChartSeries[];
  kind?: 'line' | 'bars';
  /** Horizontal reference lines, e.g. a threshold; left out when far above the data. */
  markers?: readonly { value: number; label: string; color: string }[];
  formatY?: (value: number) => string;
  /** Counts: no ticks between whole numbers. */
  integerY?: boolean;
}

const WIDTH = 640;
const HEIGHT = 230;
const PAD = { left: 52, right: 14, top: 12, bottom: 26 };
const MAX_POINTS = 600;
const MARKER_DASH = '10 4 2 4';
const X_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400];

const n = (value: number): string => (Math.round(value * 10) / 10).toString();

/** A round step (1, 2 or 5 × 10^k) that splits `span` into about `parts`. */
export function niceStep(span: number, parts: number): number {
  if (!(span > 0)) return 1;
  const rough = span / parts;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].find((m) => m * magnitude >= rough)! * magnitude;
}

/** Buckets of consecutive points merged into one, so a 1-hour run stays a small file. */
function downsample(xs: readonly number[], values: readonly number[], merge: 'max' | 'mean'): { xs: number[]; values: number[] } {
  if (xs.length <= MAX_POINTS) return { xs: [...xs], values: [...values] };
  const size = Math.ceil(xs.length / MAX_POINTS);
  const out = { xs: [] as number[], values: [] as number[] };
  for (let start = 0; start < xs.length; start += size) {
    const bucket = values.slice(start, start + size);
    out.xs.push(xs[Math.min(start + size, xs.length) - 1]!);
    out.values.push(merge === 'max' ? Math.max(...bucket) : bucket.reduce((sum, v) => sum + v, 0) / bucket.length);
  }
  return out;
}

function defaultFormatY(value: number): string {
  if (value >= 10_000) return `${n(value / 1000)}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 1 ? 2 : 1);
}

/** One chart as an inline <figure> with an <svg>, its title and legend. */
export function renderChart(options: ChartOptions): Html {
  const { title, unit, kind = 'line', formatY = defaultFormatY, integerY = false } = options;
  // A reference line far above the data would flatten it: keep those within twice its peak.
  const peak = Math.max(0, ...options.series.flatMap((s) => s.values));
  const markers = (options.markers ?? []).filter((m) => m.value <= peak * 2);
  const legend = html`<ul class="legend">${options.series.map(
    (s) => html`<li><svg width="22" height="10" aria-hidden="true"><line x1="0" y1="5" x2="22" y2="5" stroke="${s.color}" stroke-width="${kind === 'bars' ? 8 : 2.5}"${s.dash ? raw(` stroke-dasharray="${s.dash}"`) : ''}/></svg>${s.name}</li>`,
  )}${markers.map(
    (m) => html`<li><svg width="22" height="10" aria-hidden="true"><line x1="0" y1="5" x2="22" y2="5" stroke="${m.color}" stroke-width="1.5" stroke-dasharray="${MARKER_DASH}"/></svg>${m.label}</li>`,
  )}</ul>`;
  const head = html`<figcaption><span class="chart-title">${title}</span> <span class="unit">${unit}</span>${legend}</figcaption>`;

  if (options.xs.length === 0) {
    return html`<figure class="chart">${head}<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${title}: no data"><text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" class="empty">No seconds recorded</text></svg></figure>`;
  }

  const drawn = options.series.map((s) => ({ ...s, ...downsample(options.xs, s.values, s.merge ?? 'mean') }));
  const xs = drawn[0]?.xs ?? [...options.xs];
  // Seconds are the ends of one-second windows: the first covers 0–1 s.
  const xMin = Math.max(0, (options.xs[0] ?? 1) - 1);
  const xMax = Math.max(xMin + 1, options.xs.at(-1)!);
  const top = Math.max(...drawn.flatMap((s) => s.values), ...markers.map((m) => m.value), 0);
  const step = niceStep(top > 0 ? top * 1.05 : 1, 4);
  const yStep = integerY ? Math.max(1, step) : step;
  const yMax = Math.max(yStep, Math.ceil((top * 1.05) / yStep) * yStep);

  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (seconds: number): number => PAD.left + ((seconds - xMin) / (xMax - xMin)) * plotW;
  const y = (value: number): number => PAD.top + plotH - (Math.min(value, yMax) / yMax) * plotH;

  const yTicks: Html[] = [];
  for (let v = 0; v <= yMax + yStep / 1000; v += yStep) {
    yTicks.push(
      html`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${n(y(v))}" y2="${n(y(v))}"/><text class="tick" x="${PAD.left - 6}" y="${n(y(v) + 3.5)}" text-anchor="end">${formatY(v)}</text>`,
    );
  }
  const xStep = X_STEPS.find((step) => (xMax - xMin) / step <= 8) ?? Math.ceil((xMax - xMin) / 8 / 3600) * 3600;
  const xTicks: Html[] = [];
  for (let s = Math.ceil(xMin / xStep) * xStep; s <= xMax; s += xStep) {
    xTicks.push(
      html`<line class="axis" x1="${n(x(s))}" x2="${n(x(s))}" y1="${HEIGHT - PAD.bottom}" y2="${HEIGHT - PAD.bottom + 4}"/><text class="tick" x="${n(x(s))}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${formatOffset(s * 1000)}</text>`,
    );
  }

  // Points are about evenly spaced (a second, or a bucket of seconds, each).
  const slot = plotW / Math.max(1, xs.length);
  const shapes = drawn.map((s) => {
    if (kind === 'bars') {
      const w = Math.max(1, Math.min(12, slot * 0.8));
      const d = s.xs
        .map((sec, i) => (s.values[i]! > 0 ? `M${n(x(sec) - w)} ${n(y(0))}V${n(y(s.values[i]!))}h${n(w)}V${n(y(0))}Z` : ''))
        .join('');
      return html`<path d="${d}" fill="${s.color}"/>`;
    }
    const d = s.xs.map((sec, i) => `${i === 0 ? 'M' : 'L'}${n(x(sec))} ${n(y(s.values[i]!))}`).join('');
    return html`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8" stroke-linejoin="round"${s.dash ? raw(` stroke-dasharray="${s.dash}"`) : ''}/>`;
  });
  const lines = markers.map(
    (m) =>
      html`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${n(y(m.value))}" y2="${n(y(m.value))}" stroke="${m.color}" stroke-width="1.2" stroke-dasharray="${MARKER_DASH}"/><text class="marker" x="${WIDTH - PAD.right - 4}" y="${n(y(m.value) - 4)}" text-anchor="end" fill="${m.color}">${m.label}</text>`,
  );

  return html`<figure class="chart">${head}<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${title} (${unit}) over ${formatOffset(xMax * 1000)}">
<g>${yTicks}</g><g>${xTicks}</g>
<line class="axis" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${HEIGHT - PAD.bottom}" y2="${HEIGHT - PAD.bottom}"/>
<g>${lines}</g><g>${shapes}</g>
</svg></figure>`;
}
