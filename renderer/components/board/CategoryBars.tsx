/** The score per category (security 30, performance 30, operations 20, validation 20 by default) as bars with their weight. */
import type { CategoryScore } from '../../../shared/domain/board.js';
import { formatScore } from '../../../shared/format/board-summary.js';
import { CATEGORY_LABELS } from './board-marks.js';

function toneOf(category: CategoryScore, threshold: number): string {
  if (category.score === null) return 'none';
  return category.score >= threshold ? 'ok' : category.score > 0 ? 'warn' : 'bad';
}

export function CategoryBars({ categories, threshold }: { categories: readonly CategoryScore[]; threshold: number }) {
  return (
    <ul className="catbars" data-testid="board-categories">
      {categories.map((category) => (
        <li key={category.category} className={`catbar catbar--${toneOf(category, threshold)}`} data-testid={`category-${category.category}`} data-score={category.score ?? ''}>
          <div className="catbar__head">
            <span className="catbar__name">{CATEGORY_LABELS[category.category]}</span>
            <span className="catbar__score" title={category.score === null ? undefined : `${category.score} %`}>
              {category.score === null ? '—' : formatScore(category.score)}
            </span>
          </div>
          <div className="catbar__track" aria-hidden="true">
            <div className="catbar__fill" style={{ width: `${category.score ?? 0}%` }} />
            <div className="catbar__threshold" style={{ left: `${threshold}%` }} />
          </div>
          <span className="catbar__foot">
            <span className="catbar__weight" title="Weight of this category in the total score">
              weight {category.weight}
            </span>
            <span className="catbar__count">{category.total === 0 ? 'no criteria' : `${category.met} of ${category.total} met`}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
