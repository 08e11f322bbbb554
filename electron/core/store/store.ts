/** The store of one data directory: the database, migrated, and its repositories. */
import { join } from 'node:path';
import { createAuditLog } from '../audit/audit-log.js';
import type { AuditLog } from '../audit/audit-log.js';
import { openDatabase, readOnlyView } from './db.js';
import type { WritableDb } from './db.js';
import { migrate, refuseNewerSchema } from './migrate.js';
import type { MigrationReport } from './migrate.js';
import { migrations } from './migrations/index.js';
import { prepareOwnerOnlyDatabase } from './owner-only.js';
import { createActionRunsRepo } from './repos/action-runs-repo.js';
import type { ActionRunsRepo } from './repos/action-runs-repo.js';
import { createCoreSessionsRepo } from './repos/core-sessions-repo.js';
import type { CoreSessionsRepo } from './repos/core-sessions-repo.js';
import { createJournalRepo } from './repos/journal-repo.js';
import { createRehearsalEventsRepo } from './repos/rehearsal-events-repo.js';
import type { RehearsalEventsRepo } from './repos/rehearsal-events-repo.js';
import type { JournalRepo } from './repos/journal-repo.js';
import { createLoadRunsRepo } from './repos/load-runs-repo.js';
import type { LoadRunsRepo } from './repos/load-runs-repo.js';
import { createHealthTransitionsRepo } from './repos/health-transitions-repo.js';
import type { HealthTransitionsRepo } from './repos/health-transitions-repo.js';
import { createProbeResultsRepo } from './repos/probe-results-repo.js';
import type { ProbeResultsRepo } from './repos/probe-results-repo.js';
import { createRunbookProgressRepo } from './repos/runbook-progress-repo.js';
import type { RunbookProgressRepo } from './repos/runbook-progress-repo.js';
import { createDrillRunsRepo } from './repos/drill-runs-repo.js';
import type { DrillRunsRepo } from './repos/drill-runs-repo.js';
import { createTestReportsRepo } from './repos/test-reports-repo.js';
import type { TestReportsRepo } from './repos/test-reports-repo.js';
import { createMeetingRepo } from './repos/meeting-repo.js';
import type { MeetingRepo } from './repos/meeting-repo.js';
import { createServiceMutesRepo } from './repos/service-mutes-repo.js';
import { createBoardRecordsRepo } from './repos/board-records-repo.js';
import type { BoardRecordsRepo } from './repos/board-records-repo.js';
import { createBoardEvidenceReader } from './repos/board-evidence-reader.js';
import type { BoardEvidenceReader } from './repos/board-evidence-reader.js';
import { createSecurityRepo } from './repos/security-repo.js';
import type { SecurityRepo } from './repos/security-repo.js';
import { createScanRunsRepo } from './repos/scan-runs-repo.js';
import type { ScanRunsRepo } from './repos/scan-runs-repo.js';
import type { ServiceMutesRepo } from './repos/service-mutes-repo.js';
import { createAlertEpisodesRepo } from './repos/alert-episodes-repo.js';
import type { AlertEpisodesRepo } from './repos/alert-episodes-repo.js';
import { createReplayReader } from './repos/replay-reader.js';
import type { ReplayReader } from './repos/replay-reader.js';

import { createLoadSuitesRepo } from './repos/load-suites-repo.js';
import type { LoadSuitesRepo } from './repos/load-suites-repo.js';
import { createPlanRepo } from './repos/plan-repo.js';
import type { PlanRepo } from './repos/plan-repo.js';
import { createRisksRepo } from './repos/risks-repo.js';
import type { RisksRepo } from './repos/risks-repo.js';
import { createResourceSamplesRepo } from './repos/resource-samples-repo.js';
import type { ResourceSamplesRepo } from './repos/resource-samples-repo.js';
import { createMonitoringChecksRepo } from './repos/monitoring-checks-repo.js';
import type { MonitoringChecksRepo } from './repos/monitoring-checks-repo.js';
import { createReportsRepo } from './repos/reports-repo.js';
import type { ReportsRepo } from './repos/reports-repo.js';
import { createDayEvidenceReader } from './repos/day-evidence-reader.js';
import { createEvidenceChoicesReader } from './repos/evidence-choices-reader.js';
import type { EvidenceChoicesReader } from './repos/evidence-choices-reader.js';
import type { DayEvidenceReader } from './repos/day-evidence-reader.js';

export const DATABASE_FILE = 'warroom.db';
/** The audit trail's head, beside the database but outside it (electron/audit/README.md). */
export const AUDIT_HEAD_FILE = 'audit-head.json';

