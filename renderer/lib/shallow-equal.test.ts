import { describe, expect, it } from 'vitest';
import { shallowEqual, shallowEqualItems } from './shallow-equal.js';

describe('shallowEqual', () => {
  it('holds two objects with the same keys and the same values equal, whatever the key order', () => {
    expect(shallowEqual({ id: 'api', latencyMs: 12, why: null }, { why: null, latencyMs: 12, id: 'api' })).toBe(true);
  });

  it('sees a change in any field, also one no list of fields would name', () => {
    const tile = { id: 'api', latencyMs: 12 } as Record<string, unknown>;
    expect(shallowEqual(tile, { ...tile, latencyMs: 13 })).toBe(false);
    expect(shallowEqual(tile, { ...tile, addedLater: 'x' })).toBe(false);
    expect(shallowEqual({ ...tile, addedLater: 'x' }, tile)).toBe(false);
  });

  it('tells a missing key from a key set to undefined', () => {
    expect(shallowEqual<Record<string, unknown>>({ a: undefined, b: 1 }, { b: 1, c: 2 })).toBe(false);
    expect(shallowEqual<Record<string, unknown>>({ a: undefined }, { b: undefined })).toBe(false);
  });

  it('compares values by identity, not deeply, and takes NaN as itself', () => {
    expect(shallowEqual({ list: [1] }, { list: [1] })).toBe(false);
    const list = [1];
    expect(shallowEqual({ list }, { list })).toBe(true);
    expect(shallowEqual({ n: Number.NaN }, { n: Number.NaN })).toBe(true);
    expect(shallowEqual({ n: 0 }, { n: -0 })).toBe(false);
  });
});

describe('shallowEqualItems', () => {
  it('holds rebuilt lists of equal items equal, and sees a changed, added or reordered item', () => {
    const a = [{ id: 'api', up: true }, { id: 'db', up: true }];
    expect(shallowEqualItems(a, a.map((item) => ({ ...item })))).toBe(true);
    expect(shallowEqualItems(a, [a[0]!, { id: 'db', up: false }])).toBe(false);
    expect(shallowEqualItems(a, [...a, { id: 'cache', up: true }])).toBe(false);
    expect(shallowEqualItems(a, [a[1]!, a[0]!])).toBe(false);
  });
});
