/** The rule catalogue: what each rule asks, in words, and what it says of the evidence as of t. */
import type { CriterionCheck } from '../board-criteria.js';
import { formatDuration } from '../../../../shared/format/durations.js';
import { healthScore, servicesReadyNow } from './health-rules.js';
import { drillPassed, securityGateOpen } from './port-rules.js';
import { monitoringConfigured } from './monitoring-rules.js';
import { runbooksReviewed, signedOff } from './review-rules.js';
import { actionSucceeded, actionSucceededAfterLast, loadProfilesPassed, loadSuitePassed } from './run-rules.js';
import type { RuleContext, RuleOutcome } from './rule-outcome.js';

export type { RuleContext, RuleOutcome } from './rule-outcome.js';

export function evaluateCheck(ctx: RuleContext, criterionId: string, check: CriterionCheck): RuleOutcome {
  if (check.kind === 'manual') return signedOff(ctx, criterionId, check.signoff);
  const rule = check.rule;
  switch (rule.type) {
    case 'services-ready-now':
      return servicesReadyNow(ctx, rule.services);
    case 'health-score':
      return healthScore(ctx, rule.minPercent, rule.window);
    case 'load-profiles-passed':
      return loadProfilesPassed(ctx, rule.profiles, rule.environment ?? ctx.environment);
    case 'load-suite-passed':
      return loadSuitePassed(ctx, rule.suite, rule.environment ?? ctx.environment);
    case 'security-gate-open':
      return securityGateOpen(ctx);
    case 'action-succeeded':
      return actionSucceeded(ctx, rule.action, rule.environment ?? ctx.environment, rule.dryRun);
    case 'action-succeeded-after-last':
      return actionSucceededAfterLast(ctx, rule.action, rule.after, rule.environment ?? ctx.environment);
    case 'runbooks-reviewed':
      return runbooksReviewed(ctx, rule.runbooks);
    case 'drill-passed':
      return drillPassed(ctx, rule.drill, rule.environment ?? ctx.environment);
    case 'monitoring-configured':
      return monitoringConfigured(ctx, rule.environment ?? ctx.environment);
  }
}

/** One line saying what the criterion asks for. */
export function describeCheck(check: CriterionCheck, environment: string): string {
  if (check.kind === 'manual') {
    const { person, role } = check.signoff;
    return `sign-off by ${person ?? ''}${person && role ? ` (${role})` : role ?? ''}`;
  }
  const rule = check.rule;
  const env = 'environment' in rule ? (rule.environment ?? environment) : environment;
  switch (rule.type) {
    case 'services-ready-now':
      return rule.services ? `services ${rule.services.join(', ')} ready now` : 'every service ready now';
    case 'health-score':
      return `health ≥ ${rule.minPercent} / 100 over the last ${formatDuration(rule.window)}`;
    case 'load-profiles-passed':
      return `latest run of load ${rule.profiles.length > 1 ? 'profiles' : 'profile'} ${rule.profiles.join(', ')} passed its thresholds in ${env}`;
    case 'load-suite-passed':
      return `latest run of each test of load suite ${rule.suite} met its thresholds (or has a documented exception) in ${env}`;
    case 'security-gate-open':
      return 'security gate open (no open Critical or High finding)';
    case 'action-succeeded':
      return `${rule.action}${rule.dryRun === true ? ' (dry run)' : ''} succeeded in ${env}`;
    case 'action-succeeded-after-last':
      return `${rule.action} succeeded after the last ${rule.after} in ${env}`;
    case 'runbooks-reviewed':
      return `${rule.runbooks ? `runbooks ${rule.runbooks.join(', ')}` : 'every runbook'} reviewed (each step ticked)`;
    case 'drill-passed':
      return `drill ${rule.drill} passed in ${env}`;
    case 'monitoring-configured':
      return `monitoring of ${env} in order: Prometheus up, every scrape target up, alert rules loaded`;
  }
}
