/** The wall's main screen: how many services are up, degraded and down, then one big tile per service. */
import { HealthCounts } from '../components/health/HealthCounts.js';
import { PausedBanner } from '../components/health/PausedBanner.js';
import { RehearsalSummary } from '../components/rehearsal/RehearsalSummary.js';
import { TileGrid } from '../components/tiles/TileGrid.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

export function BoardView() {
  const ready = useAppStore((s) => s.config !== null);
  if (!ready) return <Waiting view="board" />;
  return (
    <section className="view view--board" data-testid="view-board">
      <div className="board-head">
        <HealthCounts compact />
        <RehearsalSummary />
      </div>
      <PausedBanner />
      <TileGrid />
    </section>
  );
}
