import { describe, expect, it } from 'vitest';
import { QueryTileSchema } from '../../../shared/domain/monitoring.js';
import { compareResources } from './resource-compare.js';
import { failedReading, instantReading, rangeReading, thresholdState } from './tile-reading.js';

const tile = (extra: Record<string, unknown> = {}) => QueryTileSchema.parse({ title: 'Error rate', query: 'x', unit: 'ratio', warn: 0.01, bad: 0.05, ...extra });

describe('tile readings', () => {
  it('grades a value against warn and bad, higher being worse unless told otherwise', () => {
    expect([0.001, 0.01, 0.03, 0.05, 0.5].map((v) => thresholdState(v, tile()))).toEqual(['ok', 'warn', 'warn', 'bad', 'bad']);
    const throughput = tile({ direction: 'below', warn: 100, bad: 10 });
    expect([500, 100, 50, 10, 0].map((v) => thresholdState(v, throughput))).toEqual(['ok', 'warn', 'warn', 'bad', 'bad']);
    expect(thresholdState(1e9, tile({ warn: undefined, bad: undefined }))).toBe('ok');
  });

  it('shows the worst series of an instant answer, and "no data" for none', () => {
    const reading = instantReading('errors', tile(), [
      { labels: { service: 'api' }, value: 0.002 },
      { labels: { service: 'auth' }, value: 0.07 },
    ], 1000);
    expect(reading).toMatchObject({ state: 'bad', value: 0.07, detail: '', warn: 0.01, bad: 0.05 });
    expect(reading.series.map((s) => s.name)).toEqual(['service=api', 'service=auth']);
    expect(instantReading('errors', tile(), [], 1000)).toMatchObject({ state: 'no-data', value: null, detail: 'no data' });
  });

  it('grades a range tile by the latest point of its worst line', () => {
    const reading = rangeReading('errors', tile({ kind: 'range' }), [
      { labels: { service: 'api' }, points: [[1, 0.9], [2, 0.001]] },
      { labels: { service: 'auth' }, points: [[1, 0], [2, 0.02]] },
      { labels: { service: 'gone' }, points: [] },
    ], 3);
    expect(reading).toMatchObject({ state: 'warn', value: 0.02 });
    expect(reading.series).toHaveLength(2);
  });

  it('a failed reading carries the reason and no value', () => {
    expect(failedReading('errors', tile(), 'error', 'Prometheus answered 503', 5)).toMatchObject({ state: 'error', value: null, series: [], detail: 'Prometheus answered 503', at: 5 });
  });
});

describe('comparing resources between runs', () => {
  const run = (peak: number, extra = false) => [
    {
      resource: 'memory',
      title: 'Memory',
      unit: 'bytes' as const,
      failures: [],
      series: [
        { name: 'service=api', points: [[1, peak / 2], [2, peak]] as [number, number][] },
        ...(extra ? [{ name: 'service=new', points: [[1, 7]] as [number, number][] }] : []),
      ],
    },
  ];

  it('gives peak, mean and the change of the peak per series, and names series on one side only', () => {
    const rows = compareResources(run(100), run(150, true));
    expect(rows).toEqual([
      { resource: 'memory', title: 'Memory', unit: 'bytes', series: 'service=api', base: { peak: 100, mean: 75 }, current: { peak: 150, mean: 112.5 }, peakChangePercent: 50 },
      { resource: 'memory', title: 'Memory', unit: 'bytes', series: 'service=new', base: null, current: { peak: 7, mean: 7 }, peakChangePercent: null },
    ]);
    expect(compareResources(run(150, true), run(100)).at(-1)).toMatchObject({ series: 'service=new', current: null, peakChangePercent: null });
  });
});
