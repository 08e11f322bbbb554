/** A criterion's state (met, not met, unknown, stale, waived) as colour, shape and word. */
import type { CriterionState } from '../../../shared/domain/board.js';
import { Icon } from '../common/Icon.js';
import { CRITERION_MARKS } from './board-marks.js';

export function CriterionStateMark({ state }: { state: CriterionState }) {
  const mark = CRITERION_MARKS[state];
  return (
    <span className={`cstate cstate--${mark.tone}`} data-state={state} data-testid="criterion-state">
      <Icon name={mark.icon} />
      <span className="cstate__word">{mark.word}</span>
    </span>
  );
}
