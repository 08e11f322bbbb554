/** Figures only the screens show: an uptime share, a range label (the rest: shared/format/). */

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
