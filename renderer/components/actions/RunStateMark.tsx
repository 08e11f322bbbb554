/** A run's state as colour plus icon plus word, like the health marks. */
import type { RunState } from '../../../shared/domain/actions.js';
import { Icon } from '../common/Icon.js';
import { RUN_STATE_ICONS, RUN_STATE_WORDS } from './run-format.js';

export function RunStateMark({ state, size = 'md', testId }: { state: RunState; size?: 'sm' | 'md' | 'lg'; testId?: string }) {
  return (
    <span className={`run-state run-state--${state} run-state--${size}`} data-state={state} data-testid={testId}>
      <Icon name={RUN_STATE_ICONS[state]} className={state === 'running' || state === 'verifying' ? 'icon--spin' : undefined} />
      <span className="run-state__word">{RUN_STATE_WORDS[state]}</span>
    </span>
  );
}
