import type { LoadService } from '../../load/load-service.js';
import type { Handlers } from '../router.js';
import type { ReportContext } from '../../load/report/baseline-section.js';

type LoadCommands = 'load.list' | 'load.start' | 'load.startQuick' | 'load.stop' | 'load.getRun' | 'load.compare' | 'load.report';

/** `reportContext`: what the HTML report adds of baselines and exceptions (the suite service's). */
export function loadHandlers(load: LoadService, reportContext?: (runId: number) => ReportContext | undefined): Pick<Handlers, LoadCommands> {
  return {
    'load.list': function handleLoadList() {
      return load.overview();
    },
    'load.start': function handleLoadStart(input) {
      return load.start(input);
    },
    'load.startQuick': function handleLoadStartQuick(input) {
      return load.startQuick(input);
    },
    'load.stop': function handleLoadStop(input) {
      return load.stop(input.runId, input.actor);
    },
    'load.getRun': function handleLoadGetRun(input) {
      return load.detail(input.runId);
    },
    'load.compare': function handleLoadCompare(input) {
      return load.compare(input.baseRunId, input.runId);
    },
    'load.report': function handleLoadReport(input) {
      return load.report(input.runId, input.format, input.format === 'html' ? reportContext?.(input.runId) : undefined);
    },
  };
}
