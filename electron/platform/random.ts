/** Random sources for the simulated platform: injectable so tests replay the same draws. */

/** Uniform in [0, 1), like Math.random. */
export type Random = () => number;

export const systemRandom: Random = Math.random;

/** A small deterministic generator (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** z of the 99th percentile of a standard normal. */
const Z_99 = 2.326;
/** No simulated delay exceeds this, so a long tail can't pin a timer for minutes. */
const MAX_LATENCY_MS = 60_000;

/**
 * One draw of a log-normal latency with this median and p99 (sigma = ln(p99/median)/2.326).
 * A median of 0 means no latency; a p99 at or below the median means a constant.
 */
export function sampleLogNormalMs(medianMs: number, p99Ms: number, random: Random): number {
  if (medianMs <= 0) return 0;
  const sigma = p99Ms > medianMs ? Math.log(p99Ms / medianMs) / Z_99 : 0;
  if (sigma === 0) return Math.min(medianMs, MAX_LATENCY_MS);
  // Box-Muller; 1 - u keeps the logarithm finite.
  const u1 = 1 - random();
  const u2 = random();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.min(medianMs * Math.exp(sigma * z), MAX_LATENCY_MS);
}
