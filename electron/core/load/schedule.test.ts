import { describe, expect, it } from 'vitest';
import { ClosedProfileSchema, OpenProfileSchema } from '../../../shared/domain/load.js';
import { ArrivalClock, closedShape, openShape, shareOf, valueAt } from './schedule.js';

const arrivalsBefore = (clock: ArrivalClock, tMs: number, start = 0, stride = 1): number => {
  let count = 0;
  for (let k = start; clock.timeOf(k) < tMs; k += stride) count += 1;
  return count;
};

describe('profile shapes', () => {
  it('ramps closed-model users at the spawn rate, then holds', () => {
    const shape = closedShape(ClosedProfileSchema.parse({ model: 'closed', users: 100, spawnRate: 50, duration: '10s' }));
    expect(valueAt(shape, 0)).toBe(0);
    expect(valueAt(shape, 1000)).toBe(50);
    expect(valueAt(shape, 2000)).toBe(100);
    expect(valueAt(shape, 9999)).toBe(100);
  });

  it('follows stages: ramp up, hold, ramp down', () => {
    const shape = closedShape(
      ClosedProfileSchema.parse({ model: 'closed', stages: [{ duration: '10s', users: 20 }, { duration: '5s', users: 20 }, { duration: '5s', users: 0 }] }),
    );
    expect([0, 5000, 10_000, 12_000, 17_500, 20_000].map((t) => valueAt(shape, t))).toEqual([0, 10, 20, 20, 10, 0]);
  });

  it('splits a total among workers, differing by at most one', () => {
    expect([0, 1, 2].map((i) => shareOf(10, i, 3))).toEqual([4, 3, 3]);
    expect([0, 1].map((i) => shareOf(1, i, 2))).toEqual([1, 0]);
  });
});

describe('ArrivalClock', () => {
  it('spaces a constant rate evenly', () => {
    const clock = new ArrivalClock(openShape(OpenProfileSchema.parse({ model: 'open', rate: 100, duration: '2s' })));
    expect(clock.timeOf(0)).toBe(0);
    expect(clock.timeOf(1)).toBeCloseTo(10, 9);
    expect(clock.timeOf(150)).toBeCloseTo(1500, 9);
    expect(clock.timeOf(200)).toBe(Infinity);
    expect(arrivalsBefore(clock, 2000)).toBe(200);
  });

  it('integrates a ramp exactly and lets workers interleave', () => {
    const shape = openShape(OpenProfileSchema.parse({ model: 'open', stages: [{ duration: '10s', rate: 100 }, { duration: '10s', rate: 100 }] }));
    const clock = new ArrivalClock(shape);
    expect(clock.total).toBe(1500);
    // The ramp's first half (0→50/s over 5 s) holds 125 arrivals.
    expect(arrivalsBefore(clock, 5000)).toBe(125);
    const workers = [0, 1, 2].map((index) => arrivalsBefore(new ArrivalClock(shape), 20_000, index, 3));
    expect(workers.reduce((a, b) => a + b, 0)).toBe(1500);
  });
});
