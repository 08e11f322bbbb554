/** How spans of time read: for people, for tight places, for latencies, and as offsets into a run. */

const pad = (n: number): string => String(n).padStart(2, '0');

function parts(ms: number): { d: number; h: number; m: number; s: number } {
  const total = Math.max(0, Math.floor(ms / 1000));
  return { d: Math.floor(total / 86_400), h: Math.floor((total % 86_400) / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}

/** A span for people, in whole seconds (never rounded up): "45 s", "4 min 05 s", "4 min", "2 h 05 min", "2 h", "3 d 4 h", "1 d". */
export function formatDuration(ms: number): string {
  const { d, h, m, s } = parts(ms);
  // A zero second unit is left out ("1 d", not "1 d 0 h"), as "4 min" always was.
  if (d > 0) return h === 0 ? `${d} d` : `${d} d ${h} h`;
  if (h > 0) return m === 0 ? `${h} h` : `${h} h ${pad(m)} min`;
  if (m > 0) return s === 0 ? `${m} min` : `${m} min ${pad(s)} s`;
  return `${s} s`;
}

/** The same, compact enough for a tile or a terminal column: "45s", "3m 12s", "2h 05m", "3d 4h". */
export function formatCompactDuration(ms: number): string {
  const { d, h, m, s } = parts(ms);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/** A latency or other short wait: "87 ms", "1.24 s", "12.5 s"; "—" when nothing was measured. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** An offset into a run or a timeline, as a stopwatch shows it: "0:40", "12:05", "1:00:00". */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
