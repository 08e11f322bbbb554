/** How numbers read wherever Warroom shows them (reports, CLI, screens): units always named, en-US grouping. */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count: "12,408". */
export function formatInt(value: number): string {
  return grouped.format(value);
}

/** Milliseconds without the unit, three significant figures below 100 (histograms resolve µs): "731", "42.5", "3.21", "0.412". */
export function formatMs(value: number): string {
  if (value === 0) return '0';
  if (value < 1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return grouped.format(Math.round(value));
}

/** A rate per second without the unit: whole from 100, one decimal below ("118", "42.5"). */
export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? grouped.format(Math.round(perSecond)) : perSecond.toFixed(1);
}

/** A measured fraction as a percentage: 0.0312 → "3.12 %", 0.153 → "15.3 %"; a little above zero never reads as zero. */
export function formatPercent(fraction: number): string {
  const pct = fraction * 100;
  if (pct === 0) return '0 %';
  if (pct > 0 && pct < 0.01) return '< 0.01 %';
  return `${Math.abs(pct) < 10 ? pct.toFixed(2) : pct.toFixed(1)} %`;
}

/** A share someone set (a fault's error rate), as they would write it: 0.1 → "10 %", 0.125 → "12.5 %". */
export function formatShare(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10} %`;
}

/** A signed change: "+12.5 %", "−3.0 %", "±0.0 %"; "—" when there is nothing to compare. */
export function formatChange(value: number | null, unit = ' %'): string {
  if (value === null) return '—';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return `${sign}${Math.abs(value).toFixed(1)}${unit}`;
}

const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB'];

/** A size in 1024s: "512 B", "640 KB", "1.2 MB", "3.5 GB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} KB` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}
