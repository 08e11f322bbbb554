/** Says plainly that nobody is checking: every result on screen is getting older. */
import { useAppStore } from '../../stores/store.js';
import { Icon } from '../common/Icon.js';

export function PausedBanner() {
  const paused = useAppStore((s) => s.health.paused);
  if (!paused) return null;
  return (
    <div className="notice notice--paused" role="status" data-testid="probes-paused">
      <Icon name="paused" />
      <p>
        <strong>Probing paused</strong> — no checks run until an operator resumes; results turn stale.
      </p>
    </div>
  );
}
