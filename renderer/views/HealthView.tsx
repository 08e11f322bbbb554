/**
 * Every service in detail: the environment, counts and operator controls on top, a tile per
 * service with its probes, and the runbooks beside the tiles.
 */
import { RunbookSidePanel } from '../components/actions/RunbookSidePanel.js';
import { Icon } from '../components/common/Icon.js';
import { HealthHeader } from '../components/health/HealthHeader.js';
import { PausedBanner } from '../components/health/PausedBanner.js';
import { TileGrid } from '../components/tiles/TileGrid.js';
import { HealthQueryTiles } from '../components/monitoring/HealthQueryTiles.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

export function HealthView() {
  const ready = useAppStore((s) => s.config !== null);
  const role = useAppStore((s) => s.connection.role);
  if (!ready) return <Waiting view="health" />;
  return (
    <section className="view view--health" data-testid="view-health">
      <HealthHeader />
      {role === 'viewer' && (
        <p className="readonly-note" data-testid="health-readonly">
          <Icon name="lock" />
          Read-only display: checks, pauses and mutes are run from an operator screen.
        </p>
      )}
      <PausedBanner />
      <HealthQueryTiles />
      <div className="health-body">
        <div className="health-body__tiles">
          <TileGrid detail />
        </div>
        <RunbookSidePanel />
      </div>
    </section>
  );
}
