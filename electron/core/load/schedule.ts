/**
 * The shape of a profile over time: users (closed) or arrivals per second (open) as a
 * piecewise-linear function, how it splits among workers, and when the k-th arrival is due.
 */
import type { ClosedProfile, OpenProfile } from '../../../shared/domain/load.js';

/** A corner of the piecewise-linear shape: `value` at `atMs` since the start. */
export interface ShapePoint {
  atMs: number;
  value: number;
}

/** Users over time: a ramp at spawnRate then a hold, or the stages (each ramps from the previous value). */
export function closedShape(profile: ClosedProfile): ShapePoint[] {
  if (profile.stages) return stagesShape(profile.stages.map((stage) => ({ durationMs: stage.duration, value: stage.users })));
  const users = profile.users ?? 0;
  const durationMs = profile.duration ?? 0;
  if (profile.spawnRate === undefined) return [{ atMs: 0, value: users }, { atMs: durationMs, value: users }];
  const rampMs = Math.min(durationMs, (users / profile.spawnRate) * 1000);
  const reached = rampMs < durationMs ? users : (profile.spawnRate * durationMs) / 1000;
  return [{ atMs: 0, value: 0 }, { atMs: rampMs, value: reached }, { atMs: durationMs, value: reached }];
}

/** Arrivals per second over time: constant, or the stages (each ramps from the previous rate, starting at 0). */
export function openShape(profile: OpenProfile): ShapePoint[] {
  if (profile.stages) return stagesShape(profile.stages.map((stage) => ({ durationMs: stage.duration, value: stage.rate })));
  const rate = profile.rate ?? 0;
  return [{ atMs: 0, value: rate }, { atMs: profile.duration ?? 0, value: rate }];
}

function stagesShape(stages: { durationMs: number; value: number }[]): ShapePoint[] {
  const points: ShapePoint[] = [{ atMs: 0, value: 0 }];
  let atMs = 0;
  for (const stage of stages) {
    atMs += stage.durationMs;
    points.push({ atMs, value: stage.value });
  }
  return points;
}

export function shapeDurationMs(points: readonly ShapePoint[]): number {
  return points.at(-1)?.atMs ?? 0;
}

export function shapePeak(points: readonly ShapePoint[]): number {
  return points.reduce((peak, point) => Math.max(peak, point.value), 0);
}

/** The value at `tMs` (linear between corners; at a step, the later corner wins). */
export function valueAt(points: readonly ShapePoint[], tMs: number): number {
  if (points.length === 0) return 0;
  if (tMs <= points[0]!.atMs) return points[0]!.value;
  for (let i = points.length - 1; i > 0; i -= 1) {
    const b = points[i]!;
    const a = points[i - 1]!;
    if (tMs >= a.atMs && tMs <= b.atMs) {
      if (tMs === b.atMs || b.atMs === a.atMs) return b.value;
      return a.value + ((b.value - a.value) * (tMs - a.atMs)) / (b.atMs - a.atMs);
    }
  }
  return points.at(-1)!.value;
}

/** Worker `index` of `count`'s part of `total` (parts differ by at most one). */
export function shareOf(total: number, index: number, count: number): number {
  return Math.floor(total / count) + (index < total % count ? 1 : 0);
}

/**
 * When arrivals are due: arrival k is due when the integral of the rate reaches k. Workers take
 * every `stride`-th arrival starting at their index, so together they follow the shape exactly.
 * Times are ms since the start; Infinity once the shape has no more arrivals.
 */
export class ArrivalClock {
  private segment = 0;
  private readonly before: number[] = [];

  constructor(private readonly points: readonly ShapePoint[]) {
    let total = 0;
    for (let i = 0; i + 1 < points.length; i += 1) {
      this.before.push(total);
      const a = points[i]!;
      const b = points[i + 1]!;
      total += ((a.value + b.value) / 2) * ((b.atMs - a.atMs) / 1000);
    }
    this.before.push(total);
  }

  /** Arrivals in the whole shape. */
  get total(): number {
    return this.before.at(-1) ?? 0;
  }

  /** Time of arrival k (k increasing across calls is fastest). */
  timeOf(k: number): number {
    if (k >= this.total) return Infinity;
    if (k < (this.before[this.segment] ?? 0)) this.segment = 0;
    while (this.segment + 1 < this.before.length - 1 && k >= this.before[this.segment + 1]!) this.segment += 1;
    const a = this.points[this.segment]!;
    const b = this.points[this.segment + 1]!;
    const spanS = (b.atMs - a.atMs) / 1000;
    const due = k - this.before[this.segment]!;
    // Solve r0·τ + (r1 − r0)·τ²/(2·span) = due for τ, in the form that is stable when r1 ≈ r0.
    const accel = (b.value - a.value) / (2 * spanS);
    const root = Math.sqrt(Math.max(0, a.value * a.value + 4 * accel * due));
    const denominator = a.value + root;
    const tauS = denominator > 0 ? (2 * due) / denominator : 0;
    return a.atMs + Math.min(tauS, spanS) * 1000;
  }
}
