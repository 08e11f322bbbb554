/** monitoring-configured: the newest stored check of the environment's monitoring, as of t. */
import type { Evidence } from '../../../../shared/domain/board.js';
import { noEvidence } from './rule-outcome.js';
import type { RuleContext, RuleOutcome } from './rule-outcome.js';

export function monitoringConfigured(ctx: RuleContext, environment: string): RuleOutcome {
  const check = ctx.evidence.latestMonitoringCheck(environment, ctx.asOf);
  if (!check) return noEvidence(`no check of the monitoring of ${environment} recorded (monitoring.prometheus.${environment})`);
  const what = check.prometheusUp
    ? `Prometheus up, ${check.targetsUp} of ${check.targetsTotal} targets up, ${check.rules} alert rule${check.rules === 1 ? '' : 's'} loaded`
    : `Prometheus not answering: ${check.detail}`;
  const evidence: Evidence[] = [{ what, at: check.at, by: null, link: null }];
  return check.ok ? { state: 'met', why: null, evidence, evidenceAt: check.at } : { state: 'not-met', why: check.detail, evidence, evidenceAt: check.at };
}
