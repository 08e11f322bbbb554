import type { LoadService } from '../../load/load-service.js';
import { ForbiddenError } from '../../errors.js';
import type { Handlers } from '../router.js';
import type { ReportContext } from '../../load/report/baseline-section.js';

type LoadCommands = 'load.list' | 'load.start' | 'load.startQuick' | 'load.stop' | 'load.getRun' | 'load.compare' | 'load.report' | 'load.import';

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
    'load.import': function handleLoadImport(input, ctx) {
      // The path names a file on the core's machine: only local callers (CLI, desktop app) may name one.
      if (ctx.transport === 'http') throw new ForbiddenError('load results are imported from files on the machine Warroom runs on: use `warroom load import` or the desktop app');
      return load.importResults(input);
    },
  };
}
