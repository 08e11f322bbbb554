import type { LoadSuiteService } from '../../load/suites/suite-service.js';
import type { Handlers } from '../router.js';

type LoadSuiteCommands =
  | 'load.suites'
  | 'load.startSuite'
  | 'load.cancelSuite'
  | 'load.resumeSuite'
  | 'load.getSuiteRun'
  | 'load.suiteReport'
  | 'load.markBaseline'
  | 'load.addException'
  | 'load.withdrawException'
  | 'load.baselineComparison';

export function loadSuiteHandlers(suites: LoadSuiteService): Pick<Handlers, LoadSuiteCommands> {
  return {
    'load.suites': function handleLoadSuites() {
      return suites.overview();
    },
    'load.startSuite': function handleLoadStartSuite(input) {
      return suites.start(input);
    },
    'load.cancelSuite': function handleLoadCancelSuite(input) {
      return suites.cancel(input.suiteRunId, input.actor);
    },
    'load.resumeSuite': function handleLoadResumeSuite(input) {
      return suites.resume(input.suiteRunId, input.actor);
    },
    'load.getSuiteRun': function handleLoadGetSuiteRun(input) {
      return suites.get(input.suiteRunId);
    },
    'load.suiteReport': function handleLoadSuiteReport(input) {
      // One file now; the contract keeps a list (older clients save each).
      return { files: [suites.report(input.suiteRunId)] };
    },
    'load.markBaseline': function handleLoadMarkBaseline(input) {
      return suites.markBaseline(input.runId, input.actor);
    },
    'load.addException': function handleLoadAddException(input) {
      return suites.addException(input);
    },
    'load.withdrawException': function handleLoadWithdrawException(input) {
      return suites.withdrawException(input.exceptionId, input.actor);
    },
    'load.baselineComparison': function handleLoadBaselineComparison(input) {
      return suites.baselineComparison(input.runId);
    },
  };
}
