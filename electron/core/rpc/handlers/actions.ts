import { AuditEntrySchema } from '../../../../shared/domain/actions.js';
import type { ActionService } from '../../actions/action-service.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { Handlers } from '../router.js';

type ActionCommands =
  | 'actions.list'
  | 'actions.listRuns'
  | 'actions.getRun'
  | 'actions.output'
  | 'actions.start'
  | 'actions.approve'
  | 'actions.cancel'
  | 'runbooks.markStep'
  | 'audit.verify'
  | 'audit.tail'
  | 'audit.export';

export function actionHandlers(actions: ActionService, audit: AuditLog): Pick<Handlers, ActionCommands> {
  return {
    'actions.list': function handleActionsList() {
      return actions.overview();
    },
    'actions.listRuns': function handleActionsListRuns(input) {
      return actions.runs(input);
    },
    'actions.getRun': function handleActionsGetRun(input) {
      return actions.get(input.runId);
    },
    'actions.output': function handleActionsOutput(input) {
      return actions.output(input.runId);
    },
    'actions.start': function handleActionsStart(input) {
      return actions.run(input);
    },
    'actions.approve': function handleActionsApprove(input) {
      return actions.approve(input.runId, input.approver);
    },
    'actions.cancel': function handleActionsCancel(input) {
      return actions.cancel(input.runId, input.actor);
    },
    'runbooks.markStep': function handleRunbooksMarkStep(input) {
      return actions.markStep({ runbookId: input.runbookId, step: input.step, done: input.done, actor: input.actor });
    },
    'audit.verify': function handleAuditVerify() {
      return audit.verify();
    },
    'audit.tail': function handleAuditTail(input) {
      return audit.tail(input.limit);
    },
    'audit.export': function handleAuditExport(input) {
      const lines: string[] = [];
      // One more than asked for tells whether a next page exists, and where it starts.
      audit.export((line) => lines.push(line), { sinceSeq: input.sinceSeq, limit: input.limit + 1 });
      const next = lines.length > input.limit ? lines.pop() : undefined;
      return { lines, nextSeq: next === undefined ? null : seqOf(next) };
    },
  };
}

const SeqOnly = AuditEntrySchema.pick({ seq: true });
const seqOf = (line: string): number => SeqOnly.parse(JSON.parse(line)).seq;
