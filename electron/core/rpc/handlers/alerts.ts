import type { AlertsService } from '../../alerts/alerts-service.js';
import type { Handlers } from '../router.js';

export function alertHandlers(alerts: AlertsService): Pick<Handlers, 'alerts.list' | 'alerts.history' | 'alerts.listSilences' | 'alerts.silence' | 'alerts.sendTest'> {
  return {
    'alerts.list': function handleAlertsList(input) {
      // A core that never read Alertmanager (a CLI guest) reads it now.
      return input.refresh || alerts.state().checkedAt === null ? alerts.refresh() : alerts.state();
    },
    'alerts.history': function handleAlertsHistory(input) {
      return alerts.history(input);
    },
    'alerts.listSilences': function handleAlertsListSilences() {
      return alerts.silences();
    },
    'alerts.silence': function handleAlertsSilence(input) {
      return alerts.silence(input);
    },
    'alerts.sendTest': function handleAlertsSendTest(input) {
      return alerts.testAlert(input);
    },
  };
}
