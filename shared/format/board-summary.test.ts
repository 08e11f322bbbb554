import { describe, expect, it } from 'vitest';
import { formatScore, scoreLine, toGoLine, verdictBasis } from './board-summary.js';

const waiver = (id: number) => ({ id, criterionId: `c${id}`, owner: 'Ana', reason: 'r', at: 0, expiresAt: 1, revokedAt: null, revokedBy: null });

describe('board summary lines', () => {
  it('rounds the score down, so a score short of the threshold never reads as reaching it', () => {
    expect(formatScore(89.96)).toBe('89 %');
    expect(formatScore(90)).toBe('90 %');
    expect(formatScore(100)).toBe('100 %');
    expect(formatScore(0)).toBe('0 %');
  });

  it('says how many criteria are stale or unknown next to the score', () => {
    expect(scoreLine({ score: 84.2, staleCount: 3, unknownCount: 0 })).toBe('84 %, 3 stale');
    expect(scoreLine({ score: 84.2, staleCount: 0, unknownCount: 0 })).toBe('84 %');
    expect(scoreLine({ score: 12, staleCount: 1, unknownCount: 4 })).toBe('12 %, 1 stale, 4 unknown');
  });

  it('says what a verdict rests on without repeating the verdict: score against threshold, blockers, waivers', () => {
    const threshold = 90;
    const blocker = { criterionId: 'gate', title: 'Security gate', why: 'open High' };
    expect(verdictBasis({ verdict: 'GO', score: 94.2, blockers: [], waivers: [], threshold })).toBe('94 % ≥ 90 %, no blockers');
    expect(verdictBasis({ verdict: 'GO', score: 90, blockers: [], waivers: [waiver(1), waiver(2)], threshold })).toBe('90 % ≥ 90 %, no blockers, 2 waivers');
    expect(verdictBasis({ verdict: 'GO', score: 100, blockers: [], waivers: [waiver(1)], threshold })).toBe('100 % ≥ 90 %, no blockers, 1 waiver');
    // A NO-GO on blockers alone names them; under the threshold too, it says both.
    expect(verdictBasis({ verdict: 'NO-GO', score: 95, blockers: [blocker], waivers: [], threshold })).toBe('1 blocker');
    expect(verdictBasis({ verdict: 'NO-GO', score: 8, blockers: [blocker, { ...blocker, criterionId: 'up' }], waivers: [], threshold })).toBe('2 blockers, 8 % < 90 %');
    // Rounded down like the score itself: 89.96 is not "90 %".
    expect(verdictBasis({ verdict: 'NO-GO', score: 89.96, blockers: [], waivers: [waiver(1)], threshold })).toBe('89 % < 90 %');
    // A threshold with decimals gets a score as precise (never "92 % ≥ 92.5 %").
    expect(verdictBasis({ verdict: 'GO', score: 92.58, blockers: [], waivers: [], threshold: 92.5 })).toBe('92.5 % ≥ 92.5 %, no blockers');
    expect(verdictBasis({ verdict: 'NO-GO', score: 92.49, blockers: [], waivers: [], threshold: 92.5 })).toBe('92.4 % < 92.5 %');
    for (const verdict of ['GO', 'NO-GO'] as const) {
      expect(verdictBasis({ verdict, score: 50, blockers: [], waivers: [], threshold })).not.toMatch(/\bGO\b/);
    }
  });

  it('lists what is left to GO, or says GO is out of reach', () => {
    const toGo = [
      { criterionId: 'peak', title: 'Load peak', points: 10 },
      { criterionId: 'rb', title: 'Rollback rehearsal', points: 6 },
    ];
    expect(toGoLine({ verdict: 'NO-GO', toGo, threshold: 90 })).toBe('2 more to GO: Load peak, Rollback rehearsal');
    expect(toGoLine({ verdict: 'NO-GO', toGo: null, threshold: 90 })).toBe('GO is out of reach: even every open criterion met stays under 90 %');
    expect(toGoLine({ verdict: 'GO', toGo: [], threshold: 90 })).toBeNull();
  });
});
