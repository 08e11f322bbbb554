/** A load run's state as colour plus icon plus word. */
import type { LoadRunState } from '../../../shared/domain/load-runs.js';
import { Icon } from '../common/Icon.js';
import { LOAD_STATE_ICONS } from './load-format.js';
import { LOAD_STATE_WORDS } from '../../../shared/format/load.js';

interface Props {
  state: LoadRunState;
  size?: 'sm' | 'md' | 'lg' | undefined;
  testId?: string | undefined;
  /**
   * Failed thresholds covered by standing exceptions, when they cover all of them: the run counts
   * as passed with that many exceptions (drawn as passed, the exceptions named).
   */
  excused?: number;
}

export function LoadStateMark({ state, size = 'md', testId, excused = 0 }: Props) {
  const shown = excused > 0 ? 'passed' : state;
  const note = `with ${excused} exception${excused === 1 ? '' : 's'}`;
  return (
    <span
      className={`load-state load-state--${shown} load-state--${size}`}
      data-state={state}
      data-verdict={shown}
      data-testid={testId}
      title={excused > 0 ? `Failed ${excused === 1 ? 'a threshold' : `${excused} thresholds`}, accepted as documented exception${excused === 1 ? '' : 's'}: counts as passed` : undefined}
    >
      <Icon name={LOAD_STATE_ICONS[shown]} />
      <span className="load-state__word">{LOAD_STATE_WORDS[shown]}</span>
      {excused > 0 && <span className="load-state__note">{note}</span>}
    </span>
  );
}
