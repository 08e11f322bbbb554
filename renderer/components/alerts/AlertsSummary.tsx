/** The board's information row for alerts: how many fire (silenced and inhibited ones do not count), the first few by name. */
import { activeAlerts } from '../../../shared/domain/alerts.js';
import { hrefFor } from '../../stores/routing.js';
import { useAppStore } from '../../stores/store.js';
import { StatusMark } from '../common/StatusMark.js';

export function AlertsSummary() {
  const alerts = useAppStore((s) => s.alerts);
  // Nothing configured, an Alertmanager not read yet (pending), or one never reached (a rehearsal
  // without its monitoring stack): the Alerts view says which; the board keeps its row for an
  // Alertmanager it has read, so an unread source is never a green "No alerts firing".
  if (!alerts || alerts.source.state === 'unconfigured' || alerts.alertsAt === null) return null;
  const active = activeAlerts(alerts);
  const blind = alerts.source.state !== 'ok';
  const label = blind
    ? alerts.source.message ?? 'Alertmanager cannot be read'
    : active.length === 0
      ? 'No alerts firing'
      : `${active.length} alert${active.length === 1 ? '' : 's'} firing: ${active
          .slice(0, 3)
          .map((alert) => (alert.service ? `${alert.name} (${alert.service})` : alert.name))
          .join(', ')}${active.length > 3 ? '…' : ''}`;
  return (
    <a className="board-pointer alerts-summary" href={hrefFor('alerts')} data-testid="board-alerts-summary" data-active={active.length} data-source={alerts.source.state}>
      <StatusMark status={blind ? 'unknown' : active.length === 0 ? 'ok' : 'down'} label={label} />
      <span className="alerts-summary__go">Open alerts →</span>
    </a>
  );
}
