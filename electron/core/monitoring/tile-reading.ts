/**
 * Turns a tile's answer from Prometheus into what the tile shows: its value (the worst series),
 * its state against the thresholds, and the words for what went wrong. Pure.
 */
import type { MetricSeries, QueryTile, TileReading, TileState } from '../../../shared/domain/monitoring.js';
import type { InstantSample, RangeSeries } from './prometheus-client.js';
import { seriesName } from './prometheus-client.js';

type Thresholds = Pick<QueryTile, 'warn' | 'bad' | 'direction'>;

/** ok / warn / bad of one value; a tile without thresholds is ok whenever it has a value. */
export function thresholdState(value: number, tile: Thresholds): 'ok' | 'warn' | 'bad' {
  const beyond = (limit: number | undefined) => limit !== undefined && (tile.direction === 'below' ? value <= limit : value >= limit);
  if (beyond(tile.bad)) return 'bad';
  if (beyond(tile.warn)) return 'warn';
  return 'ok';
}

/** The worst of several values: the highest when higher is worse, else the lowest. */
function worst(values: readonly number[], tile: Thresholds): number {
  return tile.direction === 'below' ? Math.min(...values) : Math.max(...values);
}

function base(id: string, tile: QueryTile, at: number): Omit<TileReading, 'state' | 'value' | 'series' | 'detail'> {
  return { id, title: tile.title, kind: tile.kind, unit: tile.unit, health: tile.health, warn: tile.warn ?? null, bad: tile.bad ?? null, at, hint: '' };
}

export function instantReading(id: string, tile: QueryTile, samples: readonly InstantSample[], at: number): TileReading {
  const series: MetricSeries[] = samples.map((s) => ({ name: seriesName(s.labels), points: [[at, s.value]] }));
  if (samples.length === 0) return { ...base(id, tile, at), state: 'no-data', value: null, series, detail: 'no data' };
  const value = worst(
    samples.map((s) => s.value),
    tile,
  );
  return { ...base(id, tile, at), state: thresholdState(value, tile), value, series, detail: '' };
}

/** A range tile's state is that of the latest point of its worst series. */
export function rangeReading(id: string, tile: QueryTile, answer: readonly RangeSeries[], at: number): TileReading {
  const series: MetricSeries[] = answer.filter((s) => s.points.length > 0).map((s) => ({ name: seriesName(s.labels), points: s.points }));
  if (series.length === 0) return { ...base(id, tile, at), state: 'no-data', value: null, series, detail: 'no data' };
  const value = worst(
    series.map((s) => s.points.at(-1)![1]),
    tile,
  );
  return { ...base(id, tile, at), state: thresholdState(value, tile), value, series, detail: '' };
}

/** A tile that could not be read: the reason is the state, never the last good value; `hint` what to do about it, if anything. */
export function failedReading(id: string, tile: QueryTile, state: Extract<TileState, 'error' | 'unconfigured' | 'pending'>, detail: string, at: number, hint = ''): TileReading {
  return { ...base(id, tile, at), state, value: null, series: [], detail, hint };
}
