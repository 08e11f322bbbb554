/** Number, time and label formatting shared by the reports. */
import type { LoadErrorCounts, LoadErrorKind } from '../../../../shared/domain/load.js';
import { LOAD_ERROR_KINDS } from '../../../../shared/domain/load.js';
import type { LoadRunState } from '../../../../shared/domain/load-runs.js';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInt(value: number): string {
  return grouped.format(value);
}

/** Latency: three significant figures below 100 ms (the histograms resolve µs), whole ms above. */
export function formatMs(value: number): string {
  if (value === 0) return '0';
  if (value < 1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return grouped.format(Math.round(value));
}

export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? grouped.format(Math.round(perSecond)) : perSecond.toFixed(1);
}

/** A fraction as a percentage: 0.0312 → "3.12 %". */
export function formatPct(fraction: number): string {
  const pct = fraction * 100;
  if (pct === 0) return '0 %';
  return `${pct < 10 ? pct.toFixed(2) : pct.toFixed(1)} %`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${seconds} s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min` : s > 0 ? `${m} min ${s} s` : `${m} min`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2025-05-12 14:03:07 UTC": reports travel, so they say which clock. */
export function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** "20250512-1403" (UTC), for file names. */
export function fileStamp(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
}

/** Seconds into a run as m:ss or h:mm:ss (chart axes). */
export function formatClock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export const ERROR_KIND_LABELS: Record<LoadErrorKind, string> = {
  status_5xx: '5xx',
  status_4xx: '4xx',
  timeout: 'timeout',
  connection_refused: 'refused',
  connection_reset: 'reset',
  expectation_failed: 'expectation failed',
  other: 'other',
};

/** Errors by kind, the ones that happened: [["5xx", 12], ["timeout", 3]]. */
export function errorKinds(errors: LoadErrorCounts): [string, number][] {
  return LOAD_ERROR_KINDS.filter((kind) => errors[kind] > 0).map((kind) => [ERROR_KIND_LABELS[kind], errors[kind]]);
}

export const STATE_LABELS: Record<LoadRunState, string> = {
  running: 'Running',
  passed: 'Passed',
  failed: 'Failed',
  aborted: 'Aborted',
  interrupted: 'Interrupted',
};
