/** security-gate-open and drill-passed: read through ports, null meaning "no evidence". */
import type { Evidence } from '../../../../shared/domain/board.js';
import { noEvidence } from './rule-outcome.js';
import type { RuleContext, RuleOutcome } from './rule-outcome.js';

/** The security register's gate; its age is that of the oldest scan it rests on. */
export function securityGateOpen(ctx: RuleContext): RuleOutcome {
  const gate = ctx.security.gateAt(ctx.asOf);
  if (!gate) return noEvidence('no security scan recorded');
  const evidence: Evidence[] = gate.scans.map((scan) => ({ what: `${scan.tool} scan`, at: scan.at, by: null, link: { kind: 'scan', id: scan.scanId } }));
  const evidenceAt = gate.scans.length > 0 ? Math.min(...gate.scans.map((scan) => scan.at)) : gate.asOf;
  if (gate.open) return { state: 'met', why: null, evidence, evidenceAt };
  return { state: 'not-met', why: gate.reasons.join('; ') || 'security gate closed', evidence, evidenceAt };
}

export function drillPassed(ctx: RuleContext, drill: string, environment: string): RuleOutcome {
  const run = ctx.drills.latestRun(drill, environment, ctx.asOf);
  if (!run) return noEvidence(`no run of drill ${drill} in ${environment} recorded`);
  const evidence: Evidence[] = [{ what: `drill ${drill} ${run.passed ? 'passed' : 'failed'} in ${environment}`, at: run.endedAt, by: run.by, link: { kind: 'drill-run', id: run.runId } }];
  return run.passed
    ? { state: 'met', why: null, evidence, evidenceAt: run.endedAt }
    : { state: 'not-met', why: `the last run of drill ${drill} failed`, evidence, evidenceAt: run.endedAt };
}
