/** Wall-clock formatting: fixed 24-hour HH:MM:SS so it reads the same on every screen and locale. */

const pad = (n: number) => String(n).padStart(2, '0');

/** "14:02:11" in local time. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "2025-11-25 14:02:11" in local time, for tooltips and logs. */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(epochMs)}`;
}
