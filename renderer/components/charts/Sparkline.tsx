/**
 * A tile's last 15 minutes of checks: latency as a line, failed checks as red dots and red line
 * segments, degraded ones amber. Created once; it follows the store through subscribe and redraws
 * with update('none'), so a probe result re-renders no React tree. The canvas also carries the
 * point and failure counts as data attributes, for tests and e2e (jsdom draws nothing).
 */
import { useEffect, useRef } from 'react';
import type { Chart, ScriptableContext, ScriptableLineSegmentContext } from 'chart.js';
import type { ProbeOutcome, SparkPoint } from '../../../shared/domain/probes.js';
import { useAppStore } from '../../stores/store.js';
import type { AppState } from '../../stores/store.js';
import { COLORS } from './chart-colors.js';
import { context2d, loadChartJs } from './load-chart.js';
import type { ChartModule } from './load-chart.js';

type XY = { x: number; y: number };

const NONE: readonly SparkPoint[] = [];
/** The x axis keeps moving with time even without results (paused probing shows as a gap). */
const RESCALE_EVERY_MS = 5000;

function outcomeColor(outcome: ProbeOutcome | undefined): string {
  return outcome === 'down' ? COLORS.bad : outcome === 'degraded' ? COLORS.warn : COLORS.accent;
}

function createSparkChart({ Chart }: ChartModule, ctx: CanvasRenderingContext2D, outcomes: { current: ProbeOutcome[] }): Chart<'line', XY[]> {
  const at = (i: number) => outcomes.current[i];
  return new Chart<'line', XY[]>(ctx, {
    type: 'line',
    data: {
      datasets: [
        {
          data: [],
          parsing: false,
          normalized: true,
          borderWidth: 2,
          borderColor: COLORS.accent,
          backgroundColor: 'rgba(95, 176, 255, 0.12)',
          fill: 'origin',
          tension: 0,
          pointRadius: (c: ScriptableContext<'line'>) => (at(c.dataIndex) === 'up' ? 0 : 3.5),
          pointBorderWidth: 0,
          pointBackgroundColor: (c: ScriptableContext<'line'>) => outcomeColor(at(c.dataIndex)),
          segment: {
            borderColor: (c: ScriptableLineSegmentContext) => {
              const worst = [at(c.p0DataIndex), at(c.p1DataIndex)];
              if (worst.includes('down')) return COLORS.bad;
              if (worst.includes('degraded')) return COLORS.warn;
              return undefined;
            },
          },
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      layout: { padding: { top: 4, bottom: 2, left: 2, right: 4 } },
      plugins: { tooltip: { enabled: false } },
      scales: {
        x: { type: 'linear', display: false },
        y: { type: 'linear', display: false, beginAtZero: true, grace: '10%' },
      },
    },
  });
}

export function Sparkline({ service, label }: { service: string; label: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ctx = context2d(canvas);
    const outcomes = { current: [] as ProbeOutcome[] };
    let chart: Chart<'line', XY[]> | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let disposed = false;
    let shown: readonly SparkPoint[] | undefined;

    const rescale = (state: AppState) => {
      if (!chart) return;
      const end = Date.now() + state.serverOffsetMs;
      const newest = shown && shown.length > 0 ? shown[shown.length - 1]!.at : end;
      const max = Math.max(end, newest);
      chart.options.scales!.x!.min = max - state.recent.windowMs;
      chart.options.scales!.x!.max = max;
    };

    const draw = (state: AppState) => {
      if (!chart) return;
      const points = shown ?? NONE;
      outcomes.current = points.map((p) => p.outcome);
      chart.data.datasets[0]!.data = points.map((p) => ({ x: p.at, y: p.latencyMs }));
      rescale(state);
      chart.update('none');
    };

    const follow = (state: AppState) => {
      const points = state.recent.series[service] ?? NONE;
      if (points === shown) return;
      shown = points;
      canvas.dataset.points = String(points.length);
      canvas.dataset.failures = String(points.filter((p) => p.outcome === 'down').length);
      draw(state);
    };

    follow(useAppStore.getState());
    const unsubscribe = useAppStore.subscribe(follow);
    if (ctx) {
      void loadChartJs().then((module) => {
        if (disposed) return;
        chart = createSparkChart(module, ctx, outcomes);
        draw(useAppStore.getState());
        timer = setInterval(() => {
          rescale(useAppStore.getState());
          chart?.update('none');
        }, RESCALE_EVERY_MS);
      });
    }
    return () => {
      disposed = true;
      unsubscribe();
      clearInterval(timer);
      chart?.destroy();
    };
  }, [service]);

  return (
    <div className="sparkline">
      <canvas ref={canvasRef} className="sparkline__canvas" data-testid={`sparkline-${service}`} role="img" aria-label={label} />
    </div>
  );
}
