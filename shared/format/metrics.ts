/** How a Prometheus value reads in its unit (tiles, resource charts, reports, CLI). */
import type { MetricUnit } from '../domain/monitoring.js';
import { formatLatency } from './durations.js';
import { formatBytes, formatInt, formatPercent, formatRate } from './numbers.js';

/** Up to three significant figures, without exponent for ordinary sizes: 0.0123, 4.56, 789, 12,345. */
function plain(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000) return formatInt(Math.round(value));
  return String(Number(value.toPrecision(3)));
}

export function formatMetric(value: number, unit: MetricUnit): string {
  switch (unit) {
    case 'percent':
      return `${plain(value)} %`;
    case 'ratio':
      return formatPercent(value);
    case 'bytes':
      return formatBytes(Math.round(value));
    case 'seconds':
      return formatLatency(value * 1000);
    case 'ms':
      return formatLatency(value);
    case 'per-second':
      return `${formatRate(value)}/s`;
    case 'cores':
      return `${plain(value)} cores`;
    case 'count':
      return formatInt(Math.round(value));
    case 'none':
      return plain(value);
  }
}

/** The unit as a chart axis names it. */
export const METRIC_UNIT_WORDS: Record<MetricUnit, string> = {
  none: '',
  percent: '%',
  ratio: '%',
  bytes: 'bytes',
  seconds: 'seconds',
  ms: 'ms',
  'per-second': 'per second',
  cores: 'CPU cores',
  count: 'count',
};

/** "service=planner" → "planner": the label values name a series well enough on a tile or a legend. */
export function seriesLabel(name: string): string {
  return name
    .split(', ')
    .map((pair) => pair.slice(pair.indexOf('=') + 1))
    .join(' · ');
}
