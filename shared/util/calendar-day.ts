/**
 * Calendar days (YYYY-MM-DD) in the local time of the process that asks (the core's, for reports
 * and stand-ups): a day runs from local midnight to the next, 23 or 25 hours on a DST change.
 */

/** Local midnight at the start of the day, and at the start of the next. Throws on a malformed day. */
export function dayBounds(day: string): { fromAt: number; toAt: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`expected a day as YYYY-MM-DD, got "${day}"`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(y, m - 1, d);
  if (start.getFullYear() !== y || start.getMonth() !== m - 1 || start.getDate() !== d) throw new Error(`"${day}" is not a calendar day`);
  return { fromAt: start.getTime(), toAt: new Date(y, m - 1, d + 1).getTime() };
}

/** The local day a moment falls on. */
export function dayOf(at: number): string {
  const date = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The day before. */
export function previousDay(day: string): string {
  const { fromAt } = dayBounds(day);
  return dayOf(fromAt - 1);
}
