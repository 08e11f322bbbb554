import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Display } from 'electron';

// Plain Node has no screens: the test decides which displays Electron reports.
const fake = vi.hoisted(() => ({ displays: [] as Partial<Display>[], primaryId: 1 }));
vi.mock('electron', () => ({
  screen: {
    getAllDisplays: () => fake.displays,
    getPrimaryDisplay: () => fake.displays.find((display) => display.id === fake.primaryId),
  },
}));

const { listDisplays, placeWall } = await import('./wall-display.js');

const laptop = { id: 1, label: 'Built-in', bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 };
const tv = { id: 7, label: 'TV', bounds: { x: 1920, y: 0, width: 3840, height: 2160 }, scaleFactor: 2 };

describe('the wall display', () => {
  beforeEach(() => {
    fake.displays = [laptop, tv];
    fake.primaryId = 1;
  });

  it('lists the displays numbered from 1, the primary marked', () => {
    expect(listDisplays()).toEqual(['1: 1920×1080 at 0,0, scale 1 "Built-in" (primary)', '2: 3840×2160 at 1920,0, scale 2 "TV"']);
  });

  it('goes on the display asked for, with its bounds', () => {
    expect(placeWall(2)).toEqual({ number: 2, bounds: tv.bounds });
  });

  it('goes on the primary display when none is asked for', () => {
    fake.primaryId = 7;
    expect(placeWall(undefined)).toEqual({ number: 2, bounds: tv.bounds });
  });

  it('falls back to the primary when the display asked for is gone, naming the displays there are', () => {
    fake.displays = [laptop];
    const placement = placeWall(2);
    expect(placement).toMatchObject({ number: 1, bounds: laptop.bounds });
    expect(placement.warning).toBe('--wall-display 2: there are 1 display(s) (1: 1920×1080 at 0,0, scale 1 "Built-in" (primary)); the wall opens on the primary display instead');
  });
});
