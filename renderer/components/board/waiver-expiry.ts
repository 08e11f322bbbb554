/**
 * The expiry a waiver form offers: a calendar day, the waiver standing through that whole day, so
 * it counts again from the next local midnight. The confirmation shows that exact time.
 */

/** "2026-12-10" → epoch ms of 2026-12-11 00:00 local; null for anything that is not a real date. */
export function expiryOfDay(day: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const start = new Date(year, month, date);
  if (start.getFullYear() !== year || start.getMonth() !== month || start.getDate() !== date) return null;
  return new Date(year, month, date + 1).getTime();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of an epoch ms, as a date input wants it ("2026-12-10"). */
export function dayOf(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
