/**
 * How the board's states look: colour (a CSS tone), shape (an icon) and word, never colour alone,
 * so a verdict or a criterion reads from three metres and in any colour vision.
 */
import type { CriterionGroup, ScoreCategory } from '../../../shared/domain/board-config.js';
import type { CriterionState } from '../../../shared/domain/board.js';
import type { IconName } from '../common/Icon.js';

export type Tone = 'ok' | 'bad' | 'warn' | 'unknown' | 'waived';

export interface Mark {
  tone: Tone;
  icon: IconName;
  word: string;
}

export const CRITERION_MARKS: Record<CriterionState, Mark> = {
  met: { tone: 'ok', icon: 'check', word: 'Met' },
  'not-met': { tone: 'bad', icon: 'cross', word: 'Not met' },
  unknown: { tone: 'unknown', icon: 'question', word: 'Unknown' },
  stale: { tone: 'warn', icon: 'hourglass', word: 'Stale' },
  waived: { tone: 'waived', icon: 'flag', word: 'Waived' },
};

/** GO and NO-GO are the core's verdicts; HOLD is a meeting vote (h-meeting) drawn the same way. */
export type VerdictWord = 'GO' | 'NO-GO' | 'HOLD';

export const VERDICT_MARKS: Record<VerdictWord, Mark> = {
  GO: { tone: 'ok', icon: 'check', word: 'GO' },
  'NO-GO': { tone: 'bad', icon: 'cross', word: 'NO-GO' },
  HOLD: { tone: 'warn', icon: 'paused', word: 'HOLD' },
};

export const CATEGORY_LABELS: Record<ScoreCategory, string> = {
  security: 'Security',
  performance: 'Performance',
  operations: 'Operations',
  validation: 'Validation',
};

export const GROUP_LABELS: Record<CriterionGroup, string> = {
  technical: 'Technical',
  operational: 'Operational',
  business: 'Business',
};
