/**
 * One chart of a load run (RPS, latency percentiles, active users or errors per second), drawn
 * from the run's series in the store. Created once; it follows the store through subscribe and
 * appends the new seconds with update('none'), so a 1 Hz tick re-renders no React tree. The canvas
 * carries the point count and the newest value as data attributes (jsdom draws nothing).
 */
import { useEffect, useRef } from 'react';
import type { Chart, Plugin, TooltipItem } from 'chart.js';
import type { LoadSeriesPoint } from '../../../shared/domain/load-runs.js';
import { useAppStore } from '../../stores/store.js';
import type { AppState } from '../../stores/store.js';
import { COLORS } from './chart-colors.js';
import { context2d, loadChartJs } from './load-chart.js';
import type { ChartModule } from './load-chart.js';
import { formatInt, formatMs, formatRate } from '../../../shared/format/numbers.js';
import { formatOffset } from '../../../shared/format/durations.js';

export type LoadRunChartKind = 'rps' | 'latency' | 'users' | 'errors';

type XY = { x: number; y: number };
type Metric = 'rps' | 'p50Ms' | 'p90Ms' | 'p95Ms' | 'p99Ms' | 'errorCount' | 'activeUsers';

interface Line {
  metric: Metric;
  label: string;
  color: string;
  width: number;
  fill?: string;
  /** Drawn above the others (the percentile a budget is about): with few requests p90 to p99 coincide. */
  top?: boolean;
}

/** Colours of the percentile lines; the legend in the panel uses the same ones (load.css). */
export const LATENCY_COLORS = { p50: COLORS.accent, p90: '#4fd1d9', p95: COLORS.p95, p99: COLORS.warn } as const;

const KINDS: Record<LoadRunChartKind, { lines: Line[]; format: (value: number) => string; stepped?: boolean }> = {
  rps: { lines: [{ metric: 'rps', label: 'req/s', color: COLORS.accent, width: 2.5, fill: 'rgba(95, 176, 255, 0.14)' }], format: (v) => `${formatRate(v)}/s` },
  latency: {
    lines: [
      { metric: 'p50Ms', label: 'p50', color: LATENCY_COLORS.p50, width: 2 },
      { metric: 'p90Ms', label: 'p90', color: LATENCY_COLORS.p90, width: 2 },
      { metric: 'p95Ms', label: 'p95', color: LATENCY_COLORS.p95, width: 3, top: true },
      { metric: 'p99Ms', label: 'p99', color: LATENCY_COLORS.p99, width: 2 },
    ],
    format: (v) => `${formatMs(v)} ms`,
  },
  users: { lines: [{ metric: 'activeUsers', label: 'active', color: '#4fd1d9', width: 2.5, fill: 'rgba(79, 209, 217, 0.12)' }], format: formatInt },
  errors: { lines: [{ metric: 'errorCount', label: 'errors/s', color: COLORS.bad, width: 2.5, fill: 'rgba(255, 92, 97, 0.2)' }], format: formatInt, stepped: true },
};

/** A latency budget from a threshold such as `p(95) < 500`: a dashed line in the percentile's colour. */
export interface Budget {
  valueMs: number;
  label: string;
  color: string;
}

const BUDGET = /^\s*p\((\d+(?:\.\d+)?)\)\s*<=?\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/;

/** Budgets of the whole-run percentile thresholds among `expressions` (per-endpoint ones are left out). */
export function budgetsOf(expressions: readonly string[]): Budget[] {
  const budgets: Budget[] = [];
  for (const expression of expressions) {
    const match = BUDGET.exec(expression);
    if (!match) continue;
    const percentile = match[1]!;
    const valueMs = Number(match[2]) * (match[3] === 's' ? 1000 : 1);
    const color = (LATENCY_COLORS as Record<string, string>)[`p${percentile}`] ?? COLORS.muted;
    budgets.push({ valueMs, label: `p${percentile} budget ${formatMs(valueMs)} ms`, color });
  }
  return budgets;
}

/** Axis steps in seconds: round minutes once a run is long. */
const STEPS = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

function budgetPlugin(budgets: () => readonly Budget[]): Plugin<'line'> {
  return {
    id: 'loadBudgets',
    afterDatasetsDraw(chart) {
      const y = chart.scales.y;
      const list = budgets();
      if (!y || list.length === 0) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      for (const budget of list) {
        const py = Math.round(y.getPixelForValue(budget.valueMs)) + 0.5;
        if (py < chartArea.top || py > chartArea.bottom) continue;
        ctx.strokeStyle = budget.color;
        ctx.lineWidth = 2;
        ctx.setLineDash([8, 6]);
        ctx.beginPath();
        ctx.moveTo(chartArea.left, py);
        ctx.lineTo(chartArea.right, py);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.font = '700 13px system-ui, sans-serif';
        ctx.textAlign = 'right';
        ctx.textBaseline = 'bottom';
        const w = ctx.measureText(budget.label).width + 10;
        ctx.fillStyle = 'rgba(10, 13, 18, 0.85)';
        ctx.fillRect(chartArea.right - w - 4, py - 20, w, 18);
        ctx.fillStyle = budget.color;
        ctx.fillText(budget.label, chartArea.right - 9, py - 4);
      }
      ctx.restore();
    },
  };
}

interface Frame {
  /** Seconds the x axis spans at least (a running test's planned length); null fits the data. */
  xMaxSeconds: number | null;
  budgets: readonly Budget[];
}

