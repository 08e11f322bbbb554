/**
 * How the go/no-go board reads in words: "84 %, 3 stale", "94 % ≥ 90 %, no blockers", "2 more to GO:
 * load peak, rollback rehearsal". They phrase what the core evaluated; none decides anything.
 */
import type { BoardEvaluation } from '../domain/board.js';

/**
 * A score in whole percent, rounded down: 89.6 reads "89 %", never a "90 %" that is not GO yet.
 * (The core keeps one decimal; the exact figure goes in a tooltip.)
 */
export function formatScore(score: number, decimals = 0): string {
  const scale = 10 ** decimals;
  return `${(Math.floor(score * scale + 1e-9) / scale).toFixed(decimals)} %`;
}

/** Decimals a threshold is written with (92.5 → 1), so a score beside it is as precise. */
const decimalsOf = (value: number): number => Math.min(2, (String(value).split('.')[1] ?? '').length);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "84 %", "84 %, 3 stale", "84 %, 3 stale, 1 unknown". */
export function scoreLine(board: Pick<BoardEvaluation, 'score' | 'staleCount' | 'unknownCount'>): string {
  const parts = [formatScore(board.score)];
  if (board.staleCount > 0) parts.push(`${board.staleCount} stale`);
  if (board.unknownCount > 0) parts.push(`${board.unknownCount} unknown`);
  return parts.join(', ');
}

/**
 * What a verdict rests on, for the line under its GO / NO-GO mark (which already says the word):
 * "94 % ≥ 90 %, no blockers", "94 % ≥ 90 %, no blockers, 2 waivers"; "1 blocker", "2 blockers,
 * 84 % < 90 %", "84 % < 90 %". The score is rounded down as everywhere (formatScore).
 */
export function verdictBasis(board: Pick<BoardEvaluation, 'verdict' | 'score' | 'blockers' | 'waivers' | 'threshold'>): string {
  const reached = board.score >= board.threshold;
  // Rounded down to the threshold's precision: "92 % ≥ 92.5 %" would read as false.
  const score = `${formatScore(board.score, decimalsOf(board.threshold))} ${reached ? '≥' : '<'} ${board.threshold} %`;
  const waivers = board.waivers.length;
  if (board.verdict === 'GO') return [score, 'no blockers', ...(waivers > 0 ? [plural(waivers, 'waiver')] : [])].join(', ');
  const blockers = board.blockers.length;
  return [...(blockers > 0 ? [plural(blockers, 'blocker')] : []), ...(reached && blockers > 0 ? [] : [score])].join(', ');
}

/** What is left to GO as a headline and the titles it lists (see toGoLine); null on GO. */
export function toGoParts(board: Pick<BoardEvaluation, 'verdict' | 'toGo' | 'threshold'>): { head: string; titles: string[] } | null {
  if (board.verdict === 'GO') return null;
  if (board.toGo === null) return { head: `GO is out of reach: even every open criterion met stays under ${board.threshold} %`, titles: [] };
  if (board.toGo.length === 0) return null;
  return { head: `${board.toGo.length} more to GO`, titles: board.toGo.map((item) => item.title) };
}

/**
 * What is left to GO: "2 more to GO: Load peak, Rollback rehearsal"; null on GO; a plain
 * statement when even every open criterion would not reach the threshold.
 */
export function toGoLine(board: Pick<BoardEvaluation, 'verdict' | 'toGo' | 'threshold'>): string | null {
  const parts = toGoParts(board);
  if (!parts) return null;
  return parts.titles.length > 0 ? `${parts.head}: ${parts.titles.join(', ')}` : parts.head;
}
