/**
 * Every command the renderer, the CLI or a remote client may call: name → input schema, output
 * schema and the least role allowed to call it. The router validates both sides against this table.
 *
 * Names say whether a command changes something: one that does is named for what it does
 * (`start`, `stop`, `cancel`, `approve`, `add`, `markStep`…) and needs the operator role; one that
 * only reads is `get…`/`list…` or names what it answers (`history`, `output`, `report`, `status`)
 * and is open to viewers. No reading command is called `run` or `start`.
 */
import { z } from 'zod';
import { AppInfoSchema, ConfigSummarySchema, HeartbeatSchema, RoleSchema } from '../domain/app.js';
import { JournalAddInputSchema, JournalEntrySchema, JournalListInputSchema } from '../domain/journal.js';
import { FaultRequestSchema, RehearsalStateSchema, ScenarioStartSchema } from '../domain/rehearsal.js';
import {
  HealthHistorySchema,
  HealthOverviewSchema,
  RecentHealthSchema,
  ServiceHealthSchema,
  StandingNotificationSchema,
} from '../domain/probes.js';
import { IdSchema } from '../domain/ids.js';
import { MonitoringOverviewSchema, MonitoringStatusSchema, ResourceComparisonSchema, RunResourceSchema } from '../domain/monitoring.js';
import { LoadComparisonSchema, LoadOverviewSchema, LoadReportSchema, LoadRunRecordSchema, LoadSeriesPointSchema } from '../domain/load-runs.js';
import { LoadProfileSchema, LoadThresholdSchema, LoadTickSchema } from '../domain/load.js';
import { LoadBaselineComparisonSchema, LoadBaselineSchema, LoadExceptionSchema, LoadSuiteRunSchema, LoadSuitesOverviewSchema } from '../domain/load-suites.js';
import {
  ActionRunSchema,
  ActionsOverviewSchema,
  AuditEntrySchema,
  AuditVerificationSchema,
  RunbookViewSchema,
  RunRequestSchema,
} from '../domain/actions.js';
import { DrillRunSchema, DrillsOverviewSchema, DrillStartSchema } from '../domain/drills.js';
import type { Role } from '../domain/app.js';
import {
  EvidenceChoiceSchema,
  LinkTaskInputSchema,
  PlanImportInputSchema,
  PlanImportResultSchema,
  PlanSchema,
  PlanStatusSchema,
  PlanTaskSchema,
  RiskChangeSchema,
  RiskSchema,
  SetRiskInputSchema,
  SetTaskInputSchema,
  TaskHistoryEntrySchema,
} from '../domain/plan.js';
import { CoreProblemSchema } from '../domain/problems.js';
import {
  BoardEvaluationSchema,
  BoardGetInputSchema,
  RevokeWaiverInputSchema,
  SignoffInputSchema,
  SignoffSchema,
  WaiveInputSchema,
  WaiverSchema,
} from '../domain/board.js';
import { SecurityGateSchema } from '../domain/security.js';
import { ReplayInputSchema, ReplaySchema } from '../domain/replay.js';
import {
  FindingDetailSchema,
  FindingFilterSchema,
  FindingPageSchema,
  ImportReportContentsInputSchema,
  ImportReportsInputSchema,
  ImportResultSchema,
  ListFindingsInputSchema,
  ScanComparisonSchema,
  ScanRecordSchema,
  SecurityExportFormatSchema,
  SecurityExportSchema,
  SecurityHistoryPointSchema,
  SecurityOverviewSchema,
  TriageInputSchema,
  TriageResultSchema,
} from '../domain/security-register.js';
import { ScannerViewSchema, ScanRunSchema } from '../domain/security-scanners.js';
import {
  ClosePollInputSchema,
  DecisionExportInputSchema,
  DecisionExportSchema,
  DecisionGetInputSchema,
  DecisionListInputSchema,
  DecisionRecordSchema,
  DecisionSummarySchema,
  MeetingGetInputSchema,
  OpenPollInputSchema,
  PollSchema,
  RecordDecisionInputSchema,
  VoteInputSchema,
  VoteSchema,
} from '../domain/meeting.js';
import {
  AlertEpisodeSchema,
  AlertHistoryInputSchema,
  AlertsStateSchema,
  SilenceInputSchema,
  SilenceSchema,
  TestAlertInputSchema,
  TestAlertResultSchema,
} from '../domain/alerts.js';
import { DaySchema, ReportRecordSchema, ReportSummarySchema, StandupAddInputSchema, StandupNoteSchema } from '../domain/reports.js';
import { ChannelSchema, ChannelViewSchema, DeliverySchema } from '../domain/notifications.js';

