import type { LoadService } from '../../load/load-service.js';
import type { Handlers } from '../router.js';

type LoadCommands = 'load.list' | 'load.start' | 'load.stop' | 'load.run' | 'load.compare' | 'load.report';

export function loadHandlers(load: LoadService): Pick<Handlers, LoadCommands> {
  return {
    'load.list': function handleLoadList() {
      return load.overview();
    },
    'load.start': function handleLoadStart(input) {
      return load.start(input);
    },
    'load.stop': function handleLoadStop(input) {
      return load.stop(input.runId, input.actor);
    },
    'load.run': function handleLoadRun(input) {
      return load.detail(input.runId);
    },
    'load.compare': function handleLoadCompare(input) {
      return load.compare(input.baseRunId, input.runId);
    },
    'load.report': function handleLoadReport(input) {
      return load.report(input.runId, input.format);
    },
  };
}
