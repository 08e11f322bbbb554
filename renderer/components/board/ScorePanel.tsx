/**
 * The board's headline, read from across the room: the score as a big number ("84 %, 3 stale"),
 * GO / NO-GO in colour, shape and word with what it rests on under it ("94 % ≥ 90 %, no blockers,
 * 2 waivers"; the word is not said twice), the threshold, what is left to GO,
 * when the core evaluated it (marked stale when the stream went quiet), and the category bars.
 */
import type { BoardEvaluation } from '../../../shared/domain/board.js';
import { formatScore, toGoParts, verdictBasis } from '../../../shared/format/board-summary.js';
import { formatClock, formatDateTime } from '../../lib/time.js';
import { useAppStore } from '../../stores/store.js';
import { Icon } from '../common/Icon.js';
import { CategoryBars } from './CategoryBars.js';
import { VerdictMark } from './VerdictMark.js';

function EvaluatedAt({ at }: { at: number }) {
  const stale = useAppStore((s) => s.connection.stale);
  return (
    <p className={`board-asof${stale ? ' board-asof--stale' : ''}`} data-testid="board-asof" data-stale={stale}>
      {stale && (
        <span className="board-asof__stale">
          <Icon name="pause" />
          STALE
        </span>
      )}
      <span className="muted">evaluated</span> <time dateTime={new Date(at).toISOString()} title={formatDateTime(at)}>{formatClock(at)}</time>
    </p>
  );
}

export function ScorePanel({ board }: { board: BoardEvaluation }) {
  const toGo = toGoParts(board);
  const tone = board.verdict === 'GO' ? 'ok' : 'bad';
  return (
    <section className={`board-score panel board-score--${tone}`} data-testid="board-score" data-verdict={board.verdict} aria-label="Readiness score">
      <div className="board-score__main">
        <div className="board-score__figure">
          <span className="board-score__value" data-testid="board-score-value" title={`${board.score} % (GO needs ${board.threshold} %)`}>
            {formatScore(board.score)}
          </span>
          <span className="board-score__of">
            readiness · GO needs <strong>{board.threshold} %</strong>
          </span>
        </div>
        <div className="board-score__verdict">
          <VerdictMark verdict={board.verdict} size="xl" testId="board-verdict" />
          <p className="board-score__line" data-testid="board-verdict-line">
            {verdictBasis(board)}
          </p>
        </div>
        <ul className="board-score__counts" data-testid="board-counts">
          {board.staleCount > 0 && (
            <li className="board-count board-count--warn" data-testid="board-stale-count">
              <Icon name="hourglass" />
              {board.staleCount} stale
            </li>
          )}
          {board.unknownCount > 0 && (
            <li className="board-count board-count--unknown" data-testid="board-unknown-count">
              <Icon name="question" />
              {board.unknownCount} unknown
            </li>
          )}
          {board.waivers.length > 0 && (
            <li className="board-count board-count--waived" data-testid="board-waiver-count">
              <Icon name="flag" />
              {board.waivers.length} waived
            </li>
          )}
        </ul>
        <EvaluatedAt at={board.asOf} />
      </div>
      {toGo && (
        <p className="board-togo" data-testid="board-togo">
          <span className="board-togo__count">{toGo.titles.length > 0 ? `${toGo.head}:` : toGo.head}</span>
          {toGo.titles.length > 0 && ` ${toGo.titles.join(', ')}`}
        </p>
      )}
      <CategoryBars categories={board.categories} threshold={board.threshold} />
    </section>
  );
}
