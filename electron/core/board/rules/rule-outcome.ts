/** What a rule of the catalogue says about its evidence as of t, before age and waivers are applied. */
import type { WarroomConfig } from '../../../../shared/domain/config.js';
import type { Evidence, Signoff } from '../../../../shared/domain/board.js';
import type { BoardEvidenceReader } from '../../store/repos/board-evidence-reader.js';
import type { DrillPort, PlanPort, SecurityGatePort } from '../ports.js';

export interface RuleOutcome {
  state: 'met' | 'not-met' | 'unknown';
  /** Why it is not met (or unknown); null when met. */
  why: string | null;
  evidence: Evidence[];
  /** The moment the evidence's age is measured from (its oldest relevant part); null without evidence. */
  evidenceAt: number | null;
}

export interface RuleContext {
  asOf: number;
  /** The environment the board is evaluated for (a rule may name another). */
  environment: string;
  config: WarroomConfig;
  evidence: BoardEvidenceReader;
  security: SecurityGatePort;
  drills: DrillPort;
  /** Plan tasks linked to manual criteria. */
  plan: PlanPort;
  /** The newest sign-off of each criterion as of t. */
  signoffs: ReadonlyMap<string, Signoff>;
}

export const noEvidence = (why: string): RuleOutcome => ({ state: 'unknown', why, evidence: [], evidenceAt: null });

/** The oldest of some times, or null when any is missing. */
export function oldest(times: readonly (number | null)[]): number | null {
  if (times.length === 0 || times.some((t) => t === null)) return null;
  return Math.min(...times.map(Number));
}
