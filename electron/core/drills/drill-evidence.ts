/** The board's view of drills (its DrillPort): the newest ended run of a drill by t, and when one ends. */
import type { EventBus } from '../bus.js';
import type { DrillPort } from '../board/ports.js';
import type { DrillService } from './drill-service.js';

export function drillEvidenceOf(drills: Pick<DrillService, 'latestEndedDrill'>, bus: Pick<EventBus, 'on'>): DrillPort {
  return {
    latestRun: (drillId, environment, asOf) => {
      const run = drills.latestEndedDrill(drillId, environment, asOf);
      return run && { runId: String(run.runId), drillId, environment, passed: run.passed, by: run.actor, endedAt: run.endedAt };
    },
    onChange: (listener) => bus.on('drills.ended', () => listener()),
  };
}
