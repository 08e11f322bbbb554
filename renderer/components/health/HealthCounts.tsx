/** How many services are up, degraded, down and unknown, as numbers to read from across the room. */
import { selectStatusCount } from '../../stores/selectors.js';
import { useAppStore } from '../../stores/store.js';
import { BigNumber } from '../common/BigNumber.js';

export function HealthCounts({ compact = false }: { compact?: boolean }) {
  const up = useAppStore(selectStatusCount('up'));
  const degraded = useAppStore(selectStatusCount('degraded'));
  const down = useAppStore(selectStatusCount('down'));
  const unknown = useAppStore(selectStatusCount('unknown'));
  return (
    <div className={`bignums${compact ? ' bignums--compact' : ''}`} data-testid="health-counts">
      <BigNumber value={up} label="Up" status="ok" testId="count-up" />
      <BigNumber value={degraded} label="Degraded" status="degraded" testId="count-degraded" />
      <BigNumber value={down} label="Down" status="down" testId="count-down" />
      <BigNumber value={unknown} label="Unknown" status="unknown" testId="count-unknown" />
    </div>
  );
}
