/**
 * monitoring-configured on the real store: the newest stored monitoring check as of t decides,
 * nothing after t is seen, no check is unknown (never met), and the rule parses from config.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CriterionRuleSchema } from '../../../../shared/domain/board-config.js';
import { openStore, type Store } from '../../store/store.js';
import { noDrillEvidence, noPlanEvidence, noSecurityEvidence } from '../ports.js';
import { loadConfigFile } from '../../config/load-config.js';
import { REHEARSAL_CONFIG } from '../../testing/make-core.js';
import { describeCheck, evaluateCheck, type RuleContext } from './index.js';

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

const config = loadConfigFile(REHEARSAL_CONFIG, { bundled: true }).config;

function context(store: Store, asOf: number): RuleContext {
  return { asOf, environment: 'rehearsal', config, evidence: store.boardEvidence, security: noSecurityEvidence, drills: noDrillEvidence, plan: noPlanEvidence, signoffs: new Map() };
}

const check = { kind: 'automatic' as const, rule: CriterionRuleSchema.parse({ type: 'monitoring-configured' }) };
const stored = { environment: 'rehearsal', ok: true, prometheusUp: true, targetsUp: 11, targetsTotal: 11, ruleGroups: 1, rules: 5, detail: '' };

describe('monitoring-configured', () => {
  it('is unknown without a check, met by an ok check, not met by a failing one, as of t', () => {
    const store = openStore({ dataDir: ':memory:', now: () => 0 });
    stores.push(store);
    expect(evaluateCheck(context(store, 10_000), 'monitoring', check)).toMatchObject({ state: 'unknown', why: expect.stringMatching(/^no check of the monitoring of rehearsal recorded/) });

    store.monitoringChecks.add({ ...stored, at: 5000 });
    store.monitoringChecks.add({ ...stored, at: 9000, ok: false, targetsUp: 10, detail: '1 of 11 targets down: platform 127.0.0.1:8003' });
    store.monitoringChecks.add({ ...stored, at: 12_000, ok: false, prometheusUp: false, targetsUp: 0, targetsTotal: 0, ruleGroups: 0, rules: 0, detail: 'Prometheus unreachable: connection refused' });

    expect(evaluateCheck(context(store, 8000), 'monitoring', check)).toEqual({
      state: 'met',
      why: null,
      evidence: [{ what: 'Prometheus up, 11 of 11 targets up, 5 alert rules loaded', at: 5000, by: null, link: null }],
      evidenceAt: 5000,
    });
    expect(evaluateCheck(context(store, 9000), 'monitoring', check)).toMatchObject({ state: 'not-met', why: '1 of 11 targets down: platform 127.0.0.1:8003', evidenceAt: 9000 });
    expect(evaluateCheck(context(store, 13_000), 'monitoring', check)).toMatchObject({
      state: 'not-met',
      evidence: [{ what: 'Prometheus not answering: Prometheus unreachable: connection refused' }],
    });
    // Another environment's checks do not count.
    const staging = { kind: 'automatic' as const, rule: CriterionRuleSchema.parse({ type: 'monitoring-configured', environment: 'staging' }) };
    expect(evaluateCheck(context(store, 13_000), 'monitoring', staging).state).toBe('unknown');
  });

  it('says what it asks for', () => {
    expect(describeCheck(check, 'rehearsal')).toBe('monitoring of rehearsal in order: Prometheus up, every scrape target up, alert rules loaded');
  });
});