function createLoadChart({ Chart }: ChartModule, ctx: CanvasRenderingContext2D, kind: LoadRunChartKind, frame: { current: Frame }): Chart<'line', XY[]> {
  const spec = KINDS[kind];
  return new Chart<'line', XY[]>(ctx, {
    type: 'line',
    data: {
      datasets: spec.lines.map((line) => ({
        label: line.label,
        data: [],
        parsing: false,
        normalized: true,
        borderColor: line.color,
        backgroundColor: line.fill ?? line.color,
        borderWidth: line.width,
        fill: line.fill ? 'origin' : false,
        stepped: spec.stepped ? 'middle' : false,
        pointRadius: 0,
        pointHoverRadius: 4,
        tension: 0,
        order: line.top ? 0 : 1,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        tooltip: {
          // In line order (p50 … p99), whatever the drawing order.
          itemSort: (a, b) => a.datasetIndex - b.datasetIndex,
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => (items[0] ? formatOffset((items[0].parsed.x ?? 0) * 1000) : ''),
            label: (item: TooltipItem<'line'>) => `${item.dataset.label ?? ''}: ${spec.format(item.parsed.y ?? 0)}`,
          },
        },
      },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          grid: { color: 'rgba(42, 53, 70, 0.6)' },
          ticks: { autoSkip: false, maxRotation: 0, font: { size: 14 }, callback: (value) => formatOffset(Number(value) * 1000) },
          afterBuildTicks: (axis) => {
            const span = Math.max(1, axis.max - axis.min);
            const step = STEPS.find((s) => span / s <= 6) ?? Math.ceil(span / 6 / 3600) * 3600;
            const ticks = [];
            for (let t = 0; t <= axis.max; t += step) ticks.push({ value: t });
            axis.ticks = ticks;
          },
        },
        y: {
          type: 'linear',
          beginAtZero: true,
          grace: '8%',
          grid: { color: 'rgba(42, 53, 70, 0.6)' },
          ticks: {
            font: { size: 14 },
            maxTicksLimit: 6,
            // Users and errors are counts: no 0.5 steps (which would read "0, 1, 1, 2").
            ...(kind === 'users' || kind === 'errors' ? { precision: 0 } : {}),
            callback: (value) => yTick(kind, Number(value)),
          },
        },
      },
    },
    plugins: kind === 'latency' ? [budgetPlugin(() => frame.current.budgets)] : [],
  });
}

function yTick(kind: LoadRunChartKind, value: number): string {
  if (kind === 'latency') return `${formatMs(value)} ms`;
  if (kind === 'rps' && !Number.isInteger(value)) return value.toFixed(1);
  return formatInt(value);
}

const NONE: readonly LoadSeriesPoint[] = [];
/** The default budgets, one array: a new `[]` per render would redraw the chart on every render. */
const NO_BUDGETS: readonly Budget[] = [];

export function LoadRunChart({
  runId,
  kind,
  label,
  xMaxSeconds = null,
  budgets = NO_BUDGETS,
}: {
  runId: number;
  kind: LoadRunChartKind;
  label: string;
  xMaxSeconds?: number | null;
  budgets?: readonly Budget[];
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frame = useRef<Frame>({ xMaxSeconds, budgets });
  const redraw = useRef<() => void>(() => undefined);

  useEffect(() => {
    frame.current = { xMaxSeconds, budgets };
    redraw.current();
  }, [xMaxSeconds, budgets]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ctx = context2d(canvas);
    const spec = KINDS[kind];
    let chart: Chart<'line', XY[]> | null = null;
    let disposed = false;
    let shown: readonly LoadSeriesPoint[] = NONE;
    // What the chart holds: new seconds are appended when the shown series only grew.
    let drawn: readonly LoadSeriesPoint[] = NONE;

    const scale = () => {
      if (!chart) return;
      const last = shown[shown.length - 1]?.second ?? 0;
      const { xMaxSeconds: planned, budgets: list } = frame.current;
      chart.options.scales!.x!.max = Math.max(planned ?? 0, last, 10);
      // The budget stays in view, so the distance to it reads at a glance.
      const top = list.reduce((max, b) => Math.max(max, b.valueMs), 0);
      chart.options.scales!.y!.suggestedMax = top > 0 ? top * 1.1 : undefined;
    };

    const draw = () => {
      if (!chart) return;
      const grew = drawn.length > 0 && shown.length >= drawn.length && shown[drawn.length - 1] === drawn[drawn.length - 1];
      const from = grew ? drawn.length : 0;
      spec.lines.forEach((line, i) => {
        const dataset = chart!.data.datasets[i]!;
        const added = shown.slice(from).map((p) => ({ x: p.second, y: p[line.metric] }));
        if (grew) dataset.data.push(...added);
        else dataset.data = added;
      });
      drawn = shown;
      scale();
      chart.update('none');
    };
    redraw.current = draw;

    const follow = (state: AppState) => {
      const points = state.loadSeries[runId]?.points ?? NONE;
      if (points === shown) return;
      shown = points;
      const last = points[points.length - 1];
      canvas.dataset.points = String(points.length);
      canvas.dataset.last = last ? String(last[spec.lines[spec.lines.length === 1 ? 0 : 2]!.metric]) : '';
      draw();
    };

    follow(useAppStore.getState());
    const unsubscribe = useAppStore.subscribe(follow);
    if (ctx) {
      void loadChartJs().then((module) => {
        if (disposed) return;
        chart = createLoadChart(module, ctx, kind, frame);
        draw();
      });
    }
    return () => {
      disposed = true;
      redraw.current = () => undefined;
      unsubscribe();
      chart?.destroy();
    };
  }, [runId, kind]);

  return (
    <div className="load-chart__canvas-box">
      <canvas ref={canvasRef} className="load-chart__canvas" data-testid={`chart-${kind}`} role="img" aria-label={label} />
    </div>
  );
}
