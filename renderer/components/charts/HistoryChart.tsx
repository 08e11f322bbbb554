/**
 * Latency p50 / p95 / max of one service over a chosen range, over status bands (failed checks,
 * degraded spans, not-observed spans). Created once per dialog; a new answer replaces the data and
 * redraws with update('none').
 */
import { useMemo } from 'react';
import type { Chart, TooltipItem } from 'chart.js';
import type { HealthHistory, HealthStatus } from '../../../shared/domain/probes.js';
import { formatRangeTime, formatTick, timeTicks } from '../../lib/time.js';
import { COLORS } from './chart-colors.js';
import type { ChartModule } from './load-chart.js';
import { useLazyChart } from './use-lazy-chart.js';
import type { LazyChart } from './use-lazy-chart.js';
import { bandsOf, NO_BANDS, statusBandsPlugin } from './status-bands.js';
import type { Bands } from './status-bands.js';
import { formatLatency } from '../../../shared/format/durations.js';

type XY = { x: number; y: number | null };
type Metric = 'p50Ms' | 'p95Ms' | 'maxMs';

const LINES: { metric: Metric; label: string; color: string; width: number; dash?: number[] }[] = [
  { metric: 'p50Ms', label: 'p50', color: COLORS.accent, width: 2.5 },
  { metric: 'p95Ms', label: 'p95', color: COLORS.p95, width: 2 },
  { metric: 'maxMs', label: 'max', color: COLORS.muted, width: 1.5, dash: [5, 4] },
];

/**
 * One series per metric, each point at the middle of its bucket. A gap of more than a bucket
 * (no checks: paused, not observed) gets a null so the line breaks instead of bridging it.
 */
export function historySeries(history: HealthHistory, metric: Metric): XY[] {
  const half = history.bucketMs / 2;
  const out: XY[] = [];
  let previous: number | null = null;
  for (const point of history.points) {
    if (previous !== null && point.at - previous > history.bucketMs * 1.5) out.push({ x: previous + history.bucketMs, y: null });
    out.push({ x: point.at + half, y: point[metric] });
    previous = point.at;
  }
  return out;
}

type HistoryPoint = HealthHistory['points'][number];

/** "6 checks: 3 up, 2 degraded, 1 down" (the kinds with none left out). */
export function describeChecks({ count, failures, degraded }: Pick<HistoryPoint, 'count' | 'failures' | 'degraded'>): string {
  const up = count - failures - degraded;
  const parts = [up > 0 ? `${up} up` : '', degraded > 0 ? `${degraded} degraded` : '', failures > 0 ? `${failures} down` : ''].filter(Boolean);
  return `${count} ${count === 1 ? 'check' : 'checks'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

/** The point drawn at chart x (the middle of its bucket), if any. */
export function pointAt(history: HealthHistory | null, x: number): HistoryPoint | undefined {
  return history?.points.find((point) => point.at + history.bucketMs / 2 === x);
}

interface Shown {
  history: HealthHistory | null;
  status: HealthStatus;
  since: number | null;
}

function createHistoryChart(
  { Chart }: ChartModule,
  ctx: CanvasRenderingContext2D,
  bands: () => Bands,
  rangeMs: () => number,
  shown: () => HealthHistory | null,
): Chart<'line', XY[]> {
  let tickStepMs = 60_000;
  return new Chart<'line', XY[]>(ctx, {
    type: 'line',
    data: {
      datasets: LINES.map((line) => ({
        label: line.label,
        data: [],
        parsing: false,
        borderColor: line.color,
        backgroundColor: line.color,
        borderWidth: line.width,
        borderDash: line.dash ?? [],
        pointRadius: 0,
        pointHoverRadius: 4,
        tension: 0,
        spanGaps: false,
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
            title: (items: TooltipItem<'line'>[]) => (items[0] ? formatRangeTime(items[0].parsed.x ?? 0, rangeMs(), true) : ''),
            label: (item: TooltipItem<'line'>) => `${item.dataset.label ?? ''}: ${formatLatency(item.parsed.y)}`,
            footer: (items: TooltipItem<'line'>[]) => {
              const point = items[0] ? pointAt(shown(), items[0].parsed.x ?? Number.NaN) : undefined;
              return point ? describeChecks(point) : '';
            },
          },
        },
      },
      scales: {
        x: {
          type: 'linear',
          grid: { color: 'rgba(42, 53, 70, 0.6)' },
          ticks: { autoSkip: false, maxRotation: 0, font: { size: 14 }, callback: (value) => formatTick(Number(value), tickStepMs, rangeMs()) },
          // Round local times instead of chart.js's round numbers of milliseconds.
          afterBuildTicks: (axis) => {
            const { ticks, stepMs } = timeTicks(axis.min, axis.max);
            tickStepMs = stepMs;
            axis.ticks = ticks.map((value) => ({ value }));
          },
        },
        y: {
          type: 'linear',
          beginAtZero: true,
          grace: '5%',
          grid: { color: 'rgba(42, 53, 70, 0.6)' },
          ticks: { font: { size: 14 }, callback: (value) => formatLatency(Number(value)) },
        },
      },
    },
    plugins: [statusBandsPlugin(bands)],
  });
}

/** The chart and the status bands it draws under its lines (set at each draw). */
interface HistoryLines {
  chart: Chart<'line', XY[]>;
  bands: Bands;
  destroy(): void;
}

const HISTORY_CHART: LazyChart<HistoryLines, Shown> = {
  create(module, ctx, shown) {
    const rangeMs = () => {
      const history = shown().history;
      return history ? history.toAt - history.fromAt : 0;
    };
    const held: { bands: Bands } = { bands: NO_BANDS };
    const chart = createHistoryChart(module, ctx, () => held.bands, rangeMs, () => shown().history);
    return Object.assign(held, { chart, destroy: () => chart.destroy() });
  },
  draw(lines, { history, status, since }) {
    const { chart } = lines;
    lines.bands = history ? bandsOf(history, { status, since }) : NO_BANDS;
    LINES.forEach((line, i) => {
      chart.data.datasets[i]!.data = history ? historySeries(history, line.metric) : [];
    });
    chart.options.scales!.x!.min = history?.fromAt;
    chart.options.scales!.x!.max = history?.toAt;
    chart.update('none');
  },
};

export function HistoryChart({ history, status, since }: Shown) {
  const shown = useMemo(() => ({ history, status, since }), [history, status, since]);
  const canvasRef = useLazyChart(HISTORY_CHART, shown);

  return (
    <div className="history-chart">
      <canvas ref={canvasRef} className="history-chart__canvas" role="img" aria-label="Latency p50, p95 and max over the range, with failed and degraded checks, degraded and not-observed spans" />
    </div>
  );
}
