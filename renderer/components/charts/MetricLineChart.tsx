/**
 * Lines of Prometheus series (a range tile, or the resources sampled during a load run), one per
 * series, in its unit (use-lazy-chart.ts: created once, new series drawn with update('none')). With
 * `origin` the x axis is time into a run (as the load charts above it), else the clock time.
 * The canvas carries the line and point counts as data attributes (jsdom draws nothing).
 */
import { useMemo } from 'react';
import type { Chart, TooltipItem } from 'chart.js';
import type { MetricSeries, MetricUnit } from '../../../shared/domain/monitoring.js';
import { formatMetric, seriesLabel } from '../../../shared/format/metrics.js';
import { formatOffset } from '../../../shared/format/durations.js';
import { formatClock } from '../../lib/time.js';
import { COLORS } from './chart-colors.js';
import type { ChartModule } from './load-chart.js';
import { useLazyChart } from './use-lazy-chart.js';
import type { LazyChart } from './use-lazy-chart.js';

type XY = { x: number; y: number };

const PALETTE = [COLORS.accent, COLORS.warn, COLORS.ok, COLORS.p95, '#4fd1d9', COLORS.bad, '#f78fb3', COLORS.unknown];
const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3]];

interface Shown {
  series: readonly MetricSeries[];
  unit: MetricUnit;
  origin: number | null;
  label: string;
}

function points(series: MetricSeries, origin: number | null): XY[] {
  return series.points.map(([at, value]) => ({ x: origin === null ? at : (at - origin) / 1000, y: value }));
}

/**
 * How wide the x axis is at least: a series read just after Prometheus started may have one
 * point, and chart.js would then widen a zero range by ±5 % of the value (years of epoch ms).
 */
const MIN_SPAN = { clock: 120_000, offset: 10 };

function xWindow(datasets: readonly XY[][], clock: boolean): { min?: number; max?: number } {
  const xs = datasets.flatMap((data) => data.map((p) => p.x));
  if (xs.length === 0) return {};
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const span = clock ? MIN_SPAN.clock : MIN_SPAN.offset;
  if (hi - lo >= span) return {};
  // Keep the newest point at the right edge, as a growing series will be.
  return { min: hi - span, max: hi };
}

function draw(chart: Chart<'line', XY[]>, shown: Shown): void {
  const data = shown.series.map((s) => points(s, shown.origin));
  chart.data.datasets = shown.series.map((s, i) => ({
    label: s.name ? seriesLabel(s.name) : shown.label,
    data: data[i]!,
    parsing: false,
    normalized: true,
    borderColor: PALETTE[i % PALETTE.length]!,
    backgroundColor: PALETTE[i % PALETTE.length]!,
    borderDash: DASHES[Math.floor(i / PALETTE.length) % DASHES.length]!,
    borderWidth: 2,
    // A line needs two points: a lone point is drawn as a dot.
    pointRadius: s.points.length < 2 ? 3 : 0,
    pointHoverRadius: 4,
    tension: 0,
  }));
  const x = chart.options.scales!['x']!;
  const window = xWindow(data, shown.origin === null);
  x.min = window.min;
  x.max = window.max;
  chart.update('none');
}

function create({ Chart }: ChartModule, ctx: CanvasRenderingContext2D, shown: () => Shown): Chart<'line', XY[]> {
  const format = (value: number) => formatMetric(value, shown().unit);
  const xLabel = (x: number) => (shown().origin === null ? formatClock(x) : formatOffset(x * 1000));
  return new Chart<'line', XY[]>(ctx, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => (items[0] ? xLabel(items[0].parsed.x ?? 0) : ''),
            label: (item: TooltipItem<'line'>) => `${item.dataset.label ?? ''}: ${format(item.parsed.y ?? 0)}`,
          },
        },
      },
      scales: {
        x: { type: 'linear', grid: { color: 'rgba(42, 53, 70, 0.6)' }, ticks: { maxRotation: 0, maxTicksLimit: 6, font: { size: 13 }, callback: (value) => xLabel(Number(value)) } },
        y: { type: 'linear', beginAtZero: true, grace: '8%', grid: { color: 'rgba(42, 53, 70, 0.6)' }, ticks: { maxTicksLimit: 5, font: { size: 13 }, callback: (value) => format(Number(value)) } },
      },
    },
  });
}

const METRIC_CHART: LazyChart<Chart<'line', XY[]>, Shown> = { create, draw };

export function MetricLineChart({ series, unit, label, origin = null, testId }: { series: readonly MetricSeries[]; unit: MetricUnit; label: string; origin?: number | null; testId: string }) {
  const shown = useMemo(() => ({ series, unit, origin, label }), [series, unit, origin, label]);
  const canvasRef = useLazyChart(METRIC_CHART, shown);
  return (
    <div className="metric-chart">
      <div className="metric-chart__box">
        <canvas
          ref={canvasRef}
          className="metric-chart__canvas"
          data-testid={testId}
          data-lines={series.length}
          data-points={series.reduce((sum, s) => sum + s.points.length, 0)}
          role="img"
          aria-label={label}
        />
      </div>
      {series.length > 1 && (
        // Which line is which, without hovering (a wall display has no pointer).
        <ul className="metric-chart__legend" data-testid={`${testId}-legend`}>
          {series.map((s, i) => (
            <li key={s.name || i}>
              <span className="metric-chart__swatch" style={{ borderTopColor: PALETTE[i % PALETTE.length], borderTopStyle: Math.floor(i / PALETTE.length) % DASHES.length === 0 ? 'solid' : 'dashed' }} aria-hidden="true" />
              {s.name ? seriesLabel(s.name) : label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
