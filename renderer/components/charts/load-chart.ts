/** Where charts get chart.js from: a separate chunk, fetched once the first chart has a canvas to draw on. */
import type { Chart } from 'chart.js';

export type ChartModule = { Chart: typeof Chart };

let loading: Promise<ChartModule> | undefined;

export function loadChartJs(): Promise<ChartModule> {
  loading ??= import('./chart-setup.js');
  return loading;
}

/**
 * The canvas's 2D context, or null where there is none (jsdom has no canvas, nor does a browser
 * with canvas disabled): callers then skip the chart, and never load chart.js, while the rest of
 * the tile keeps working.
 */
export function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  try {
    return canvas.getContext('2d');
  } catch {
    return null;
  }
}
