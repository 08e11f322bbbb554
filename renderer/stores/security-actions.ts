/** Module-level store actions of the Security view (see store-updates.ts): loading the register, scan runs answered by calls. */
import type { CommandClient } from '../../shared/contract/index.js';
import type { FindingRecord, SecurityOverview } from '../../shared/domain/security-register.js';
import type { ScanRun } from '../../shared/domain/security-scanners.js';
import { scanRunSeen, securityLoaded } from './slices/security.js';
import type { SecuritySlice } from './slices/security.js';
import { useAppStore } from './store.js';
import type { AppStore } from './store.js';

/** The most findings one listFindings answer may hold (the contract's limit). */
const PAGE = 10_000;

/** Every finding in remediation order, page by page. */
async function allFindings(client: CommandClient): Promise<FindingRecord[]> {
  const findings: FindingRecord[] = [];
  for (;;) {
    const page = await client.call('security.listFindings', { offset: findings.length, limit: PAGE });
    findings.push(...page.findings);
    if (page.findings.length === 0 || findings.length >= page.total) return findings;
  }
}

/** The core's clock as of its answers: the gate's reading, else a finding's first sight plus its age. */
function coreTimeOf(overview: SecurityOverview, findings: readonly FindingRecord[], fallback: number): number {
  if (overview.gate) return overview.gate.asOf;
  const first = findings[0];
  return first ? first.firstSeenAt + first.ageMs : fallback;
}

/**
 * Loads overview, findings, scans and history as of the store's current revision and puts them in
 * the store. A change during the load bumps the revision again, so the view loads once more.
 */
export async function loadSecurity(client: CommandClient, store: AppStore = useAppStore): Promise<void> {
  const rev = store.getState().securityRev;
  const [overview, findings, scans, history] = await Promise.all([
    client.call('security.overview', {}),
    allFindings(client),
    client.call('security.listScans', { limit: 200 }),
    client.call('security.history', {}),
  ]);
  const loadedLocalAt = Date.now();
  store.setState((state) => securityLoaded(state, { overview, findings, scans, history, loadedAt: coreTimeOf(overview, findings, loadedLocalAt + state.serverOffsetMs), loadedLocalAt, rev }));
}

/** Scan runs a call answered with (startScan, cancelScan, listScanRuns): merged as events are. */
export function applyScanRuns(runs: readonly ScanRun[], store: AppStore = useAppStore): void {
  store.setState((state) => {
    let next: Partial<SecuritySlice> = {};
    for (const run of runs) next = { ...next, ...scanRunSeen({ ...state, ...next }, run, 'answer') };
    return next;
  });
}

/** Shows a register scan on top of the Security view (null: none), as an evidence link asks. */
export function openScan(scanId: number | null, store: AppStore = useAppStore): void {
  store.setState({ openScanId: scanId });
}
