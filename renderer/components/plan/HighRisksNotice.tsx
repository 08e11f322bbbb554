/**
 * Open high risks on the board, as information (board.highRisks: inform). When the config makes
 * them blockers they are in the blocker list instead, so this stays away.
 */
import type { BoardEvaluation } from '../../../shared/domain/board.js';
import { hrefFor } from '../../stores/routing.js';

export function HighRisksNotice({ board }: { board: BoardEvaluation }) {
  const risks = board.highRisks.filter((r) => !board.blockers.some((b) => b.criterionId === `risk-${r.riskId}`));
  if (risks.length === 0) return null;
  return (
    <section className="panel board-risks" data-testid="board-high-risks" aria-label="Open high risks">
      <h2 className="board-risks__title">
        ▲ {risks.length} open high risk{risks.length > 1 ? 's' : ''} <span className="muted">(information, not a blocker)</span>
      </h2>
      <ul>
        {risks.map((r) => (
          <li key={r.riskId}>
            {r.title} <span className="muted">likelihood {r.likelihood} × impact {r.impact}{r.owner ? `, owner ${r.owner}` : ''}</span>
          </li>
        ))}
      </ul>
      <a href={hrefFor('plan')}>Risk register →</a>
    </section>
  );
}
