/** T-0 as the wall shows it: "T−1d 04:12:33" before the launch, "T+00:12:00" after. */
const pad = (n: number) => String(n).padStart(2, '0');

export function formatCountdown(msToLaunch: number): string {
  const sign = msToLaunch > 0 ? '−' : '+';
  // Whole seconds, rounded toward the launch so T−0 and T+0 meet at the moment itself.
  const total = Math.floor(Math.abs(msToLaunch) / 1000);
  const days = Math.floor(total / 86_400);
  const clock = `${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return `T${sign}${days > 0 ? `${days}d ` : ''}${clock}`;
}
