/**
 * Evidence the board reads from features that are not built yet, through small ports: each
 * answers null for "no evidence", which the board shows as unknown (never as passed).
 */
import type { SecurityGate } from '../../../shared/domain/security.js';

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
