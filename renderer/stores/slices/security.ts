/**
 * The security findings register as the core answered it: the overview (counts, gate, latest scans),
 * every finding (the table filters and sorts them here, so typing never waits for a round trip),
 * recent scans and the open-by-severity history. `security.changed` carries only the headline and
 * bumps `securityRev`; the Security view then loads the rest again (security-actions.ts).
 */
import type { StateCreator } from 'zustand';
import type { FindingRecord, ScanRecord, SecurityChanged, SecurityHistoryPoint, SecurityOverview } from '../../../shared/domain/security-register.js';
import type { AppState } from '../store.js';

export interface SecurityData {
  overview: SecurityOverview;
  /** Every finding, in remediation order. */
  findings: FindingRecord[];
  /** Scans, newest first. */
  scans: ScanRecord[];
  history: SecurityHistoryPoint[];
  /** The core's time when it answered (its clock may not be this machine's); ages and deadlines count from it. */
  loadedAt: number;
  /** This machine's time then: the core's time now is loadedAt + (Date.now() - loadedLocalAt). */
  loadedLocalAt: number;
  /** The revision these answers are as new as. */
  rev: number;
}

export interface SecuritySlice {
  security: SecurityData | null;
  /** Bumped by every security.changed and every snapshot (events may have been missed): newer than `security.rev` means reload. */
  securityRev: number;
  /** The latest event's headline, shown until the reload lands. */
  securityHeadline: Pick<SecurityChanged, 'openBySeverity' | 'gateOpen'> | null;
}

export const createSecuritySlice: StateCreator<AppState, [], [], SecuritySlice> = () => ({
  security: null,
  securityRev: 0,
  securityHeadline: null,
});

export function securityChanged(state: SecuritySlice, event: SecurityChanged): Partial<SecuritySlice> {
  return { securityRev: state.securityRev + 1, securityHeadline: { openBySeverity: event.openBySeverity, gateOpen: event.gateOpen } };
}

/** Answers loaded at `data.rev`; an older load finishing after a newer one is dropped. */
export function securityLoaded(state: SecuritySlice, data: SecurityData): Partial<SecuritySlice> {
  if (state.security && state.security.rev > data.rev) return {};
  return { security: data, ...(data.rev === state.securityRev ? { securityHeadline: null } : {}) };
}

/** Whether the view should load (again). */
export const securityStale = (state: SecuritySlice): boolean => state.security === null || state.security.rev < state.securityRev;
