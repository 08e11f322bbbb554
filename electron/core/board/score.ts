/**
 * The score, pure: each criterion's points (its category's share of the total times its weight's
 * share of the category), the verdict, the blockers, and the smallest set of open criteria whose
 * completion reaches GO.
 */
import type { Blocker, CategoryScore, CriterionState, Verdict } from '../../../shared/domain/board.js';
import { SCORE_CATEGORIES } from '../../../shared/domain/board-config.js';
import type { ScoreCategory } from '../../../shared/domain/board-config.js';

export interface Scorable {
  id: string;
  title: string;
  category: ScoreCategory;
  weight: number;
  hardBlocker: boolean;
  state: CriterionState;
  why: string | null;
}

const counts = (state: CriterionState) => state === 'met' || state === 'waived';
/** Scores read with one decimal; GO compares the figure people see. */
const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Points of each criterion in percent of the total. A category without criteria is left out and
 * the others share its weight, so a board of only blockers can still reach 100.
 */
export function pointsOf(criteria: readonly Scorable[], categoryWeights: Readonly<Record<ScoreCategory, number>>): Map<string, number> {
  const weightIn = new Map<ScoreCategory, number>();
  for (const c of criteria) weightIn.set(c.category, (weightIn.get(c.category) ?? 0) + c.weight);
  const used = SCORE_CATEGORIES.filter((category) => (weightIn.get(category) ?? 0) > 0);
  const total = used.reduce((sum, category) => sum + categoryWeights[category], 0);
  return new Map(
    criteria.map((c) => [c.id, total > 0 ? ((categoryWeights[c.category] / total) * (c.weight / (weightIn.get(c.category) ?? 1))) * 100 : 0]),
  );
}

export interface Score {
  score: number;
  categories: CategoryScore[];
  blockers: Blocker[];
  verdict: Verdict;
  toGo: { criterionId: string; title: string; points: number }[] | null;
}

export function scoreBoard(criteria: readonly Scorable[], points: ReadonlyMap<string, number>, categoryWeights: Readonly<Record<ScoreCategory, number>>, threshold: number): Score {
  const pointsOf = (c: Scorable) => points.get(c.id) ?? 0;
  const raw = criteria.filter((c) => counts(c.state)).reduce((sum, c) => sum + pointsOf(c), 0);
  const score = round(raw);
  const categories = SCORE_CATEGORIES.map((category): CategoryScore => {
    const inside = criteria.filter((c) => c.category === category);
    const weight = inside.reduce((sum, c) => sum + c.weight, 0);
    const met = inside.filter((c) => counts(c.state));
    return {
      category,
      weight: categoryWeights[category],
      score: weight > 0 ? round((met.reduce((sum, c) => sum + c.weight, 0) / weight) * 100) : null,
      met: met.length,
      total: inside.length,
    };
  });
  const blockers = criteria
    .filter((c) => c.hardBlocker && c.state !== 'met')
    .map((c): Blocker => ({ criterionId: c.id, title: c.title, why: c.why ?? c.state }));
  const verdict: Verdict = blockers.length === 0 && score >= threshold ? 'GO' : 'NO-GO';
  return { score, categories, blockers, verdict, toGo: verdict === 'GO' ? [] : smallestSetToGo(criteria, pointsOf, raw, threshold) };
}

/**
 * Every open hard blocker, then open criteria by the most points first until the score reaches
 * the threshold: with additive points, taking the largest gains first needs the fewest criteria.
 */
function smallestSetToGo(criteria: readonly Scorable[], pointsOf: (c: Scorable) => number, raw: number, threshold: number) {
  const open = criteria.filter((c) => !counts(c.state));
  const chosen = open.filter((c) => c.hardBlocker);
  let reached = raw + chosen.reduce((sum, c) => sum + pointsOf(c), 0);
  const rest = open.filter((c) => !c.hardBlocker).sort((a, b) => pointsOf(b) - pointsOf(a));
  for (const c of rest) {
    if (round(reached) >= threshold) break;
    chosen.push(c);
    reached += pointsOf(c);
  }
  if (round(reached) < threshold) return null;
  return chosen.map((c) => ({ criterionId: c.id, title: c.title, points: round(pointsOf(c)) }));
}
