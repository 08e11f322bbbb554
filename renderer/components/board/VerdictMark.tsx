/** GO / NO-GO / HOLD as colour, shape and word; `size="xl"` is the wall's headline. */
import { Icon } from '../common/Icon.js';
import { VERDICT_MARKS } from './board-marks.js';
import type { VerdictWord } from './board-marks.js';

export function VerdictMark({ verdict, size = 'md', testId }: { verdict: VerdictWord; size?: 'md' | 'xl'; testId?: string }) {
  const mark = VERDICT_MARKS[verdict];
  return (
    <span className={`verdict verdict--${mark.tone} verdict--${size}`} data-verdict={verdict} data-testid={testId}>
      <Icon name={mark.icon} className="verdict__icon" />
      <span className="verdict__word">{mark.word}</span>
    </span>
  );
}
