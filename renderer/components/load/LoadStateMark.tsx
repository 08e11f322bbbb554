/** A load run's state as colour plus icon plus word. */
import type { LoadRunState } from '../../../shared/domain/load-runs.js';
import { Icon } from '../common/Icon.js';
import { LOAD_STATE_ICONS } from './load-format.js';
import { LOAD_STATE_WORDS } from '../../../shared/format/load.js';

export function LoadStateMark({ state, size = 'md', testId }: { state: LoadRunState; size?: 'sm' | 'md' | 'lg'; testId?: string }) {
  return (
    <span className={`load-state load-state--${state} load-state--${size}`} data-state={state} data-testid={testId}>
      <Icon name={LOAD_STATE_ICONS[state]} />
      <span className="load-state__word">{LOAD_STATE_WORDS[state]}</span>
    </span>
  );
}
