/**
 * Scan-to-scan comparison of one scope: per scan, the findings it found new, the ones it no longer
 * found (fixed) and those both it and the previous scan saw (unchanged), as stacked bars oldest to
 * newest. Created once; new scans replace the data with update('none'). The canvas carries the
 * newest scan's figures as data attributes (jsdom draws nothing).
 */
import type { Chart, TooltipItem } from 'chart.js';
import type { ScanRecord } from '../../../shared/domain/security-register.js';
import { formatRangeTime } from '../../lib/time.js';
import { COLORS } from './chart-colors.js';
import type { ChartModule } from './load-chart.js';
import { useLazyChart } from './use-lazy-chart.js';
import type { LazyChart } from './use-lazy-chart.js';

export const COMPARISON_BARS = [
  { key: 'new', label: 'new', color: COLORS.bad },
  { key: 'fixed', label: 'fixed', color: COLORS.ok },
  { key: 'unchanged', label: 'unchanged', color: '#5b6b82' },
] as const;

function createComparisonChart({ Chart }: ChartModule, ctx: CanvasRenderingContext2D, shown: () => readonly ScanRecord[]): Chart<'bar', number[], string> {
  return new Chart<'bar', number[], string>(ctx, {
    type: 'bar',
    data: {
      labels: [],
      datasets: COMPARISON_BARS.map((bar) => ({ label: bar.label, data: [], backgroundColor: bar.color, borderColor: COLORS.bg, borderWidth: 1, stack: 'scan', maxBarThickness: 56 })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<'bar'>[]) => {
              const scan = items[0] ? shown()[items[0].dataIndex] : undefined;
              return scan ? `scan #${scan.id} · ${scan.sourceFile ?? scan.scope}` : '';
            },
            label: (item: TooltipItem<'bar'>) => `${item.dataset.label ?? ''}: ${item.parsed.y ?? 0}`,
          },
        },
      },
      scales: {
        x: { type: 'category', stacked: true, grid: { display: false }, ticks: { font: { size: 14 }, maxRotation: 0 } },
        y: { type: 'linear', stacked: true, beginAtZero: true, grid: { color: 'rgba(42, 53, 70, 0.6)' }, ticks: { font: { size: 14 }, precision: 0 } },
      },
    },
  });
}

const COMPARISON_CHART: LazyChart<Chart<'bar', number[], string>, readonly ScanRecord[]> = {
  create: createComparisonChart,
  draw(chart, shown) {
    const range = shown.length > 1 ? shown[shown.length - 1]!.finishedAt - shown[0]!.finishedAt : 0;
    chart.data.labels = shown.map((scan) => `#${scan.id} ${formatRangeTime(scan.finishedAt, range)}`);
    COMPARISON_BARS.forEach((bar, i) => {
      chart.data.datasets[i]!.data = shown.map((scan) => scan.counts[bar.key]);
    });
    chart.update('none');
  },
};

export function ScanComparisonChart({ scans }: { scans: readonly ScanRecord[] }) {
  const canvasRef = useLazyChart(COMPARISON_CHART, scans);

  const newest = scans[scans.length - 1];
  return (
    <div className="sec-chart__box">
      <canvas
        ref={canvasRef}
        className="sec-chart__canvas"
        data-testid="sec-comparison-chart"
        data-scans={scans.length}
        data-new={newest?.counts.new}
        data-fixed={newest?.counts.fixed}
        data-unchanged={newest?.counts.unchanged}
        role="img"
        aria-label="New, fixed and unchanged findings per scan of this scope, oldest to newest"
      />
    </div>
  );
}
