/** Durations as people write them in config ("10s", "1m30s", "7d", "250ms") or as milliseconds. */
import { z } from 'zod';

const UNITS_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Parses "7d", "2h", "1m30s", "250ms"; throws on anything else. */
export function durationToMs(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === '') throw new Error(`not a duration: "${text}" (expected e.g. 250ms, 10s, 1m30s, 7d)`);
  const [, d, h, m, s, ms] = match;
  return (
    Number(d ?? 0) * UNITS_MS.d! + Number(h ?? 0) * UNITS_MS.h! + Number(m ?? 0) * UNITS_MS.m! + Number(s ?? 0) * UNITS_MS.s! + Number(ms ?? 0)
  );
}

/** A duration in config: a number of milliseconds, or a string such as "10s"; parsed to ms. */
export function DurationSchema(limits: { min?: number; max?: number } = {}) {
  const min = limits.min ?? 0;
  const max = limits.max ?? 365 * UNITS_MS.d!;
  return z
    .union([z.number().int().nonnegative(), z.string().regex(DURATION, { error: 'expected a duration such as 250ms, 10s, 1m30s or 7d' })])
    .transform((value) => (typeof value === 'number' ? value : durationToMs(value)))
    .pipe(z.number().min(min, { error: `must be at least ${min} ms` }).max(max, { error: `must be at most ${max} ms` }))
    .meta({ description: 'milliseconds, or a duration such as "10s", "1m30s", "7d"' });
}