export interface CommandSpec {
  readonly input: z.ZodType;
  readonly output: z.ZodType;
  /** Least role that may call it: 'viewer' commands only read. */
  readonly role: Role;
  readonly summary: string;
}

const NoInput = z.strictObject({});

export const commands = {
  'app.hello': {
    input: z.strictObject({ contractVersion: z.number().int() }),
    output: z.object({ contractVersion: z.number().int(), appVersion: z.string(), role: RoleSchema }),
    role: 'viewer',
    summary: 'Handshake: contract versions and the caller role.',
  },
  'app.info': {
    input: NoInput,
    output: AppInfoSchema,
    role: 'viewer',
    summary: 'Version, runtime, data directory and config source of the running core.',
  },
  'app.snapshot': {
    input: NoInput,
    output: z.object({
      /** Sequence number of the last event included in this state; apply only later events. */
      lastSeq: z.number().int().nonnegative(),
      info: AppInfoSchema,
      config: ConfigSummarySchema,
      journal: z.array(JournalEntrySchema),
      heartbeat: HeartbeatSchema.nullable(),
      rehearsal: RehearsalStateSchema,
      health: HealthOverviewSchema,
      /** Health notifications that still stand, newest first: a reloaded window shows them again. */
      notifications: z.array(StandingNotificationSchema),
      recent: RecentHealthSchema,
      actions: ActionsOverviewSchema,
      load: LoadOverviewSchema,
      /** Load suites, baselines and exceptions. */
      loadSuites: LoadSuitesOverviewSchema,
      /** What keeps failing inside the core right now (empty when all is well). */
      problems: z.array(CoreProblemSchema),
      /** The go/no-go board of the core's environment, now. */
      board: BoardEvaluationSchema,
    }),
    role: 'viewer',
    summary: 'Everything the renderer shows, at one event sequence number.',
  },
  'config.summary': {
    input: NoInput,
    output: ConfigSummarySchema,
    role: 'viewer',
    summary: 'The public projection of warroom.yaml: environments, services, filled sections.',
  },
  'journal.list': {
    input: JournalListInputSchema,
    output: z.array(JournalEntrySchema),
    role: 'viewer',
    summary: 'War-room log entries in a time range, newest first.',
  },
  'journal.add': {
    input: JournalAddInputSchema,
    output: JournalEntrySchema,
    role: 'operator',
    summary: 'Append a note to the war-room log.',
  },
  'health.list': {
    input: NoInput,
    output: HealthOverviewSchema,
    role: 'viewer',
    summary: 'Health of every service: status, since when, why, latency, staleness, per-probe detail.',
  },
  'health.recent': {
    input: NoInput,
    output: RecentHealthSchema,
    role: 'viewer',
    summary: 'The last 15 minutes of checks per service, for sparklines, and uptime over them.',
  },
  'health.history': {
    input: z.strictObject({
      service: IdSchema,
      probeId: z.string().max(200).optional(),
      fromAt: z.number().int().nonnegative(),
      toAt: z.number().int().nonnegative(),
      maxPoints: z.number().int().min(10).max(2000).default(500),
    }).refine((range) => range.toAt > range.fromAt, { error: 'toAt must be after fromAt', path: ['toAt'] }),
    output: HealthHistorySchema,
    role: 'viewer',
    summary: 'Latency, failures, transitions and unobserved gaps of one service over any time range.',
  },
  'health.checkAll': {
    input: NoInput,
    output: HealthOverviewSchema,
    role: 'operator',
    summary: 'Run every probe now (the launch-day port loop in one click) and answer when all are done.',
  },
  'health.pause': {
    input: NoInput,
    output: HealthOverviewSchema,
    role: 'operator',
    summary: 'Stop probing until resumed (results then go stale, visibly).',
  },
  'health.resume': {
    input: NoInput,
    output: HealthOverviewSchema,
    role: 'operator',
    summary: 'Resume probing.',
  },
  'health.mute': {
    input: z.strictObject({ service: IdSchema, muted: z.boolean() }),
    output: ServiceHealthSchema,
    role: 'operator',
    summary: 'Mute or unmute notifications about one service.',
  },
  'actions.list': {
    input: NoInput,
    output: ActionsOverviewSchema,
    role: 'viewer',
    summary: 'The actions and runbooks of the environment (never their argv or env), with recent runs.',
  },
  'actions.listRuns': {
    input: z.strictObject({ actionId: IdSchema.optional(), limit: z.number().int().min(1).max(500).default(50), beforeId: z.number().int().positive().optional() }),
    output: z.array(ActionRunSchema),
    role: 'viewer',
    summary: 'Runs of actions, newest first.',
  },
  'actions.output': {
    input: z.strictObject({ runId: z.number().int().positive() }),
    output: z.object({ text: z.string(), bytes: z.number().int(), truncated: z.boolean() }),
    role: 'viewer',
    summary: 'The output of a run: live while it runs, stored once it ended (secrets masked).',
  },
  'actions.getRun': {
    input: z.strictObject({ runId: z.number().int().positive() }),
    output: z.object({
      run: ActionRunSchema,
      /** Its whole life is over: the process ended and, for an action that verifies, the verification too. */
      ended: z.boolean(),
    }),
    role: 'viewer',
    summary: 'One run by id, and whether it has ended (the action.ended event says when it does).',
  },
  'actions.start': {
    input: RunRequestSchema,
    output: ActionRunSchema,
    role: 'operator',
    summary: 'Run an action by id with parameter values; the core builds the command line from the config.',
  },
  'actions.approve': {
    input: z.strictObject({ runId: z.number().int().positive(), approver: z.string().trim().min(1).max(60) }),
    output: ActionRunSchema,
    role: 'operator',
    summary: 'Second-operator approval of a production run that asks for it.',
  },
  'actions.cancel': {
    input: z.strictObject({ runId: z.number().int().positive(), actor: z.string().trim().min(1).max(60) }),
    output: ActionRunSchema,
    role: 'operator',
    summary: 'Cancel a run: the whole process tree gets SIGTERM, then SIGKILL after a grace period.',
  },
  'runbooks.markStep': {
    input: z.strictObject({ runbookId: IdSchema, step: z.number().int().min(0).max(1000), done: z.boolean(), actor: z.string().trim().min(1).max(60) }),
    output: RunbookViewSchema,
    role: 'operator',
    summary: 'Tick or untick a runbook step; progress is recorded.',
  },
  'audit.verify': {
    input: NoInput,
    output: AuditVerificationSchema,
    role: 'viewer',
    summary: 'Check the audit trail\'s hash chain: any edited or deleted entry is named.',
  },
  'audit.tail': {
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
    output: z.array(AuditEntrySchema),
    role: 'viewer',
    summary: 'The newest audit entries, newest first.',
  },
  'audit.export': {
    input: z.strictObject({
      sinceSeq: z.number().int().min(1).default(1),
      limit: z.number().int().min(1).max(1000).default(500),
    }),
    output: z.object({
      /** Entries with seq >= sinceSeq in seq order, each the exact JSON line the trail re-verifies from. */
      lines: z.array(z.string()),
      /** Where the next page starts; null when this page reached the end. */
      nextSeq: z.number().int().nullable(),
    }),
    role: 'viewer',
    summary: 'A page of the audit trail as JSON lines, oldest first, for archiving or external checks.',
  },
  'load.list': {
    input: NoInput,
    output: LoadOverviewSchema,
    role: 'viewer',
    summary: 'Load profiles of the environment, the run in progress (with its series so far) and recent runs.',
  },
  'load.start': {
    input: z.strictObject({ profile: IdSchema, actor: z.string().trim().min(1).max(60) }),
    output: LoadRunRecordSchema,
    role: 'operator',
    summary: 'Start a load test with a configured profile (one at a time).',
  },
  'load.startQuick': {
    input: z.strictObject({
      url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(2048),
      profile: LoadProfileSchema,
      thresholds: z.array(LoadThresholdSchema).max(50).default([]),
      actor: z.string().trim().min(1).max(60),
    }),
    output: LoadRunRecordSchema,
    role: 'operator',
    summary: 'Start a load test of one URL that is not in the config (the CLI\'s quick mode); stored like the others.',
  },
  'load.stop': {
    input: z.strictObject({ runId: z.number().int().positive(), actor: z.string().trim().min(1).max(60) }),
    output: LoadRunRecordSchema,
    role: 'operator',
    summary: 'Stop the running load test; it ends "aborted" with everything measured so far kept.',
  },
  'load.getRun': {
    input: z.strictObject({ runId: z.number().int().positive() }),
    output: z.object({ run: LoadRunRecordSchema, series: z.array(LoadSeriesPointSchema), latest: LoadTickSchema.nullable() }),
    role: 'viewer',
    summary: 'One stored run: its record, per-second series and last tick.',
  },
  'load.compare': {
    input: z.strictObject({ baseRunId: z.number().int().positive(), runId: z.number().int().positive() }),
    output: LoadComparisonSchema,
    role: 'viewer',
    summary: 'Compare two runs per endpoint; regressions are flagged.',
  },
  'load.report': {
    input: z.strictObject({ runId: z.number().int().positive(), format: z.enum(['html', 'csv', 'json']) }),
    output: LoadReportSchema,
    role: 'viewer',
    summary: 'A report of a run: self-contained HTML with charts, CSV of the series and endpoints, or JSON.',
  },
  // ---- Load suites, baselines and exceptions (issue 13) ----
  'load.suites': {
    input: NoInput,
    output: LoadSuitesOverviewSchema,
    role: 'viewer',
    summary: 'Configured load suites, the suite run in progress, recent suite runs, baselines, exceptions and verdicts.',
  },
  'load.startSuite': {
    input: z.strictObject({ suite: IdSchema, actor: z.string().trim().min(1).max(60) }),
    output: LoadSuiteRunSchema,
    role: 'operator',
    summary: 'Run a configured load suite: its profiles one after the other (stop on failure or continue, as configured).',
  },
  'load.cancelSuite': {
    input: z.strictObject({ suiteRunId: z.number().int().positive(), actor: z.string().trim().min(1).max(60) }),
    output: LoadSuiteRunSchema,
    role: 'operator',
    summary: 'Cancel the running suite: its current test is stopped and no further test starts.',
  },
  'load.resumeSuite': {
    input: z.strictObject({ suiteRunId: z.number().int().positive(), actor: z.string().trim().min(1).max(60) }),
    output: LoadSuiteRunSchema,
    role: 'operator',
    summary: 'Resume an interrupted suite run from the test it was on.',
  },
  'load.getSuiteRun': {
    input: z.strictObject({ suiteRunId: z.number().int().positive() }),
    output: LoadSuiteRunSchema,
    role: 'viewer',
    summary: 'One suite run: its tests, their runs and verdicts (exceptions counted), and the suite verdict.',
  },
  'load.suiteReport': {
    input: z.strictObject({ suiteRunId: z.number().int().positive() }),
    output: z.object({ files: z.array(LoadReportSchema) }),
    role: 'viewer',
    summary: 'The suite report (HTML, first) and the HTML report of each test it links, named as linked.',
  },
  'load.markBaseline': {
    input: z.strictObject({ runId: z.number().int().positive(), actor: z.string().trim().min(1).max(60) }),
    output: LoadBaselineSchema,
    role: 'operator',
    summary: "Mark a passed run as its profile's baseline: later runs of the profile are compared with it (audited).",
  },
  'load.addException': {
    input: z.strictObject({
      runId: z.number().int().positive(),
      expression: z.string().min(1).max(200),
      endpoint: z.string().min(1).max(300).optional(),
      reason: z.string().trim().min(1).max(2000),
      owner: z.string().trim().min(1).max(60),
      expiresAt: z.number().int().positive(),
      actor: z.string().trim().min(1).max(60),
    }),
    output: LoadExceptionSchema,
    role: 'operator',
    summary: "Accept a failed threshold of a run with a reason, an owner and an expiry (a documented exception; audited).",
  },
  'load.withdrawException': {
    input: z.strictObject({ exceptionId: z.number().int().positive(), actor: z.string().trim().min(1).max(60) }),
    output: LoadExceptionSchema,
    role: 'operator',
    summary: 'Withdraw a documented exception before it expires: the threshold counts as failed again at once (audited).',
  },
  'load.baselineComparison': {
    input: z.strictObject({ runId: z.number().int().positive() }),
    output: LoadBaselineComparisonSchema,
    role: 'viewer',
    summary: "A run compared with its profile's baseline (p50/p95/p99, RPS, error rate per endpoint; regressions flagged).",
  },
  'rehearsal.status': {
    input: NoInput,
    output: RehearsalStateSchema,
    role: 'viewer',
    summary: 'State of the simulated platform: its services, faults, versions and scenario.',
  },
  'rehearsal.start': {
    input: NoInput,
    output: RehearsalStateSchema,
    role: 'operator',
    summary: 'Start the simulated platform (or attach to one already running).',
  },
  'rehearsal.stop': {
    input: NoInput,
    output: RehearsalStateSchema,
    role: 'operator',
    summary: 'Stop the simulated platform this app started.',
  },
  'rehearsal.fault': {
    input: FaultRequestSchema,
    output: RehearsalStateSchema,
    role: 'operator',
    summary: 'Inject a fault into one simulated service (stop, slow, errors, flapping, dependency down, deploy…).',
  },
  'rehearsal.reset': {
    input: NoInput,
    output: RehearsalStateSchema,
    role: 'operator',
    summary: 'Clear every fault and put every simulated service back on the baseline version.',
  },
  'rehearsal.scenario.start': {
    input: ScenarioStartSchema,
    output: RehearsalStateSchema,
    role: 'operator',
    summary: 'Play a named scenario (a scripted sequence of faults and deploys).',
  },
  'rehearsal.scenario.stop': {
    input: NoInput,
    output: RehearsalStateSchema,
    role: 'operator',
    summary: 'Stop the scenario being played; faults already injected stay.',
  },
  // ---- go/no-go board (issue 10) ----
  'board.get': {
    input: BoardGetInputSchema,
    output: BoardEvaluationSchema,
    role: 'viewer',
    summary: 'The go/no-go board: score per category, criteria with their evidence, blockers, stale, waivers, GO/NO-GO, what is left to GO.',
  },
  'board.signoff': {
    input: SignoffInputSchema,
    output: SignoffSchema,
    role: 'operator',
    summary: 'Sign off a manual criterion (who, note, optional link); audited.',
  },
  'board.waive': {
    input: WaiveInputSchema,
    output: WaiverSchema,
    role: 'operator',
    summary: 'Waive a criterion that is not met until an expiry (owner, reason); audited. Hard blockers cannot be waived.',
  },
  'board.revokeWaiver': {
    input: RevokeWaiverInputSchema,
    output: WaiverSchema,
    role: 'operator',
    summary: 'End a waiver before its expiry; the criterion counts again; audited.',
  },
  // ── security findings register (issue 9) ──
  'security.overview': {
    input: NoInput,
    output: SecurityOverviewSchema,
    role: 'viewer',
    summary: 'Open findings per severity, states, overdue count, the gate and the latest scan of each scope.',
  },
  'security.listFindings': {
    input: ListFindingsInputSchema,
    output: FindingPageSchema,
    role: 'viewer',
    summary: 'A page of findings by filter, in remediation order unless another sort is asked for.',
  },
  'security.getFinding': {
    input: z.strictObject({ id: z.number().int().positive() }),
    output: FindingDetailSchema,
    role: 'viewer',
    summary: 'One finding with its triage history and the scans that saw it.',
  },
  'security.listScans': {
    input: z.strictObject({ limit: z.number().int().min(1).max(1000).default(100), beforeAt: z.number().int().optional() }),
    output: z.array(ScanRecordSchema),
    role: 'viewer',
    summary: 'Scans, newest first, with their new / fixed / unchanged counts and warnings.',
  },
  'security.compareScans': {
    input: z.strictObject({ baseScanId: z.number().int().positive(), scanId: z.number().int().positive() }),
    output: ScanComparisonSchema,
    role: 'viewer',
    summary: 'What one scan found that another did not (new), what it no longer found (fixed), and what both did.',
  },
  'security.history': {
    input: z.strictObject({ fromAt: z.number().int().nonnegative().optional(), toAt: z.number().int().nonnegative().optional() }),
    output: z.array(SecurityHistoryPointSchema),
    role: 'viewer',
    summary: 'Open findings by severity after every import, triage and expiry, oldest first, for a chart.',
  },
  'security.importReports': {
    input: ImportReportsInputSchema,
    output: ImportResultSchema,
    role: 'operator',
    summary: 'Import scanner reports from files on the core\'s machine (local callers only), in one transaction.',
  },
  'security.importReportContents': {
    input: ImportReportContentsInputSchema,
    output: ImportResultSchema,
    role: 'operator',
    summary: 'Import scanner reports sent as their text (name + contents), in one transaction; the core reads no file.',
  },
  'security.triage': {
    input: TriageInputSchema,
    output: TriageResultSchema,
    role: 'operator',
    summary: 'Set the triage state and/or blocking flag of findings named by id or matched by a filter; audited.',
  },
  'security.gate': {
    input: NoInput,
    output: SecurityGateSchema.nullable(),
    role: 'viewer',
    summary: 'The security gate as evidence (null when nothing was ever scanned).',
  },
  'security.export': {
    input: z.strictObject({ format: SecurityExportFormatSchema, filter: FindingFilterSchema.default({}) }),
    output: SecurityExportSchema,
    role: 'viewer',
    summary: 'The register as CSV, JSON, SARIF 2.1.0 (triage as suppressions) or the Markdown security summary.',
  },
  // ── security scanners as configured commands (issue 9C) ──
  'security.scanners': {
    input: NoInput,
    output: z.object({ environment: z.string(), scanners: z.array(ScannerViewSchema) }),
    role: 'viewer',
    summary: 'The configured scanners, whether each runs in this environment, its running and last run.',
  },
  'security.startScan': {
    input: z.strictObject({
      scanners: z.array(IdSchema).max(100).default([]),
      actor: z.string().trim().min(1).max(60),
    }),
    output: z.array(ScanRunSchema),
    role: 'operator',
    summary: 'Run configured scanners by id (all that run in this environment when none is named); their reports are imported.',
  },
  'security.cancelScan': {
    input: z.strictObject({ runId: z.number().int().positive(), actor: z.string().trim().min(1).max(60) }),
    output: ScanRunSchema,
    role: 'operator',
    summary: 'Cancel a running scan: its whole process tree is stopped; it ends "cancelled".',
  },
  'security.getScanRun': {
    input: z.strictObject({ runId: z.number().int().positive() }),
    output: z.object({ run: ScanRunSchema, output: z.string().nullable() }),
    role: 'viewer',
    summary: 'One scan run with its output (live while it runs, stored once it ended).',
  },
  'security.listScanRuns': {
    input: z.strictObject({ limit: z.number().int().min(1).max(1000).default(100), beforeAt: z.number().int().optional(), scannerId: IdSchema.optional() }),
    output: z.array(ScanRunSchema),
    role: 'viewer',
    summary: 'Scan runs, newest first (optionally of one scanner, before a time).',
  },
  // ---- drills (issue 12) ----
  'drills.list': {
    input: NoInput,
    output: DrillsOverviewSchema,
    role: 'viewer',
    summary: 'The drills of the config (their steps and whether they may run here), the drill running now and recent runs.',
  },
  'drills.start': {
    input: DrillStartSchema,
    output: DrillRunSchema,
    role: 'operator',
    summary: 'Start a drill: its steps run in order; refused while another drill or an action runs in the environment.',
  },
  'drills.cancel': {
    input: z.strictObject({ runId: z.number().int().positive(), actor: z.string().trim().min(1).max(60) }),
    output: DrillRunSchema,
    role: 'operator',
    summary: 'Cancel a running drill (its current step too), or decline the recovery it offers.',
  },
  'drills.confirmStep': {
    input: z.strictObject({
      runId: z.number().int().positive(),
      /** 0-based index of the step that waits (a manual check, or the offered recovery). */
      step: z.number().int().min(0).max(100),
      actor: z.string().trim().min(1).max(60),
      /** false declines: a declined manual step fails the drill; a declined recovery is not run. */
      accept: z.boolean().default(true),
    }),
    output: DrillRunSchema,
    role: 'operator',
    summary: 'Confirm (or decline) the manual step a drill waits on, or accept (or decline) its offered recovery.',
  },
  'drills.getRun': {
    input: z.strictObject({ runId: z.number().int().positive() }),
    output: DrillRunSchema,
    role: 'viewer',
    summary: 'One drill run with its steps, their timing, what happened and the runs they started.',
  },
  'drills.listRuns': {
    input: z.strictObject({ drillId: IdSchema.optional(), limit: z.number().int().min(1).max(500).default(50), beforeId: z.number().int().positive().optional() }),
    output: z.array(DrillRunSchema),
    role: 'viewer',
    summary: 'Drill runs, newest first: the stored evidence.',
  },
  // ---- go/no-go meeting and decision record (issue 10 part C) ----
  'meeting.get': {
    input: MeetingGetInputSchema,
    output: z.object({ roles: z.array(z.string()), poll: PollSchema.nullable() }),
    role: 'viewer',
    summary: 'The voting roles and the current poll (the open one, else the latest), with its votes and tally.',
  },
  'meeting.openPoll': {
    input: OpenPollInputSchema,
    output: PollSchema,
    role: 'operator',
    summary: 'Open the go/no-go poll (one open poll at a time); audited.',
  },
  'meeting.vote': {
    input: VoteInputSchema,
    output: VoteSchema,
    role: 'operator',
    summary: 'Vote GO / NO-GO / HOLD for a role (NO-GO needs a reason); stores the board the voter saw; audited.',
  },
  'meeting.closePoll': {
    input: ClosePollInputSchema,
    output: PollSchema,
    role: 'operator',
    summary: 'Close the poll to further votes; audited.',
  },
  'decision.record': {
    input: RecordDecisionInputSchema,
    output: DecisionRecordSchema,
    role: 'operator',
    summary: 'Record the GO / NO-GO decision of a poll, frozen with the board as of now and chained into the audit trail; one per poll.',
  },
  'decision.get': {
    input: DecisionGetInputSchema,
    output: DecisionRecordSchema.nullable(),
    role: 'viewer',
    summary: 'A decision record (default: the newest; null when none was recorded), checked against its digest.',
  },
  'decision.list': {
    input: DecisionListInputSchema,
    output: z.array(DecisionSummarySchema),
    role: 'viewer',
    summary: 'Decision records, newest first.',
  },
  'decision.export': {
    input: DecisionExportInputSchema,
    output: DecisionExportSchema,
    role: 'viewer',
    summary: 'A decision record as Markdown, or as a printable HTML page the shells print to PDF.',
  },
  // ---- Alertmanager (issue 14) ----
  'alerts.list': {
    input: z.strictObject({ refresh: z.boolean().default(false) }),
    output: AlertsStateSchema,
    role: 'viewer',
    summary: "The environment's alerts as Alertmanager holds them (active, silenced, inhibited) with their runbooks; refresh reads it now.",
  },
  'alerts.history': {
    input: AlertHistoryInputSchema,
    output: z.array(AlertEpisodeSchema),
    role: 'viewer',
    summary: 'Firing episodes of alerts (firing → resolved) that overlap a time range, newest first; one service when given.',
  },
  'alerts.listSilences': {
    input: NoInput,
    output: z.array(SilenceSchema),
    role: 'viewer',
    summary: "Alertmanager's silences (active, pending and expired).",
  },
  'alerts.silence': {
    input: SilenceInputSchema,
    output: SilenceSchema,
    role: 'operator',
    summary: 'Acknowledge an alert: a silence on its labels in Alertmanager (who, why, how long), audited.',
  },
  'alerts.sendTest': {
    input: TestAlertInputSchema,
    output: TestAlertResultSchema,
    role: 'operator',
    summary: 'Post a synthetic alert to Alertmanager and wait until it is listed there, audited.',
  },
  // ---- wall display and replay (issue 11) ----
  'replay.get': {
    input: ReplayInputSchema,
    output: ReplaySchema,
    role: 'viewer',
    summary: 'The board, the service tiles and the runs as they were at a moment of the last 7 days, from stored evidence.',
  },
  // ---- launch plan and risk register (issue 11) ----
  'plan.import': {
    input: PlanImportInputSchema,
    output: PlanImportResultSchema,
    role: 'operator',
    summary: 'Import a Markdown plan (its text): tasks matched by heading path + text keep their state; reports added, removed, changed; imports its risk table; audited.',
  },
  'plan.get': {
    input: NoInput,
    output: PlanSchema,
    role: 'viewer',
    summary: 'The plan: its sections (headings, text, tables, code) and tasks with their state.',
  },
  'plan.status': {
    input: NoInput,
    output: PlanStatusSchema,
    role: 'viewer',
    summary: 'Progress per day, blockers and the deliverables checklist with its counts.',
  },
  'plan.markTask': {
    input: SetTaskInputSchema,
    output: PlanTaskSchema,
    role: 'operator',
    summary: 'Set a task open, done (optional evidence: a run, scan or sign-off) or blocked (with a reason); stored with who and when, audited.',
  },
  'plan.linkTask': {
    input: LinkTaskInputSchema,
    output: PlanTaskSchema,
    role: 'operator',
    summary: 'Link a task to a manual board criterion (its tick counts as the criterion\'s evidence), or unlink it; audited.',
  },
  'plan.listEvidence': {
    input: NoInput,
    output: z.array(EvidenceChoiceSchema),
    role: 'viewer',
    summary: 'What a done task may point at: the newest load, action and drill runs of the environment, scans and sign-offs.',
  },
  'plan.taskHistory': {
    input: z.strictObject({ key: z.string().min(1).max(2000) }),
    output: z.array(TaskHistoryEntrySchema),
    role: 'viewer',
    summary: 'Every state change of a task, oldest first.',
  },
  'risks.list': {
    input: NoInput,
    output: z.array(RiskSchema),
    role: 'viewer',
    summary: 'The risk register: likelihood, impact, rating, mitigation, owner, status.',
  },
  'risks.set': {
    input: SetRiskInputSchema,
    output: RiskSchema,
    role: 'operator',
    summary: 'Add a risk (no id) or change one (likelihood, impact, mitigation, owner, status); the change is kept in its history and audited.',
  },
  'risks.history': {
    input: z.strictObject({ id: z.number().int().positive() }),
    output: z.array(RiskChangeSchema),
    role: 'viewer',
    summary: 'Every change of a risk, oldest first.',
  },
  // ---- monitoring: Prometheus (issue 14) ----
  'monitoring.get': {
    input: z.strictObject({ fresh: z.boolean().default(false) }),
    output: MonitoringOverviewSchema,
    role: 'viewer',
    summary: 'The query tiles of the environment: their last reading, or a reading taken now with fresh.',
  },
  'monitoring.getStatus': {
    input: z.strictObject({ fresh: z.boolean().default(false) }),
    output: MonitoringStatusSchema.nullable(),
    role: 'viewer',
    summary: 'Whether the environment is monitored: Prometheus up, every scrape target up, alert rules loaded (checked now with fresh).',
  },
  'monitoring.getRunResources': {
    input: z.strictObject({ runId: z.number().int().positive() }),
    output: z.object({ resources: z.array(RunResourceSchema) }),
    role: 'viewer',
    summary: 'The resources (CPU, memory, pool, cache…) sampled from Prometheus during a load run.',
  },
  'monitoring.compareRuns': {
    input: z.strictObject({ baseRunId: z.number().int().positive(), runId: z.number().int().positive() }),
    output: z.object({ rows: z.array(ResourceComparisonSchema) }),
    role: 'viewer',
    summary: 'Peak and mean of each sampled resource in two load runs, and the change of the peak.',
  },
  // ---- Load results produced elsewhere (issue 13: Locust and k6 import) ----
  'load.import': {
    input: z.strictObject({
      path: z.string().trim().min(1).max(4096),
      format: z.enum(['locust', 'k6']).optional(),
      profile: IdSchema.optional(),
      actor: z.string().trim().min(1).max(60),
    }),
    output: LoadRunRecordSchema,
    role: 'operator',
    summary: 'Import a Locust CSV set or a k6 --summary-export from a file on the core\'s machine (local callers only) as a finished run, in one transaction.',
  },
  // ---- stand-ups, end-of-day reports (issue 11) and notification channels (issue 14) ----
  'standup.add': {
    input: StandupAddInputSchema,
    output: StandupNoteSchema,
    role: 'operator',
    summary: 'Add a stand-up note (yesterday / today / blockers) for a person and day (default today); audited.',
  },
  'standup.list': {
    input: z.strictObject({ day: DaySchema.optional() }),
    output: z.object({ day: DaySchema, notes: z.array(StandupNoteSchema) }),
    role: 'viewer',
    summary: 'The stand-up notes of a day (default today), oldest first.',
  },
  'reports.generate': {
    input: z.strictObject({ day: DaySchema.optional(), by: z.string().trim().min(1).max(60) }),
    output: ReportRecordSchema,
    role: 'operator',
    summary: "Generate the end-of-day report of a day (default today) from its stored evidence; stored (Markdown and HTML).",
  },
  'reports.send': {
    input: z.strictObject({ reportId: z.number().int().positive(), by: z.string().trim().min(1).max(60) }),
    output: ReportRecordSchema,
    role: 'operator',
    summary: 'Send a stored report through the webhook and email; each delivery is stored, a failed one says which channel and why.',
  },
  'reports.get': {
    input: z.strictObject({ reportId: z.number().int().positive().optional(), day: DaySchema.optional() }),
    output: ReportRecordSchema.nullable(),
    role: 'viewer',
    summary: 'One report by id, or the newest of a day (default today); null when there is none.',
  },
  'reports.list': {
    input: z.strictObject({ fromDay: DaySchema.optional(), toDay: DaySchema.optional(), limit: z.number().int().min(1).max(500).default(50) }),
    output: z.array(ReportSummarySchema),
    role: 'viewer',
    summary: 'Reports generated between two days, newest first, with their delivery state.',
  },
  'notify.channels': {
    input: NoInput,
    output: z.object({ environment: z.string(), channels: z.array(ChannelViewSchema) }),
    role: 'viewer',
    summary: "The environment's notification channels: configured, secret set, target, last delivery.",
  },
  'notify.test': {
    input: z.strictObject({ channel: ChannelSchema, by: z.string().trim().min(1).max(60) }),
    output: DeliverySchema,
    role: 'operator',
    summary: 'Send a test through one channel (PagerDuty: a trigger resolved at once); the delivery is stored; audited.',
  },
  'notify.acknowledge': {
    input: z.strictObject({ service: z.string().min(1).max(63), by: z.string().trim().min(1).max(60) }),
    output: DeliverySchema,
    role: 'operator',
    summary: "Acknowledge a service's PagerDuty incident (someone is on it); audited.",
  },
} as const satisfies Record<string, CommandSpec>;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>;
export type CommandParsedInput<N extends CommandName> = z.output<Commands[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<Commands[N]['output']>;

export const COMMAND_NAMES = Object.keys(commands) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}

/** Whether a caller with `role` may call a command that needs `needed`. */
export function roleAllows(role: Role, needed: Role): boolean {
  return role === 'operator' || needed === 'viewer';
}
