import { describe, expect, it } from 'vitest';
import { matchesPattern } from './action-params.js';

describe('matchesPattern', () => {
  it('checks as the core does, in linear time: a catastrophic pattern answers at once', { timeout: 5_000 }, () => {
    expect(matchesPattern('([a-z0-9]+-?)+', `${'a'.repeat(30)}!`)).toBe(false);
    expect(matchesPattern('([a-z0-9]+-?)+', 'web-01-eu')).toBe(true);
    expect(matchesPattern('a|ab', 'ab')).toBe(true);
    expect(matchesPattern('(?=a)a', 'a')).toBeNull();
  });
});
