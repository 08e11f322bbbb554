/** Short figures for tiles: a span since a change, a latency, an uptime share. */

/** "45s", "3m 12s", "2h 05m", "3d 4h": how long a status has held, compact enough for a tile. */
export function formatSince(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/** "87 ms", "1.24 s"; "—" when nothing was measured. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * "100 %", "99.95 %", "87.3 %"; "—" without checks. Rounded down, so one failure in thousands
 * never shows as 100 %.
 */
export function formatUptime(share: number | null | undefined): string {
  if (share === null || share === undefined) return '—';
  if (share >= 1) return '100 %';
  const digits = share >= 0.99 ? 2 : 1;
  const factor = 10 ** (digits + 2);
  return `${(Math.floor(share * factor) / 10 ** digits).toFixed(digits)} %`;
}

/** "15 min", "1 h", "24 h", "7 d": a range or window for labels. */
export function formatSpan(ms: number): string {
  if (ms % 86_400_000 === 0 && ms >= 2 * 86_400_000) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}
