/**
 * Lines of Prometheus series (a range tile, or the resources sampled during a load run), one per
 * series, in its unit. Created once; new series replace the data with update('none'). With
 * `origin` the x axis is time into a run (as the load charts above it), else the clock time.
 * The canvas carries the line and point counts as data attributes (jsdom draws nothing).
 */
import { useEffect, useRef } from 'react';
import type { Chart, TooltipItem } from 'chart.js';
import type { MetricSeries, MetricUnit } from '../../../shared/domain/monitoring.js';
import { formatMetric } from '../../../shared/format/metrics.js';
import { formatOffset } from '../../../shared/format/durations.js';
import { formatClock } from '../../lib/time.js';
import { COLORS } from './chart-colors.js';
import { context2d, loadChartJs } from './load-chart.js';
import type { ChartModule } from './load-chart.js';

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

function fill(chart: Chart<'line', XY[]>, shown: Shown): void {
  chart.data.datasets = shown.series.map((s, i) => ({
    label: s.name || shown.label,
    data: points(s, shown.origin),
    parsing: false,
    normalized: true,
    borderColor: PALETTE[i % PALETTE.length]!,
    backgroundColor: PALETTE[i % PALETTE.length]!,
    borderDash: DASHES[Math.floor(i / PALETTE.length) % DASHES.length]!,
    borderWidth: 2,
    pointRadius: 0,
    pointHoverRadius: 4,
    tension: 0,
  }));
  chart.update('none');
}

function createChart({ Chart }: ChartModule, ctx: CanvasRenderingContext2D, shown: { current: Shown }): Chart<'line', XY[]> {
  const format = (value: number) => formatMetric(value, shown.current.unit);
  const xLabel = (x: number) => (shown.current.origin === null ? formatClock(x) : formatOffset(x * 1000));
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

export function MetricLineChart({ series, unit, label, origin = null, testId }: { series: readonly MetricSeries[]; unit: MetricUnit; label: string; origin?: number | null; testId: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart<'line', XY[]> | null>(null);
  const shown = useRef<Shown>({ series, unit, origin, label });

  useEffect(() => {
    shown.current = { series, unit, origin, label };
    const canvas = canvasRef.current;
    if (canvas) {
      canvas.dataset.lines = String(series.length);
      canvas.dataset.points = String(series.reduce((sum, s) => sum + s.points.length, 0));
    }
    if (chartRef.current) fill(chartRef.current, shown.current);
  }, [series, unit, origin, label]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas ? context2d(canvas) : null;
    if (!ctx) return;
    let disposed = false;
    void loadChartJs().then((module) => {
      if (disposed) return;
      chartRef.current = createChart(module, ctx, shown);
      fill(chartRef.current, shown.current);
    });
    return () => {
      disposed = true;
      chartRef.current?.destroy();
      chartRef.current = null;
    };
  }, []);

  return (
    <div className="metric-chart__box">
      <canvas ref={canvasRef} className="metric-chart__canvas" data-testid={testId} role="img" aria-label={label} />
    </div>
  );
}
