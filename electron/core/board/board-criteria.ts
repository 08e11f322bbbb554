/**
 * The board as configured, with every default filled in: category weights, threshold, and each
 * criterion's max evidence age and hard-blocker flag. Without criteria in the config, the board
 * has the two default hard blockers: the security gate open and every service ready.
 */
import {
  DEFAULT_CATEGORY_WEIGHTS,
  DEFAULT_SIGNOFF_ROLES,
  DEFAULT_THRESHOLD_PERCENT,
} from '../../../shared/domain/board-config.js';
import type { CriterionGroup, CriterionRule, CriterionSpec, RuleType, ScoreCategory, SignoffSpec } from '../../../shared/domain/board-config.js';
import type { WarroomConfig } from '../../../shared/domain/config.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How old evidence may be before it counts as stale, per rule (README: rule catalogue). */
export const DEFAULT_MAX_AGE_MS: Readonly<Record<RuleType | 'signoff', number>> = {
  'services-ready-now': 5 * MINUTE,
  'health-score': HOUR,
  'load-profiles-passed': 7 * DAY,
  'load-suite-passed': 7 * DAY,
  'security-gate-open': 7 * DAY,
  'action-succeeded': 7 * DAY,
  'action-succeeded-after-last': 7 * DAY,
  'runbooks-reviewed': 30 * DAY,
  'drill-passed': 14 * DAY,
  // Checked every refresh and stored at least every 5 minutes while Warroom runs.
  'monitoring-configured': 15 * MINUTE,
  signoff: 14 * DAY,
};

/** Rules whose criteria are hard blockers unless the config says otherwise. */
const BLOCKING_RULES: readonly RuleType[] = ['security-gate-open', 'services-ready-now'];

export type CriterionCheck = { kind: 'automatic'; rule: CriterionRule } | { kind: 'manual'; signoff: SignoffSpec };

export interface ResolvedCriterion {
  id: string;
  title: string;
  group: CriterionGroup;
  category: ScoreCategory;
  weight: number;
  check: CriterionCheck;
  maxAgeMs: number;
  hardBlocker: boolean;
}

export interface ResolvedBoard {
  threshold: number;
  categories: Record<ScoreCategory, number>;
  roles: readonly string[];
  criteria: readonly ResolvedCriterion[];
  /** Open high risks: shown (inform) or blockers (block). */
  highRisks: 'inform' | 'block';
}

const DEFAULT_CRITERIA: Record<string, CriterionSpec> = {
  'security-gate': {
    title: 'Security gate open: no open Critical or High finding',
    group: 'technical',
    category: 'security',
    weight: 1,
    rule: { type: 'security-gate-open' },
  },
  'services-ready': {
    title: 'Every service ready',
    group: 'technical',
    category: 'operations',
    weight: 1,
    rule: { type: 'services-ready-now' },
  },
};

export function resolveBoard(config: WarroomConfig): ResolvedBoard {
  const board = config.board;
  const specs = board?.criteria ?? DEFAULT_CRITERIA;
  return {
    threshold: board?.threshold ?? DEFAULT_THRESHOLD_PERCENT,
    categories: { ...(board?.categories ?? DEFAULT_CATEGORY_WEIGHTS) },
    roles: board?.roles ?? DEFAULT_SIGNOFF_ROLES,
    highRisks: board?.highRisks ?? 'inform',
    criteria: Object.entries(specs).flatMap(([id, spec]) => {
      // A spec with neither or both is refused by config validation; this keeps the types honest.
      const check: CriterionCheck | null = spec.rule ? { kind: 'automatic', rule: spec.rule } : spec.signoff ? { kind: 'manual', signoff: spec.signoff } : null;
      if (!check) return [];
      const ruleType = check.kind === 'automatic' ? check.rule.type : 'signoff';
      return [
        {
          id,
          title: spec.title,
          group: spec.group,
          category: spec.category,
          weight: spec.weight,
          check,
          maxAgeMs: spec.maxAge ?? DEFAULT_MAX_AGE_MS[ruleType],
          hardBlocker: spec.hardBlocker ?? (check.kind === 'automatic' && BLOCKING_RULES.includes(check.rule.type)),
        },
      ];
    }),
  };
}
