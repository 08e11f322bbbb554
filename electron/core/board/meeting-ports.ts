/**
 * What the meeting reads from other parts of the core, through small ports: the board's evaluation
 * (board-service.ts) and the security register's accepted risks (issue 9), which answer null while
 * there is no register, so a record says "no register" instead of "no accepted risks".
 */
import type { BoardEvaluation } from '../../../shared/domain/board.js';
import type { AcceptedRisk } from '../../../shared/domain/meeting.js';

/** The board as of a moment (BoardService.get). */
export interface BoardReader {
  get(input: { environment?: string | undefined; asOf?: number | undefined }): BoardEvaluation;
}

export interface AcceptedRisksPort {
  /** Findings accepted as risks and standing at `asOf`; null when there is no security register. */
  acceptedAt(asOf: number): AcceptedRisk[] | null;
}

/** Until the security register lands: no register, so records carry null. */
export const noSecurityRegister: AcceptedRisksPort = { acceptedAt: () => null };
