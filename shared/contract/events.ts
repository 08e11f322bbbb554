/** Every event the core pushes: name → payload schema. Each is delivered with a monotonic seq. */
import { HeartbeatSchema } from '../domain/app.js';
import { JournalEntrySchema } from '../domain/journal.js';
import { RehearsalStateSchema } from '../domain/rehearsal.js';
import { HealthNotificationSchema, ProbeResultSchema, ServiceHealthSchema } from '../domain/probes.js';
import { ActionOutputSchema, ActionRunSchema, RunbookViewSchema } from '../domain/actions.js';
import { LoadRunRecordSchema } from '../domain/load-runs.js';
import { LoadTickSchema } from '../domain/load.js';
import { LoadSuitesOverviewSchema } from '../domain/load-suites.js';
import { CoreProblemSchema } from '../domain/problems.js';
import { BoardEvaluationSchema } from '../domain/board.js';
import { SecurityChangedSchema } from '../domain/security-register.js';
import { ScanOutputSchema, ScanRunSchema } from '../domain/security-scanners.js';
import { DrillRunSchema } from '../domain/drills.js';
import { DecisionRecordSchema, PollSchema } from '../domain/meeting.js';
import { AlertsStateSchema } from '../domain/alerts.js';
import { PlanChangedSchema } from '../domain/plan.js';
import { MonitoringOverviewSchema, MonitoringStatusSchema } from '../domain/monitoring.js';
import { ReportSummarySchema, StandupNoteSchema } from '../domain/reports.js';
import { z } from 'zod';

export const events = {
  /** The core is alive; emitted every intervalMs so clients can tell fresh data from stale. */
  'core.heartbeat': HeartbeatSchema,
  /** What keeps failing inside the core, whole: sent when a problem appears, recurs or clears. */
  'core.problems': z.object({ problems: z.array(CoreProblemSchema) }),
  'journal.added': JournalEntrySchema,
  /** The simulated platform changed: a service, a fault, a version, the scenario timeline. */
  'rehearsal.changed': RehearsalStateSchema,
  /** Services whose health changed (status, reason, latency, staleness), batched. */
  'health.changed': z.object({ paused: z.boolean(), services: z.array(ServiceHealthSchema) }),
  /** Raw check results, batched: what sparklines append. */
  'probe.results': z.object({ results: z.array(ProbeResultSchema) }),
  /** A change to down or back, folded by root cause; not sent for muted services. */
  'health.notification': HealthNotificationSchema,
  /** A run was requested, approved, started, ended or verified. */
  'action.changed': ActionRunSchema,
  /** A run's life is over (its process and any verification): the final record, sent once. */
  'action.ended': ActionRunSchema,
  /** Live output of a run (masked; ANSI colours kept), coalesced to about 10 per second per stream. */
  'action.output': ActionOutputSchema,
  'runbook.changed': RunbookViewSchema,
  /** A load run started or ended. */
  'load.changed': LoadRunRecordSchema,
  /** One second of the running load test. */
  'load.tick': z.object({ runId: z.number().int(), tick: LoadTickSchema }),
  /** Suites, baselines, exceptions or verdicts changed (a suite run moved on, a run ended, a baseline or exception was recorded). */
  'load.suitesChanged': LoadSuitesOverviewSchema,
  /** The go/no-go board of the core's environment changed (an input of the score changed, or time made it). */
  'board.changed': BoardEvaluationSchema,
  /** The findings register changed: an import, a triage or an acceptance that expired. */
  'security.changed': SecurityChangedSchema,
  // ── security scanners (issue 9C) ──
  /** A scan run started or moved on (scanning → reading → importing), or ended. */
  'security.scanChanged': ScanRunSchema,
  /** A scan run's life is over: the final record, sent once. */
  'security.scanEnded': ScanRunSchema,
  /** Live output of a scanner (stderr, and stdout unless the report goes there), about 10 per second per stream. */
  'security.scanOutput': ScanOutputSchema,
  // ---- drills (issue 12) ----
  /** A step of a drill run changed (started, waits, passed, failed…): the whole run, and which step. */
  'drills.step': z.object({ run: DrillRunSchema, index: z.number().int() }),
  /** A drill run ended (passed, failed, cancelled, interrupted): the final record, sent once. */
  'drills.ended': DrillRunSchema,
  /** The go/no-go poll opened, got a vote, closed or got its decision (the whole poll). */
  'meeting.changed': PollSchema,
  /** A decision record was stored (frozen). */
  'decision.recorded': DecisionRecordSchema,
  /** The environment's alerts changed (or Alertmanager became unreachable / reachable again): the whole state. */
  'alerts.changed': AlertsStateSchema,
  // ---- launch plan and risk register (issue 11) ----
  /** The plan (an import, a task's state or link) or the risk register changed; clients fetch what they show. */
  'plan.changed': PlanChangedSchema,
  // ---- monitoring: Prometheus (issue 14) ----
  /** The query tiles were read (every refresh interval, or on demand). */
  'monitoring.tiles': MonitoringOverviewSchema,
  /** The monitoring check of the environment changed (Prometheus, targets, rules). */
  'monitoring.checked': MonitoringStatusSchema,
  // ---- stand-ups and end-of-day reports (issue 11) ----
  /** A stand-up note was stored. */
  'standup.added': StandupNoteSchema,
  /** A report was generated, or sent (its delivery state changed). */
  'report.changed': ReportSummarySchema,
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export interface EventMeta {
  /** Monotonic per core; a client applies only events newer than its snapshot's lastSeq. */
  seq: number;
  /** Epoch ms when the core emitted it. */
  at: number;
}

/** An event as it crosses a transport (IPC message, SSE data line). */
export type WireEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } & EventMeta }[EventName];

export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
