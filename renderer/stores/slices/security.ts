/**
 * The security findings register as the core answered it: the overview (counts, gate, latest scans),
 * every finding (the table filters and sorts them here, so typing never waits for a round trip),
 * recent scans and the open-by-severity history. `security.changed` carries only the headline and
 * bumps `securityRev`; the Security view then loads the rest again (security-actions.ts).
 */
import type { StateCreator } from 'zustand';
import type { FindingRecord, ScanRecord, SecurityChanged, SecurityHistoryPoint, SecurityOverview } from '../../../shared/domain/security-register.js';
import type { ScanRun } from '../../../shared/domain/security-scanners.js';
import type { AppState } from '../store.js';
import { appendOutput, evictLogs } from './run-logs.js';
import type { RunLog } from './run-logs.js';

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
  /** Scan runs seen (from events and answers), by id: records only move forward. */
  scanRuns: Record<number, ScanRun>;
  /** Live output of scan runs (capped like action logs; a stored run's output is loaded when opened). */
  scanLogs: Record<number, RunLog>;
  /** The register scan the Security view shows on top (an evidence link opened it); null: none. */
  openScanId: number | null;
}

export const createSecuritySlice: StateCreator<AppState, [], [], SecuritySlice> = () => ({
  security: null,
  securityRev: 0,
  securityHeadline: null,
  scanRuns: {},
  scanLogs: {},
  openScanId: null,
});

/** The most scan runs held; older ones are listed again from the core when the view loads. */
const MAX_SCAN_RUNS = 100;

/**
 * A scan run from an event or an answer. An ended run never goes back to running (an older event
 * arriving late). A run seen ending (it was running here, or its end event came) makes the
 * register stale, so the view loads it again; a list of old runs does not.
 */
export function scanRunSeen(state: SecuritySlice, run: ScanRun, from: 'event' | 'answer'): Partial<SecuritySlice> {
  const held = state.scanRuns[run.id];
  if (held && held.status !== 'running' && run.status === 'running') return {};
  const ids = Object.keys(state.scanRuns).map(Number);
  const runs = { ...state.scanRuns, [run.id]: run };
  if (ids.length >= MAX_SCAN_RUNS) for (const id of ids.sort((a, b) => a - b).slice(0, ids.length - MAX_SCAN_RUNS + 1)) delete runs[id];
  const ended = run.status !== 'running' && (held ? held.status === 'running' : from === 'event');
  return { scanRuns: runs, ...(ended ? { securityRev: state.securityRev + 1 } : {}) };
}

export function scanOutputSeen(state: SecuritySlice, output: { runId: number; stream: 'stdout' | 'stderr'; text: string }): Partial<SecuritySlice> {
  return { scanLogs: evictLogs({ ...state.scanLogs, [output.runId]: appendOutput(state.scanLogs[output.runId], output.stream, output.text) }, new Set([output.runId])) };
}

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
