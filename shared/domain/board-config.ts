/**
 * The `board:` section of warroom.yaml: the go/no-go criteria, their scoring categories and
 * weights, the GO threshold and the roles that sign off. The core evaluates it against stored
 * evidence (electron/core/board/); README "The go/no-go board" documents the rule catalogue.
 */
import { z } from 'zod';
import { DurationSchema } from './duration.js';
import { IdSchema } from './ids.js';

export const CriterionGroupSchema = z.enum(['technical', 'operational', 'business']);
export type CriterionGroup = z.infer<typeof CriterionGroupSchema>;

export const ScoreCategorySchema = z.enum(['security', 'performance', 'operations', 'validation']);
export type ScoreCategory = z.infer<typeof ScoreCategorySchema>;
export const SCORE_CATEGORIES: readonly ScoreCategory[] = ScoreCategorySchema.options;

export const DEFAULT_CATEGORY_WEIGHTS: Readonly<Record<ScoreCategory, number>> = { security: 30, performance: 30, operations: 20, validation: 20 };
export const DEFAULT_THRESHOLD_PERCENT = 90;
export const DEFAULT_SIGNOFF_ROLES = ['development', 'operations', 'security', 'performance', 'stakeholders', 'leadership'] as const;

const env = IdSchema.optional().meta({ description: 'Environment whose evidence counts (default: the environment the board is evaluated for).' });

/** The fixed catalogue of automatic rules. Each is documented in README ("Rule catalogue"). */
export const CriterionRuleSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('services-ready-now'),
    services: z.array(IdSchema).min(1).optional().meta({ description: 'Services that must be ready (default: every service).' }),
  }),
  z.strictObject({
    type: z.literal('health-score'),
    minPercent: z.number().min(0).max(100).default(88).meta({ description: 'Least share of observed time the services were healthy, in percent.' }),
    window: DurationSchema({ min: 60_000, max: 30 * 86_400_000 }).default(86_400_000).meta({ description: 'How far back the share is taken (default 24h).' }),
  }),
  z.strictObject({
    type: z.literal('load-profiles-passed'),
    profiles: z.array(IdSchema).min(1).meta({ description: 'Load profiles whose latest run must have passed its thresholds.' }),
    environment: env,
  }),
  z.strictObject({
    type: z.literal('load-suite-passed'),
    suite: IdSchema.meta({ description: 'A suite of load.suites: the newest judged run of each of its profiles must have passed (exceptions counted as such).' }),
    environment: env,
  }),
  z.strictObject({ type: z.literal('security-gate-open') }),
  z.strictObject({
    type: z.literal('action-succeeded'),
    action: IdSchema,
    environment: env,
    dryRun: z.boolean().optional().meta({ description: 'true: only dry runs count; false: only real runs; absent: either.' }),
  }),
  z.strictObject({
    type: z.literal('action-succeeded-after-last'),
    action: IdSchema.meta({ description: 'The action that must have succeeded, e.g. post-deploy-validate.' }),
    after: IdSchema.meta({ description: 'The action whose latest run it must follow, e.g. deploy.' }),
    environment: env,
  }),
  z.strictObject({
    type: z.literal('runbooks-reviewed'),
    runbooks: z.array(IdSchema).min(1).optional().meta({ description: 'Runbooks to review (default: every runbook).' }),
  }),
  z.strictObject({ type: z.literal('drill-passed'), drill: IdSchema, environment: env }),
  z.strictObject({ type: z.literal('monitoring-configured'), environment: env }),
]);
export type CriterionRule = z.output<typeof CriterionRuleSchema>;
export type RuleType = CriterionRule['type'];

export const SignoffSpecSchema = z
  .strictObject({
    role: IdSchema.optional().meta({ description: 'The role that signs off (one of board.roles).' }),
    person: z.string().trim().min(1).max(60).optional().meta({ description: 'The one person who may sign off.' }),
  })
  .meta({ description: 'A manual criterion: met by a sign-off (who, note, optional link).' });
export type SignoffSpec = z.output<typeof SignoffSpecSchema>;

export const CriterionSpecSchema = z.strictObject({
  title: z.string().min(1).max(200),
  description: z.string().max(1000).optional(),
  group: CriterionGroupSchema,
  category: ScoreCategorySchema,
  weight: z.number().positive().max(1000).default(1).meta({ description: 'Weight inside its category.' }),
  rule: CriterionRuleSchema.optional().meta({ description: 'Automatic: a rule from the catalogue over stored evidence.' }),
  signoff: SignoffSpecSchema.optional(),
  maxAge: DurationSchema({ min: 1000 })
    .optional()
    .meta({ description: 'Evidence older than this is stale and scores zero (default per rule; sign-offs 14d).' }),
  hardBlocker: z
    .boolean()
    .optional()
    .meta({ description: 'Forces NO-GO unless met, whatever the score (default: true for security-gate-open and services-ready-now).' }),
});
export type CriterionSpec = z.output<typeof CriterionSpecSchema>;