export interface Store {
  readonly path: string;
  readonly migration: MigrationReport;
  readonly journal: JournalRepo;
  readonly coreSessions: CoreSessionsRepo;
  readonly rehearsalEvents: RehearsalEventsRepo;
  readonly probeResults: ProbeResultsRepo;
  readonly healthTransitions: HealthTransitionsRepo;
  readonly serviceMutes: ServiceMutesRepo;
  readonly actionRuns: ActionRunsRepo;
  readonly runbookProgress: RunbookProgressRepo;
  readonly loadRuns: LoadRunsRepo;
  /** Load suite runs, profile baselines, exceptions on failed thresholds. */
  readonly loadSuites: LoadSuitesRepo;
  /** Resources sampled from Prometheus during load runs. */
  readonly resourceSamples: ResourceSamplesRepo;
  /** Checks of each environment's monitoring, evidence for the board. */
  readonly monitoringChecks: MonitoringChecksRepo;
  /** The security findings register. */
  readonly security: SecurityRepo;
  /** Runs of the configured scanners. */
  readonly scanRuns: ScanRunsRepo;
  readonly testReports: TestReportsRepo;
  readonly drillRuns: DrillRunsRepo;
  /** The go/no-go meeting: board snapshots, polls, votes, frozen decision records. */
  readonly meeting: MeetingRepo;
  /** The tamper-evident trail of operator actions. */
  readonly audit: AuditLog;
  /** The go/no-go board's sign-offs and waivers, and what it reads of the other evidence as of t. */
  readonly boardRecords: BoardRecordsRepo;
  readonly boardEvidence: BoardEvidenceReader;
  /** Firing episodes of Alertmanager alerts. */
  readonly alertEpisodes: AlertEpisodesRepo;
  /** What a replay reads beside the board's evidence (a service's last check, runs running at t). */
  readonly replay: ReplayReader;
  /** The launch plan's imports, tasks and task history; the risk register. */
  readonly plan: PlanRepo;
  readonly risks: RisksRepo;
  /** Stand-up notes, end-of-day reports, notification deliveries (issues 11, 14). */
  readonly reports: ReportsRepo;
  /** What the end-of-day report reads of the day's evidence. */
  readonly dayEvidence: DayEvidenceReader;
  /** The runs, scans and sign-offs a done plan task may point at. */
  readonly evidenceChoices: EvidenceChoicesReader;
  close(): void;
}

export interface OpenStoreOptions {
  /** Directory for warroom.db, created when missing; ':memory:' for a throwaway store. */
  dataDir: string;
  now: () => number;
  nativeBinding?: string | undefined;
  busyTimeoutMs?: number | undefined;
}

export function openStore({ dataDir, now, nativeBinding, busyTimeoutMs }: OpenStoreOptions): Store {
  const path = dataDir === ':memory:' ? ':memory:' : join(dataDir, DATABASE_FILE);
  if (dataDir !== ':memory:') prepareOwnerOnlyDatabase(dataDir, path);
  const db: WritableDb = openDatabase(path, { nativeBinding, busyTimeoutMs, check: (found) => refuseNewerSchema(found, migrations, path) });
  let migration: MigrationReport;
  try {
    migration = migrate(db, migrations, now, path);
  } catch (error) {
    db.close();
    throw error;
  }
  const testReports = createTestReportsRepo(db);
  return {
    path,
    migration,
    journal: createJournalRepo(db),
    coreSessions: createCoreSessionsRepo(db),
    rehearsalEvents: createRehearsalEventsRepo(db),
    probeResults: createProbeResultsRepo(db),
    healthTransitions: createHealthTransitionsRepo(db),
    serviceMutes: createServiceMutesRepo(db),
    actionRuns: createActionRunsRepo(db),
    runbookProgress: createRunbookProgressRepo(db),
    loadRuns: createLoadRunsRepo(db),
    loadSuites: createLoadSuitesRepo(db),
    resourceSamples: createResourceSamplesRepo(db),
    monitoringChecks: createMonitoringChecksRepo(db),
    boardRecords: createBoardRecordsRepo(db),
    boardEvidence: createBoardEvidenceReader(readOnlyView(db)),
    replay: createReplayReader(readOnlyView(db)),
    security: createSecurityRepo(db),
    scanRuns: createScanRunsRepo(db),
    testReports,
    drillRuns: createDrillRunsRepo(db, testReports),
    meeting: createMeetingRepo(db),
    alertEpisodes: createAlertEpisodesRepo(db),
    plan: createPlanRepo(db),
    risks: createRisksRepo(db),
    reports: createReportsRepo(db),
    dayEvidence: createDayEvidenceReader(readOnlyView(db)),
    evidenceChoices: createEvidenceChoicesReader(readOnlyView(db)),
    // A ':memory:' database vanishes with the process, and so may its head.
    audit: createAuditLog({ db, clock: { now }, headFile: dataDir === ':memory:' ? null : join(dataDir, AUDIT_HEAD_FILE) }),
    close() {
      if (db.open) db.close();
    },
  };
}
