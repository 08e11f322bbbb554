/** Which services an operator muted, kept across restarts. */
import type { WritableDb } from '../db.js';

export interface ServiceMute {
  service: string;
  muted: boolean;
  changedAt: number;
}

interface MuteRow {
  service: string;
  muted: number;
  changed_at: number;
}

export interface ServiceMutesRepo {
  /** Mutes or unmutes a service; the latest call wins. */
  set(mute: ServiceMute): void;
  /** Every service ever muted or unmuted, by name. */
  list(): ServiceMute[];
}

export function createServiceMutesRepo(db: WritableDb): ServiceMutesRepo {
  const upsert = db.prepare<[string, number, number], never>(
    `INSERT INTO service_mutes (service, muted, changed_at) VALUES (?, ?, ?)
     ON CONFLICT (service) DO UPDATE SET muted = excluded.muted, changed_at = excluded.changed_at`,
  );
  const select = db.prepare<[], MuteRow>('SELECT service, muted, changed_at FROM service_mutes ORDER BY service');
  return {
    set({ service, muted, changedAt }) {
      upsert.run(service, muted ? 1 : 0, changedAt);
    },
    list() {
      return select.all().map((row) => ({ service: row.service, muted: row.muted === 1, changedAt: row.changed_at }));
    },
  };
}
