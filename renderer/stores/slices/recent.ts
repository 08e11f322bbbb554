/**
 * The last minutes of checks per service, for sparklines: from the snapshot's recent.series, then
 * one point per result of probe.results, trimmed to the window. Charts follow this slice through
 * store.subscribe, so a result redraws a canvas and re-renders no React tree.
 */
import type { StateCreator } from 'zustand';
import type { ProbeResult, RecentHealth, SparkPoint } from '../../../shared/domain/probes.js';
import type { AppState } from '../store.js';

/** Cap per service whatever the probe interval: more points than a tile has pixels is waste. */
export const MAX_SPARK_POINTS = 600;

export interface RecentInfo {
  /** Span of the sparklines (15 min from the core). */
  windowMs: number;
  /** Span of the uptime figures (24 h from the core). */
  uptimeWindowMs: number;
  /** Oldest first, per service id. */
  series: Record<string, SparkPoint[]>;
  /** Share of passed checks over uptimeWindowMs, null without checks. */
  uptime: Record<string, number | null>;
}

export interface RecentSlice {
  recent: RecentInfo;
}

export const initialRecent: RecentInfo = { windowMs: 15 * 60_000, uptimeWindowMs: 24 * 3_600_000, series: {}, uptime: {} };

export const createRecentSlice: StateCreator<AppState, [], [], RecentSlice> = () => ({
  recent: initialRecent,
});

export function recentFromSnapshot(recent: RecentHealth): RecentInfo {
  const series: Record<string, SparkPoint[]> = {};
  for (const [service, points] of Object.entries(recent.series)) series[service] = [...points].sort((a, b) => a.at - b.at);
  return { windowMs: recent.windowMs, uptimeWindowMs: recent.uptimeWindowMs, series, uptime: { ...recent.uptime } };
}

/** Same check already held: the snapshot's series may include results its next probe.results batch carries too. */
function holds(points: readonly SparkPoint[], point: SparkPoint): boolean {
  for (let i = points.length - 1; i >= 0 && points[i]!.at >= point.at; i -= 1) {
    const p = points[i]!;
    if (p.at === point.at && p.latencyMs === point.latencyMs && p.outcome === point.outcome) return true;
  }
  return false;
}

/**
 * One point per result, in time order, dropping what fell out of the window (measured from the
 * newest point, in the core's time). Only the touched services get a new array.
 */
export function appendResults(current: RecentInfo, results: readonly ProbeResult[]): RecentInfo {
  if (results.length === 0) return current;
  const byService = new Map<string, ProbeResult[]>();
  for (const result of results) {
    const list = byService.get(result.service);
    if (list) list.push(result);
    else byService.set(result.service, [result]);
  }
  const series = { ...current.series };
  for (const [service, incoming] of byService) {
    const points = [...(series[service] ?? [])];
    let sorted = true;
    for (const { at, latencyMs, outcome } of incoming) {
      const point = { at, latencyMs, outcome };
      if (holds(points, point)) continue;
      if (points.length > 0 && points[points.length - 1]!.at > at) sorted = false;
      points.push(point);
    }
    if (!sorted) points.sort((a, b) => a.at - b.at);
    const newest = points[points.length - 1]?.at ?? 0;
    const cutoff = newest - current.windowMs;
    let first = points.findIndex((p) => p.at >= cutoff);
    if (first === -1) first = points.length;
    first = Math.max(first, points.length - MAX_SPARK_POINTS);
    series[service] = first > 0 ? points.slice(first) : points;
  }
  return { ...current, series };
}
