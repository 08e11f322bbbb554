import type { ActionService } from '../../actions/action-service.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { Handlers } from '../router.js';

type ActionCommands = 'actions.list' | 'actions.runs' | 'actions.output' | 'actions.run' | 'actions.approve' | 'actions.cancel' | 'runbooks.step' | 'audit.verify' | 'audit.tail';

export function actionHandlers(actions: ActionService, audit: AuditLog): Pick<Handlers, ActionCommands> {
  return {
    'actions.list': function handleActionsList() {
      return actions.overview();
    },
    'actions.runs': function handleActionsRuns(input) {
      return actions.runs(input);
    },
    'actions.output': function handleActionsOutput(input) {
      return actions.output(input.runId);
    },
    'actions.run': function handleActionsRun(input) {
      return actions.run(input);
    },
    'actions.approve': function handleActionsApprove(input) {
      return actions.approve(input.runId, input.approver);
    },
    'actions.cancel': function handleActionsCancel(input) {
      return actions.cancel(input.runId, input.actor);
    },
    'runbooks.step': function handleRunbooksStep(input) {
      return actions.markStep({ runbookId: input.runbookId, step: input.step, done: input.done, actor: input.actor });
    },
    'audit.verify': function handleAuditVerify() {
      return audit.verify();
    },
    'audit.tail': function handleAuditTail(input) {
      return audit.tail(input.limit);
    },
  };
}
