/**
 * The life of a chart that follows one value: the chart is created once, when its canvas has a 2D
 * context and chart.js has loaded (load-chart.ts), drawn with the value shown now, drawn again
 * (update('none') in `draw`) whenever the value changes, and destroyed with the component. Without
 * a canvas context (jsdom) nothing is loaded and the rest of the view keeps working.
 */
import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';
import { context2d, loadChartJs } from './load-chart.js';
import type { ChartModule } from './load-chart.js';

export interface LazyChart<C, S> {
  /** Makes the chart; `shown` answers the value shown at the moment it is asked (for tooltips, ticks). */
  create(module: ChartModule, ctx: CanvasRenderingContext2D, shown: () => S): C;
  /** Puts `shown` into the chart and updates it. */
  draw(chart: C, shown: S): void;
}

/**
 * Returns the ref for the canvas. `spec` must be stable (module-level functions) and `shown`
 * changes identity only when what it holds changes (memoise an object made of several props).
 */
export function useLazyChart<C extends { destroy(): void }, S>(spec: LazyChart<C, S>, shown: S): RefObject<HTMLCanvasElement | null> {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<C | null>(null);
  const shownRef = useRef(shown);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas ? context2d(canvas) : null;
    if (!ctx) return;
    let disposed = false;
    void loadChartJs().then((module) => {
      if (disposed) return;
      const chart = spec.create(module, ctx, () => shownRef.current);
      chartRef.current = chart;
      spec.draw(chart, shownRef.current);
    });
    return () => {
      disposed = true;
      chartRef.current?.destroy();
      chartRef.current = null;
    };
  }, [spec]);

  useEffect(() => {
    shownRef.current = shown;
    if (chartRef.current) spec.draw(chartRef.current, shown);
  }, [spec, shown]);

  return canvasRef;
}
