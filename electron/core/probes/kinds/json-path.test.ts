import { describe, expect, it } from 'vitest';
import { parseJsonPath, readJsonPath } from './json-path.js';

describe('json path', () => {
  it('reads keys, nested keys and array indexes', () => {
    const doc = { status: 'ok', checks: { database: 'up' }, items: [{ id: 7 }], grid: [[1, 2]] };
    expect(readJsonPath(doc, parseJsonPath('status')!)).toEqual({ found: true, value: 'ok' });
    expect(readJsonPath(doc, parseJsonPath('checks.database')!)).toEqual({ found: true, value: 'up' });
    expect(readJsonPath(doc, parseJsonPath('items[0].id')!)).toEqual({ found: true, value: 7 });
    expect(readJsonPath(doc, parseJsonPath('grid[0][1]')!)).toEqual({ found: true, value: 2 });
    expect(readJsonPath([5], parseJsonPath('[0]')!)).toEqual({ found: true, value: 5 });
  });

  it('reports missing steps and wrong types as not found', () => {
    const doc = { items: [], checks: 'flat', proto: {} };
    expect(readJsonPath(doc, parseJsonPath('items[0].id')!)).toEqual({ found: false });
    expect(readJsonPath(doc, parseJsonPath('checks.database')!)).toEqual({ found: false });
    expect(readJsonPath(doc, parseJsonPath('proto.toString')!)).toEqual({ found: false });
    expect(readJsonPath(doc, parseJsonPath('items.length')!)).toEqual({ found: false });
  });

  it('refuses malformed paths', () => {
    for (const path of ['', 'a..b', 'a.', '.a', 'a[x]', 'a[0', 'a]', 'a[0]b']) expect(parseJsonPath(path), path).toBeNull();
  });
});
