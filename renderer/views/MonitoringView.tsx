/**
 * Monitoring: what the environment's Prometheus says. Whether the monitoring itself is in order
 * (Prometheus up, every scrape target up, alert rules loaded), then the query tiles: big numbers
 * with their state, and lines. Read on arrival and whenever the core reads them again.
 */
import { useEffect, useState } from 'react';
import type { MonitoringStatus } from '../../shared/domain/monitoring.js';
import type { CommandClient } from '../../shared/contract/index.js';
import { useClient } from '../api/client-context.js';
import { QueryTileGrid } from '../components/monitoring/QueryTiles.js';
import { formatClock } from '../lib/time.js';
import { applyMonitoringOverview, applyMonitoringStatus } from '../stores/store-updates.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

function StatusLine({ status }: { status: MonitoringStatus | null }) {
  if (!status) return <p className="monitoring-status monitoring-status--unknown" data-testid="monitoring-status" data-state="unknown">? Not checked yet</p>;
  const state = status.ok ? 'ok' : 'bad';
  const words = status.ok
    ? `✓ Monitoring in order: ${status.targetsUp} of ${status.targetsTotal} targets up, ${status.rules} alert rule${status.rules === 1 ? '' : 's'} loaded`
    : `✕ ${status.detail}`;
  return (
    <p className={`monitoring-status monitoring-status--${state}`} data-testid="monitoring-status" data-state={state}>
      {words} <span className="muted">· checked {formatClock(status.at)}</span>
    </p>
  );
}

/** Reads the tiles and the check now, into the store; a refused call is shown, the last readings kept. */
function readMonitoring(client: CommandClient, setProblem: (problem: string | null) => void): Promise<void> {
  return Promise.all([client.call('monitoring.get', { fresh: true }).then(applyMonitoringOverview), client.call('monitoring.getStatus', { fresh: true }).then(applyMonitoringStatus)])
    .then(() => setProblem(null))
    .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)));
}

export function MonitoringView() {
  const client = useClient();
  const ready = useAppStore((s) => s.config !== null);
  const overview = useAppStore((s) => s.monitoring.overview);
  const status = useAppStore((s) => s.monitoring.status);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const readNow = () => {
    setBusy(true);
    void readMonitoring(client, setProblem).finally(() => setBusy(false));
  };

  // Opening the view reads Prometheus now: what it shows is never older than the visit.
  useEffect(() => {
    if (ready) void readMonitoring(client, setProblem);
  }, [ready, client]);

  if (!ready) return <Waiting view="monitoring" />;
  return (
    <section className="view view--monitoring" data-testid="view-monitoring">
      <header className="monitoring-head">
        <div>
          <h2>Monitoring</h2>
          <p className="muted" data-testid="monitoring-source">
            {overview === null ? 'Reading…' : overview.prometheusUrl ? `Prometheus of ${overview.environment}: ${overview.prometheusUrl}` : `No Prometheus is configured for ${overview.environment} (monitoring.prometheus in warroom.yaml).`}
          </p>
        </div>
        <button type="button" className="button" onClick={readNow} disabled={busy} data-testid="monitoring-refresh">
          {busy ? 'Reading…' : 'Read now'}
        </button>
      </header>
      {overview?.prometheusUrl && <StatusLine status={status} />}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {overview && overview.tiles.length === 0 && <p className="muted">No query tiles are configured (monitoring.tiles).</p>}
      {overview && <QueryTileGrid tiles={overview.tiles} staleAfterMs={overview.refreshIntervalMs * 2 + 5000} testId="monitoring-tiles" />}
    </section>
  );
}
