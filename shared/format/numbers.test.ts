import { describe, expect, it } from 'vitest';
import { formatBytes, formatChange, formatInt, formatMs, formatPercent, formatRate, formatShare } from './numbers.js';

describe('numbers', () => {
  it('groups counts', () => {
    expect(formatInt(12408)).toBe('12,408');
    expect(formatInt(0)).toBe('0');
  });

  it('gives latencies three significant figures below 100 ms and whole ms above', () => {
    expect([0, 0.4123, 3.214, 42.51, 731.4, 12_345.6].map(formatMs)).toEqual(['0', '0.412', '3.21', '42.5', '731', '12,346']);
  });

  it('gives rates one decimal below 100 and whole above', () => {
    expect([42.54, 99.94, 118.4, 1234.5].map(formatRate)).toEqual(['42.5', '99.9', '118', '1,235']);
  });

  it('never shows a measured share above zero as zero (the report used to print "0.00 %")', () => {
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(0.00004)).toBe('< 0.01 %');
    expect(formatPercent(0.0312)).toBe('3.12 %');
    expect(formatPercent(0.153)).toBe('15.3 %');
    expect(formatPercent(1)).toBe('100.0 %');
  });

  it('shows a share someone set the way they would write it', () => {
    expect([0.1, 0.125, 0.05, 0].map(formatShare)).toEqual(['10 %', '12.5 %', '5 %', '0 %']);
  });

  it('signs a change, with a real minus sign', () => {
    expect([12.46, -3, 0, null].map((v) => formatChange(v))).toEqual(['+12.5 %', '−3.0 %', '±0.0 %', '—']);
    expect(formatChange(2, ' pts')).toBe('+2.0 pts');
  });

  it('sizes in 1024s, one unit name for all (the probes said "KB" in 1000s, the run panel "kB" in 1024s)', () => {
    expect([0, 512, 1023, 1024, 640 * 1024, 1.25 * 1024 ** 2, 3.5 * 1024 ** 3, 2 * 1024 ** 5].map(formatBytes)).toEqual([
      '0 B', '512 B', '1023 B', '1 KB', '640 KB', '1.3 MB', '3.5 GB', '2048.0 TB',
    ]);
  });
});
