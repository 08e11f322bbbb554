/**
 * Alertmanager's alerts as the core last read them (alerts.changed, or an alerts.list answer). The
 * snapshot does not carry them: it bumps `alertsRev`, and useAlertsLoader loads them again, so
 * an event missed while the stream was down is made good. Others (the wall ticker) read
 * `alerts` and `activeAlerts()` from here.
 */
import type { StateCreator } from 'zustand';
import type { AlertsState } from '../../../shared/domain/alerts.js';
import type { AppState } from '../store.js';

export interface AlertsSlice {
  alerts: AlertsState | null;
  /** Bumped by every snapshot: newer than `alertsLoadedRev` means load again. */
  alertsRev: number;
  alertsLoadedRev: number;
}

export const createAlertsSlice: StateCreator<AppState, [], [], AlertsSlice> = () => ({
  alerts: null,
  alertsRev: 0,
  alertsLoadedRev: -1,
});

/** An event carries the whole state: it is as new as anything loaded. */
export function alertsChanged(state: AlertsSlice, alerts: AlertsState): Partial<AlertsSlice> {
  return { alerts, alertsLoadedRev: state.alertsRev };
}

/** An alerts.list answer asked at `rev`; dropped when an event or a later load already came. */
export function alertsLoaded(state: AlertsSlice, alerts: AlertsState, rev: number): Partial<AlertsSlice> {
  if (state.alertsLoadedRev >= rev) return {};
  return { alerts, alertsLoadedRev: rev };
}
