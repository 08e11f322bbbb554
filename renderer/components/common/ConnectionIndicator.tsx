/** Live / Stale / Offline / Token required (or Reload needed), as colour plus icon plus word. */
import { formatClock } from '../../lib/time.js';
import { selectIndicator } from '../../stores/selectors.js';
import type { IndicatorState } from '../../stores/selectors.js';
import { useAppStore } from '../../stores/store.js';
import { Icon } from './Icon.js';
import type { IconName } from './Icon.js';

const ICONS: Record<IndicatorState, IconName> = {
  live: 'live',
  stale: 'pause',
  offline: 'offline',
  connecting: 'reload',
  unauthorized: 'key',
  reload: 'warning',
};

function word(state: IndicatorState, lastEventAt: number | null): string {
  switch (state) {
    case 'live':
      return 'Live';
    case 'stale':
      return lastEventAt === null ? 'Stale' : `Stale — last update ${formatClock(lastEventAt)}`;
    case 'offline':
      return 'Offline';
    case 'connecting':
      return 'Connecting…';
    case 'unauthorized':
      return 'Token required';
    case 'reload':
      return 'Reload needed';
  }
}

export function ConnectionIndicator() {
  const state = useAppStore(selectIndicator);
  const lastEventAt = useAppStore((s) => s.connection.lastEventAt);
  return (
    <div className={`indicator indicator--${state}`} data-testid="connection-indicator" data-state={state} role="status">
      <Icon name={ICONS[state]} />
      <span>{word(state, lastEventAt)}</span>
    </div>
  );
}
