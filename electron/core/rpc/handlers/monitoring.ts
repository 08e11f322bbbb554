import type { MonitoringService } from '../../monitoring/monitoring-service.js';
import type { Handlers } from '../router.js';

type MonitoringCommands = 'monitoring.get' | 'monitoring.getStatus' | 'monitoring.getRunResources' | 'monitoring.compareRuns';

export function monitoringHandlers(monitoring: MonitoringService, environment: string, now: () => number): Pick<Handlers, MonitoringCommands> {
  return {
    'monitoring.get': function handleMonitoringGet(input) {
      return input.fresh ? monitoring.refresh() : monitoring.overview();
    },
    'monitoring.getStatus': function handleMonitoringGetStatus(input) {
      return input.fresh ? monitoring.check() : monitoring.latestCheck(environment, now());
    },
    'monitoring.getRunResources': function handleMonitoringGetRunResources(input) {
      return { resources: monitoring.runResources(input.runId) };
    },
    'monitoring.compareRuns': function handleMonitoringCompareRuns(input) {
      return { rows: monitoring.compareResources(input.baseRunId, input.runId) };
    },
  };
}
