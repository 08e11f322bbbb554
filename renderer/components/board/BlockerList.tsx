/** Hard blockers first: each forces NO-GO whatever the score; a click brings its criterion into view. */
import type { Blocker } from '../../../shared/domain/board.js';
import { Icon } from '../common/Icon.js';
import { criterionAnchor } from './CriterionCard.js';

function reveal(criterionId: string) {
  document.getElementById(criterionAnchor(criterionId))?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
}

export function BlockerList({ blockers }: { blockers: readonly Blocker[] }) {
  if (blockers.length === 0) return null;
  return (
    <section className="board-blockers panel" data-testid="board-blockers" aria-label="Hard blockers">
      <h2 className="board-blockers__title">
        <Icon name="cross" />
        {blockers.length === 1 ? 'Blocker: NO-GO whatever the score' : `${blockers.length} blockers: NO-GO whatever the score`}
      </h2>
      <ul className="board-blockers__list">
        {blockers.map((blocker) => (
          <li key={blocker.criterionId} className="board-blocker" data-testid={`blocker-${blocker.criterionId}`}>
            <button type="button" className="board-blocker__title" onClick={() => reveal(blocker.criterionId)}>
              {blocker.title}
            </button>
            <span className="board-blocker__why">{blocker.why}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
