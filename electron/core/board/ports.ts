/**
 * Evidence the board reads from features that are not built yet, through small ports: each
 * answers null for "no evidence", which the board shows as unknown (never as passed).
 */
import type { SecurityGate } from '../../../shared/domain/security.js';
import type { RiskNotice, TaskEvidence } from '../../../shared/domain/plan.js';

/** The security register's gate as of t (issue 9). null: nothing was ever scanned by then. */
export interface SecurityGatePort {
  gateAt(asOf: number): SecurityGate | null;
  /** Called by the register when the gate may have changed (security.changed); the board recomputes. */
  onChange(listener: () => void): () => void;
}

/** A drill's newest passed run (issue 12). */
export interface DrillPassedEvidence {
  runId: string;
  drillId: string;
  environment: string;
  passed: boolean;
  by: string;
  endedAt: number;
}

export interface DrillPort {
  /** The newest ended run of a drill in an environment by t, or null when none is recorded. */
  latestRun(drillId: string, environment: string, asOf: number): DrillPassedEvidence | null;
  onChange(listener: () => void): () => void;
}

/** Until the security register lands: no evidence, so the gate reads as unknown. */
export const noSecurityEvidence: SecurityGatePort = { gateAt: () => null, onChange: () => () => undefined };

/** Until drills land (issue 12): no evidence. */
export const noDrillEvidence: DrillPort = { latestRun: () => null, onChange: () => () => undefined };

/** A plan task linked to a criterion, as of t (issue 11). */
export interface LinkedTaskEvidence {
  key: string;
  text: string;
  done: boolean;
  by: string | null;
  /** When it was ticked done (its newest state change by t). */
  at: number | null;
  /** The run, scan or sign-off the tick pointed at. */
  evidence: TaskEvidence | null;
}

/** The launch plan and the risk register (issue 11). */
export interface PlanPort {
  /** Tasks linked to a manual criterion that were in the plan at t, with whether each stood done. */
  linkedTasksAt(criterionId: string, asOf: number): LinkedTaskEvidence[];
  /** Risks open and rated high at t. */
  openHighRisksAt(asOf: number): RiskNotice[];
  onChange(listener: () => void): () => void;
}

export const noPlanEvidence: PlanPort = { linkedTasksAt: () => [], openHighRisksAt: () => [], onChange: () => () => undefined };
