/**
 * Which screen the wall goes on: displays as Electron lists them (`screen.getAllDisplays()`),
 * numbered from 1 in that order, the primary marked; `--wall-display N` picks one. A display
 * that is gone (a screen unplugged since the wall was set up) falls back to the primary, with a
 * warning naming the displays there are: a wall that shows somewhere beats one that refuses.
 */
import { screen } from 'electron';
import type { Display, Rectangle } from 'electron';

export interface WallPlacement {
  /** 1-based, as listDisplays() numbers it. */
  number: number;
  bounds: Rectangle;
  /** Set when the display asked for does not exist. */
  warning?: string;
}

function describe(display: Display, index: number, primaryId: number): string {
  const { width, height, x, y } = display.bounds;
  const label = display.label ? ` "${display.label}"` : '';
  return `${index + 1}: ${width}×${height} at ${x},${y}, scale ${display.scaleFactor}${label}${display.id === primaryId ? ' (primary)' : ''}`;
}

/** One line per display, numbered as --wall-display takes them. */
export function listDisplays(): string[] {
  const primaryId = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((display, index) => describe(display, index, primaryId));
}

/** Where the wall window goes: display `wanted` (1-based), else the primary. */
export function placeWall(wanted: number | undefined): WallPlacement {
  const displays = screen.getAllDisplays();
  const primary = screen.getPrimaryDisplay();
  const primaryNumber = Math.max(1, displays.findIndex((display) => display.id === primary.id) + 1);
  if (wanted === undefined) return { number: primaryNumber, bounds: primary.bounds };
  const chosen = displays[wanted - 1];
  if (chosen) return { number: wanted, bounds: chosen.bounds };
  const known = displays.map((display, index) => describe(display, index, primary.id)).join('; ');
  return {
    number: primaryNumber,
    bounds: primary.bounds,
    warning: `--wall-display ${wanted}: there are ${displays.length} display(s) (${known}); the wall opens on the primary display instead`,
  };
}
