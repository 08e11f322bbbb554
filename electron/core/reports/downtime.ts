/** Down spans of a service in an environment within a window, from its stored status changes (the board's reader). */
import type { HealthStatus } from '../../../shared/domain/probes.js';

export interface StatusReader {
  statusAt(service: string, environment: string, t: number): { status: HealthStatus; since: number; reason: string } | null;
  statusChanges(service: string, environment: string, fromAt: number, toAt: number): { at: number; to: HealthStatus }[];
}

export interface Incident {
  fromAt: number;
  /** null: still down at the end of the window. */
  toAt: number | null;
  reason: string;
}

/**
 * Every span of [fromAt, toAt) the service was down, clipped to the window, and their total. A
 * span that began before the window counts from its start; one still open counts to its end.
 */
export function downtimeIn(
  reader: StatusReader,
  target: { service: string; environment: string },
  fromAt: number,
  toAt: number,
): { downMs: number; incidents: Incident[] } {
  const { service, environment } = target;
  const incidents: Incident[] = [];
  const before = reader.statusAt(service, environment, fromAt);
  let downSince: number | null = before?.status === 'down' ? fromAt : null;
  let reason = before?.status === 'down' ? before.reason : '';
  // statusChanges is (fromAt, toAt]; a change exactly at toAt belongs to the next window.
  for (const change of reader.statusChanges(service, environment, fromAt, toAt - 1)) {
    if (change.to === 'down' && downSince === null) {
      downSince = change.at;
      reason = reader.statusAt(service, environment, change.at)?.reason ?? '';
    } else if (change.to !== 'down' && downSince !== null) {
      incidents.push({ fromAt: downSince, toAt: change.at, reason });
      downSince = null;
    }
  }
  if (downSince !== null) incidents.push({ fromAt: downSince, toAt: null, reason });
  const downMs = incidents.reduce((sum, i) => sum + ((i.toAt ?? toAt) - i.fromAt), 0);
  return { downMs, incidents };
}
