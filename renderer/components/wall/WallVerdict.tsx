/** GO / NO-GO and the score, the largest thing on the wall: colour, shape and word. */
import { memo } from 'react';
import type { BoardEvaluation } from '../../../shared/domain/board.js';
import { formatScore } from '../../../shared/format/board-summary.js';
import { Icon } from '../common/Icon.js';
import { VERDICT_MARKS } from '../board/board-marks.js';

function WallVerdictView({ board }: { board: BoardEvaluation | null }) {
  if (!board) {
    return (
      <div className="wall-verdict wall-verdict--unknown" data-testid="wall-verdict" data-verdict="none">
        <Icon name="question" className="wall-verdict__icon" />
        <span className="wall-verdict__word">…</span>
      </div>
    );
  }
  const mark = VERDICT_MARKS[board.verdict];
  const gaps = [board.staleCount > 0 ? `${board.staleCount} stale` : '', board.unknownCount > 0 ? `${board.unknownCount} unknown` : ''].filter(Boolean);
  return (
    <div className={`wall-verdict wall-verdict--${mark.tone}`} data-testid="wall-verdict" data-verdict={board.verdict}>
      <Icon name={mark.icon} className="wall-verdict__icon" />
      <span className="wall-verdict__word">{mark.word}</span>
      <span className="wall-verdict__score">
        <span className="wall-verdict__value" data-testid="wall-score">
          {formatScore(board.score)}
        </span>
        <span className="wall-verdict__of">
          <span>GO needs {board.threshold} %</span>
          {gaps.length > 0 && <span>{gaps.join(', ')}</span>}
        </span>
      </span>
    </div>
  );
}

/** Memoised: the wall re-renders for every service's news; this is drawn again only when its props change. */
export const WallVerdict = memo(WallVerdictView);
