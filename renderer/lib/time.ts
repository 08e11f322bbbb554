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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A time for an axis or a list over `rangeMs`: "14:02" within a day, "Nov 25 14:02" beyond. */
export function formatRangeTime(epochMs: number, rangeMs: number, seconds = false): string {
  const d = new Date(epochMs);
  const clock = seconds ? formatClock(epochMs) : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return rangeMs <= 86_400_000 ? clock : `${MONTHS[d.getMonth()]} ${d.getDate()} ${clock}`;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const TICK_STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 5 * DAY, 7 * DAY];

/**
 * Round times for a time axis over [fromAt, toAt], at most `maxTicks`: whole minutes, hours or
 * days of local time (a chart that says 18:06 and 18:23 makes people do sums).
 */
export function timeTicks(fromAt: number, toAt: number, maxTicks = 8): { stepMs: number; ticks: number[] } {
  const span = Math.max(1, toAt - fromAt);
  const stepMs = TICK_STEPS.find((step) => span / step <= maxTicks) ?? Math.ceil(span / maxTicks / DAY) * DAY;
  const midnight = new Date(fromAt);
  midnight.setHours(0, 0, 0, 0);
  const base = midnight.getTime();
  const ticks: number[] = [];
  for (let t = base + Math.ceil((fromAt - base) / stepMs) * stepMs; t <= toAt; t += stepMs) {
    // Whole days are counted in local days, so a DST change does not shift them off midnight.
    if (stepMs >= DAY) {
      const d = new Date(t);
      if (d.getHours() !== 0) d.setHours(d.getHours() < 12 ? 0 : 24, 0, 0, 0);
      t = d.getTime();
    }
    ticks.push(t);
  }
  return { stepMs, ticks };
}

/** The label of an axis tick: "Nov 25" for day steps, "Nov 25 12:00" across days, "14:20" within one. */
export function formatTick(epochMs: number, stepMs: number, rangeMs: number): string {
  const d = new Date(epochMs);
  if (stepMs >= DAY) return `${MONTHS[d.getMonth()]} ${d.getDate()}`;
  return formatRangeTime(epochMs, rangeMs);
}
