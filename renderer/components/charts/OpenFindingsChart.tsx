/**
 * Open findings per severity over time (after every import, triage and expiry), one stepped line
 * per severity in its colour. Created once; a new history replaces the data with update('none').
 */
import { useMemo } from 'react';
import type { Chart, TooltipItem } from 'chart.js';
import type { SecurityHistoryPoint } from '../../../shared/domain/security-register.js';
import { formatRangeTime, formatTick, timeTicks } from '../../lib/time.js';
import { COUNTED_SEVERITIES, SEVERITY_COLORS, SEVERITY_WORDS } from '../security/security-format.js';
import type { ChartModule } from './load-chart.js';
import { useLazyChart } from './use-lazy-chart.js';
import type { LazyChart } from './use-lazy-chart.js';

type XY = { x: number; y: number };

/** The history as one series per severity, extended flat to `now` so the last level reads as current. */
export function openSeries(history: readonly SecurityHistoryPoint[], now: number): Record<(typeof COUNTED_SEVERITIES)[number], XY[]> {
  const series: Record<(typeof COUNTED_SEVERITIES)[number], XY[]> = { critical: [], high: [], medium: [], low: [] };
  for (const point of history) for (const severity of COUNTED_SEVERITIES) series[severity].push({ x: point.at, y: point.open[severity] });
  const last = history[history.length - 1];
  if (last && now > last.at) for (const severity of COUNTED_SEVERITIES) series[severity].push({ x: now, y: last.open[severity] });
  return series;
}

function createOpenChart({ Chart }: ChartModule, ctx: CanvasRenderingContext2D, range: () => number): Chart<'line', XY[]> {
  let tickStepMs = 60_000;
  return new Chart<'line', XY[]>(ctx, {
    type: 'line',
    data: {
      datasets: COUNTED_SEVERITIES.map((severity) => ({
        label: SEVERITY_WORDS[severity],
        data: [],
        parsing: false,
        borderColor: SEVERITY_COLORS[severity],
        backgroundColor: SEVERITY_COLORS[severity],
        borderWidth: severity === 'critical' || severity === 'high' ? 3 : 2,
        stepped: 'before',
        pointRadius: 0,
        pointHoverRadius: 4,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => (items[0] ? formatRangeTime(items[0].parsed.x ?? 0, range(), true) : ''),
            label: (item: TooltipItem<'line'>) => `${item.dataset.label ?? ''}: ${item.parsed.y ?? 0} open`,
          },
        },
      },
      scales: {
        x: {
          type: 'linear',
          grid: { color: 'rgba(42, 53, 70, 0.6)' },
          ticks: { autoSkip: false, maxRotation: 0, font: { size: 14 }, callback: (value) => formatTick(Number(value), tickStepMs, range()) },
          afterBuildTicks: (axis) => {
            const { ticks, stepMs } = timeTicks(axis.min, axis.max);
            tickStepMs = stepMs;
            axis.ticks = ticks.map((value) => ({ value }));
          },
        },
        y: { type: 'linear', beginAtZero: true, grace: '10%', grid: { color: 'rgba(42, 53, 70, 0.6)' }, ticks: { font: { size: 14 }, precision: 0 } },
      },
    },
  });
}

interface Shown {
  history: readonly SecurityHistoryPoint[];
  now: number;
}

const OPEN_CHART: LazyChart<Chart<'line', XY[]>, Shown> = {
  create: (module, ctx, shown) =>
    createOpenChart(module, ctx, () => {
      const { history, now } = shown();
      return history[0] ? now - history[0].at : 0;
    }),
  draw(chart, { history, now }) {
    const series = openSeries(history, now);
    COUNTED_SEVERITIES.forEach((severity, i) => {
      chart.data.datasets[i]!.data = series[severity];
    });
    const first = history[0]?.at;
    chart.options.scales!.x!.min = first;
    chart.options.scales!.x!.max = first === undefined ? undefined : Math.max(now, first + 60_000);
    chart.update('none');
  },
};

export function OpenFindingsChart({ history, now }: Shown) {
  const shown = useMemo(() => ({ history, now }), [history, now]);
  const canvasRef = useLazyChart(OPEN_CHART, shown);

  return (
    <div className="sec-chart__box">
      <canvas ref={canvasRef} className="sec-chart__canvas" data-testid="sec-open-chart" data-points={history.length} role="img" aria-label="Open findings per severity over time" />
    </div>
  );
}