export const BoardConfigSchema = z.strictObject({
  threshold: z.number().min(0).max(100).default(DEFAULT_THRESHOLD_PERCENT).meta({ description: 'Score in percent needed for GO.' }),
  categories: z
    .strictObject({
      security: z.number().nonnegative().default(DEFAULT_CATEGORY_WEIGHTS.security),
      performance: z.number().nonnegative().default(DEFAULT_CATEGORY_WEIGHTS.performance),
      operations: z.number().nonnegative().default(DEFAULT_CATEGORY_WEIGHTS.operations),
      validation: z.number().nonnegative().default(DEFAULT_CATEGORY_WEIGHTS.validation),
    })
    .default({ ...DEFAULT_CATEGORY_WEIGHTS })
    .meta({ description: 'Weight of each category in the total (default 30/30/20/20).' }),
  roles: z
    .array(IdSchema)
    .min(1)
    .default([...DEFAULT_SIGNOFF_ROLES])
    .meta({ description: 'Roles that sign off and vote.' }),
  criteria: z
    .record(IdSchema, CriterionSpecSchema)
    .optional()
    .meta({ description: 'The criteria by id (default: security gate open and every service ready, both hard blockers).' }),
  highRisks: z
    .enum(['inform', 'block'])
    .default('inform')
    .meta({ description: 'Open risks rated high in the risk register: shown on the board (inform), or each a blocker forcing NO-GO (block).' }),
});
export type BoardConfig = z.output<typeof BoardConfigSchema>;

/** What the references of criteria are checked against. */
export interface BoardReferences {
  environments: readonly string[];
  services: readonly string[];
  profiles: readonly string[];
  /** Load suites (optional for callers that check no suite rule). */
  suites?: readonly string[];
  actions: readonly string[];
  runbooks: readonly string[];
}

export interface BoardIssue {
  path: (string | number)[];
  message: string;
}

/** Criteria naming an unknown profile, action, service, environment, runbook or role. */
export function checkBoardReferences(board: BoardConfig, known: BoardReferences): BoardIssue[] {
  const issues: BoardIssue[] = [];
  const miss = (path: (string | number)[], what: string, value: string, list: readonly string[]) => {
    if (!list.includes(value)) issues.push({ path, message: `no ${what} "${value}" is declared (known: ${list.join(', ') || 'none'})` });
  };
  for (const [id, criterion] of Object.entries(board.criteria ?? {})) {
    const at = ['board', 'criteria', id];
    if ((criterion.rule === undefined) === (criterion.signoff === undefined)) {
      issues.push({ path: at, message: 'a criterion has either a rule (automatic) or a signoff (manual), exactly one' });
    }
    if (criterion.signoff) {
      if (!criterion.signoff.role && !criterion.signoff.person) issues.push({ path: [...at, 'signoff'], message: 'a signoff names a role or a person' });
      if (criterion.signoff.role) miss([...at, 'signoff', 'role'], 'role', criterion.signoff.role, board.roles);
    }
    const rule = criterion.rule;
    if (!rule) continue;
    if ('environment' in rule && rule.environment !== undefined) miss([...at, 'rule', 'environment'], 'environment', rule.environment, known.environments);
    switch (rule.type) {
      case 'services-ready-now':
        rule.services?.forEach((s, i) => miss([...at, 'rule', 'services', i], 'service', s, known.services));
        break;
      case 'load-profiles-passed':
        rule.profiles.forEach((p, i) => miss([...at, 'rule', 'profiles', i], 'load profile', p, known.profiles));
        break;
      case 'load-suite-passed':
        miss([...at, 'rule', 'suite'], 'load suite', rule.suite, known.suites ?? []);
        break;
      case 'action-succeeded':
        miss([...at, 'rule', 'action'], 'action', rule.action, known.actions);
        break;
      case 'action-succeeded-after-last':
        miss([...at, 'rule', 'action'], 'action', rule.action, known.actions);
        miss([...at, 'rule', 'after'], 'action', rule.after, known.actions);
        break;
      case 'runbooks-reviewed':
        rule.runbooks?.forEach((r, i) => miss([...at, 'rule', 'runbooks', i], 'runbook', r, known.runbooks));
        if (!rule.runbooks && known.runbooks.length === 0) issues.push({ path: [...at, 'rule'], message: 'no runbooks are declared to review' });
        break;
      case 'health-score':
      case 'security-gate-open':
      case 'drill-passed':
      case 'monitoring-configured':
        break;
    }
  }
  return issues;
}
