import type { PlanService } from '../../plan/plan-service.js';
import type { RiskService } from '../../plan/risk-service.js';
import type { Handlers } from '../router.js';

type PlanCommands = 'plan.import' | 'plan.get' | 'plan.status' | 'plan.markTask' | 'plan.linkTask' | 'plan.listEvidence' | 'plan.taskHistory' | 'risks.list' | 'risks.set' | 'risks.history';

export function planHandlers(plan: PlanService, risks: RiskService): Pick<Handlers, PlanCommands> {
  return {
    'plan.import': function handlePlanImport(input) {
      return plan.importPlan(input);
    },
    'plan.get': function handlePlanGet() {
      return plan.get();
    },
    'plan.status': function handlePlanStatus() {
      return plan.status();
    },
    'plan.markTask': function handleMarkTask(input) {
      return plan.setTask(input);
    },
    'plan.linkTask': function handleLinkTask(input) {
      return plan.linkTask(input);
    },
    'plan.listEvidence': function handleListEvidence() {
      return plan.evidenceChoices();
    },
    'plan.taskHistory': function handleTaskHistory(input) {
      return plan.history(input.key);
    },
    'risks.list': function handleRisksList() {
      return risks.list();
    },
    'risks.set': function handleRiskSet(input) {
      return risks.set(input);
    },
    'risks.history': function handleRiskHistory(input) {
      return risks.history(input.id);
    },
  };
}
