/** Hard blockers, each one line (title and why, cut with an ellipsis, whole in its title); more than fit are counted, never scrolled. */
import { memo } from 'react';
import type { Blocker } from '../../../shared/domain/board.js';
import { Icon } from '../common/Icon.js';

const SHOWN = 3;

function WallBlockersView({ blockers }: { blockers: readonly Blocker[] }) {
  if (blockers.length === 0) return null;
  const more = blockers.length - SHOWN;
  return (
    <section className="wall-blockers" data-testid="wall-blockers" aria-label="Blockers">
      <h2 className="wall-blockers__title">
        <Icon name="cross" />
        {blockers.length === 1 ? '1 blocker' : `${blockers.length} blockers`}
      </h2>
      <ul className="wall-blockers__list">
        {blockers.slice(0, SHOWN).map((blocker) => (
          // One line each on the wall (the tiles below show which services); the title keeps the whole.
          <li key={blocker.criterionId} className="wall-blocker" data-testid={`wall-blocker-${blocker.criterionId}`} title={`${blocker.title} ${blocker.why}`}>
            <strong>{blocker.title}</strong> <span className="wall-blocker__why">{blocker.why}</span>
          </li>
        ))}
        {more > 0 && <li className="wall-blocker wall-blocker--more">+{more} more</li>}
      </ul>
    </section>
  );
}

/** Memoised: the wall re-renders for every service's news; this is drawn again only when its props change. */
export const WallBlockers = memo(WallBlockersView);
