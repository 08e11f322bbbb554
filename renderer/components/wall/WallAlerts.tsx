/**
 * Alerts firing now, each with the runbook that answers it, read from across the room: the board's
 * alerts row made large. Hidden when no Alertmanager is configured; a source that cannot be read
 * says so instead of showing an empty (green-looking) list, and one not read yet says just that
 * (neither "none firing" nor a failure). Not shown in a replay: alerts are Alertmanager's state
 * now, not stored evidence of a past moment.
 */
import { memo } from 'react';
import { activeAlerts } from '../../../shared/domain/alerts.js';
import { useAppStore } from '../../stores/store.js';
import { Icon } from '../common/Icon.js';

const SHOWN = 4;

function WallAlertsView() {
  const alerts = useAppStore((s) => s.alerts);
  const runbooks = useAppStore((s) => s.actions.runbooks);
  if (!alerts || alerts.source.state === 'unconfigured') return null;
  const pending = alerts.source.state === 'pending';
  const blind = alerts.source.state !== 'ok' && !pending;
  const active = activeAlerts(alerts);
  const titleOf = (id: string | null) => (id ? runbooks.find((runbook) => runbook.id === id)?.title ?? id : null);
  return (
    <section
      className={`wall-panel wall-alerts${active.length > 0 ? ' wall-alerts--firing' : ''}`}
      data-testid="wall-alerts"
      data-active={active.length}
      data-source={alerts.source.state}
      aria-label="Alerts firing"
    >
      <h2 className="wall-panel__title">
        <Icon name={active.length > 0 ? 'cross' : blind ? 'warning' : pending ? 'pending' : 'bell'} />
        {active.length > 0 ? `${active.length} alert${active.length === 1 ? '' : 's'} firing` : 'Alerts'}
      </h2>
      {blind && <p className="wall-alerts__blind">{alerts.source.message ?? 'Alertmanager cannot be read'}</p>}
      {active.length === 0 ? (
        !blind && <p className="wall-panel__empty">{pending ? 'Reading Alertmanager…' : 'none firing'}</p>
      ) : (
        <ul className="wall-alerts__list">
          {active.slice(0, SHOWN).map((alert) => (
            <li key={alert.fingerprint} className="wall-alerts__alert" data-testid={`wall-alert-${alert.name}`}>
              <strong>{alert.service ? `${alert.name} · ${alert.service}` : alert.name}</strong>
              <span className="muted"> → {titleOf(alert.runbookId) ?? 'no runbook'}</span>
            </li>
          ))}
          {active.length > SHOWN && <li className="wall-alerts__alert muted">+{active.length - SHOWN} more</li>}
        </ul>
      )}
    </section>
  );
}

/** Memoised: it follows the store itself, so the wall re-rendering for other news does not redraw it. */
export const WallAlerts = memo(WallAlertsView);
