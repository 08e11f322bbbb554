/** Every migration, listed explicitly (bundlers and directory scans do not mix). */
import { initial } from './0010-initial.js';
import { rehearsalLog } from './0020-rehearsal-log.js';
import { probes } from './0030-probes.js';
import { actions } from './0040-actions.js';
import { load } from './0050-load.js';
import { runProcesses } from './0060-run-processes.js';
import { security } from './0070-security.js';
import { securityScanRuns } from './0075-security-scan-runs.js';
import { board } from './0080-board.js';
import { meeting } from './0085-meeting.js';
import { drills } from './0090-drills.js';
import { plan } from './0100-plan.js';
import { risks } from './0105-risks.js';
import { reports } from './0110-reports.js';
import { loadSuites } from './0120-load-suites.js';
import { loadEngines } from './0125-load-engines.js';
import { resourceSamples } from './0130-resource-samples.js';
import { alerts } from './0135-alerts.js';
import { loadExceptionWithdrawals } from './0150-load-exception-withdrawals.js';
import { planTaskLinks } from './0160-plan-task-links.js';
import { probeEnvironments } from './0170-probe-environments.js';
import type { Migration } from './types.js';

export const migrations: readonly Migration[] = [initial, rehearsalLog, probes, actions, load, runProcesses, security, securityScanRuns, board, meeting, drills, plan, risks, reports, loadSuites, loadEngines, resourceSamples, alerts, loadExceptionWithdrawals, planTaskLinks, probeEnvironments];
export type { Migration } from './types.js';
