import type { AlertsService } from '../../alerts/alerts-service.js';
import type { Handlers } from '../router.js';

export function alertHandlers(alerts: AlertsService): Pick<Handlers, 'alerts.list' | 'alerts.history' | 'alerts.listSilences' | 'alerts.silence' | 'alerts.sendTest'> {
  return {
    'alerts.list': function handleAlertsList(input) {
      if (input.refresh) return alerts.refresh();
      // Not read yet: answered at once as pending (a slow first read does not hold the caller), and
      // read now when nothing reads it (a core without the poll loop); the answer follows as alerts.changed.
      alerts.readIfPending();
      return alerts.state();
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
