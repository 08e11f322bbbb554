import { describe, expect, it } from 'vitest';
import { formatCompactDuration, formatDuration, formatLatency, formatOffset } from './durations.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

describe('durations', () => {
  it('reads a span for people in whole seconds, padded after the first unit (the report said "2 h 5 min" and "4.2 s")', () => {
    expect([0, 999, 4200, 45 * S, 4 * MIN, 4 * MIN + 5 * S, 12 * MIN + 34 * S, 2 * H + 5 * MIN, 3 * 24 * H + 4 * H + 10 * MIN].map(formatDuration)).toEqual([
      '0 s', '0 s', '4 s', '45 s', '4 min', '4 min 05 s', '12 min 34 s', '2 h 05 min', '3 d 4 h',
    ]);
  });

  it('leaves out a zero second unit (the board said "observed in the last 1 d 0 h")', () => {
    expect([H, H + 30 * S, 24 * H, 7 * 24 * H, 24 * H + 5 * MIN].map(formatDuration)).toEqual(['1 h', '1 h', '1 d', '7 d', '1 d']);
  });

  it('never rounds a span up, and treats a negative span (clock skew) as none', () => {
    expect(formatDuration(59_999)).toBe('59 s');
    expect(formatDuration(-5000)).toBe('0 s');
  });

  it('has a compact form for tiles and terminal tables (the CLI said "4m20s", the tiles "4m 20s")', () => {
    expect([45 * S, 3 * MIN + 12 * S, 4 * MIN + 20 * S, 2 * H + 5 * MIN, 3 * 24 * H + 4 * H].map(formatCompactDuration)).toEqual(['45s', '3m 12s', '4m 20s', '2h 05m', '3d 4h']);
  });

  it('reads latencies in ms below a second and with decimals above', () => {
    expect([0, 86.6, 1240, 12_540, null, undefined].map(formatLatency)).toEqual(['0 ms', '87 ms', '1.24 s', '12.5 s', '—', '—']);
  });

  it('reads offsets into a run as a stopwatch does, never negative (the report\'s copy printed "-1:-1")', () => {
    expect([0, 40 * S, 12 * MIN + 5 * S, H, 59_600, -1500].map(formatOffset)).toEqual(['0:00', '0:40', '12:05', '1:00:00', '0:59', '0:00']);
  });
});
