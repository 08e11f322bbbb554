import { describe, expect, it } from 'vitest';
import { formatScore, scoreLine, toGoLine, verdictLine } from './board-summary.js';

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

  it('names the waivers a GO stands on and the blockers of a NO-GO', () => {
    const threshold = 90;
    expect(verdictLine({ verdict: 'GO', blockers: [], waivers: [], threshold })).toBe('GO');
    expect(verdictLine({ verdict: 'GO', blockers: [], waivers: [waiver(1), waiver(2)], threshold })).toBe('GO with 2 waivers');
    expect(verdictLine({ verdict: 'GO', blockers: [], waivers: [waiver(1)], threshold })).toBe('GO with 1 waiver');
    const blocker = { criterionId: 'gate', title: 'Security gate', why: 'open High' };
    expect(verdictLine({ verdict: 'NO-GO', blockers: [blocker, { ...blocker, criterionId: 'up' }], waivers: [], threshold })).toBe('NO-GO: 2 blockers');
    expect(verdictLine({ verdict: 'NO-GO', blockers: [], waivers: [waiver(1)], threshold })).toBe('NO-GO: under 90 %');
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
