/** The query tiles marked `health: true`, above the service tiles of the Health view. */
import { useEffect } from 'react';
import { useClient } from '../../api/client-context.js';
import { applyMonitoringOverview } from '../../stores/store-updates.js';
import { useAppStore } from '../../stores/store.js';
import { QueryTileGrid } from './QueryTiles.js';

export function HealthQueryTiles() {
  const client = useClient();
  const overview = useAppStore((s) => s.monitoring.overview);
  const known = overview !== null;
  useEffect(() => {
    // The last readings; monitoring.tiles events keep them current from then on.
    if (!known) client.call('monitoring.get', {}).then(applyMonitoringOverview, () => undefined);
  }, [client, known]);
  const tiles = overview?.tiles.filter((t) => t.health) ?? [];
  // A core whose refresh loop does not run (a guest, a read-only display) leaves tiles unread
  // until someone asks: the Health view asks once, as the Monitoring view does on opening.
  const pending = tiles.some((t) => t.state === 'pending');
  useEffect(() => {
    if (pending) client.call('monitoring.get', { fresh: true }).then(applyMonitoringOverview, () => undefined);
  }, [client, pending]);
  if (!overview || tiles.length === 0) return null;
  return (
    <div className="health-query-tiles">
      <QueryTileGrid tiles={tiles} staleAfterMs={overview.refreshIntervalMs * 2 + 5000} testId="health-query-tiles" />
    </div>
  );
}
