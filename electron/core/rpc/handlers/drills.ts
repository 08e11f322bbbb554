import type { DrillService } from '../../drills/drill-service.js';
import type { Handlers } from '../router.js';

type DrillCommands = 'drills.list' | 'drills.start' | 'drills.cancel' | 'drills.confirmStep' | 'drills.getRun' | 'drills.listRuns';

export function drillHandlers(drills: DrillService): Pick<Handlers, DrillCommands> {
  return {
    'drills.list': function handleDrillsList() {
      return drills.overview();
    },
    'drills.start': function handleDrillsStart(input) {
      return drills.start(input);
    },
    'drills.cancel': function handleDrillsCancel(input) {
      return drills.cancel(input.runId, input.actor);
    },
    'drills.confirmStep': function handleDrillsConfirmStep(input) {
      return drills.confirmStep(input);
    },
    'drills.getRun': function handleDrillsGetRun(input) {
      return drills.get(input.runId);
    },
    'drills.listRuns': function handleDrillsListRuns(input) {
      return drills.runs(input);
    },
  };
}
