/** How load outcomes read on screen: one icon per outcome, the outcome in a line (figures: shared/format/). */
import type { LoadProfileView, LoadRunRecord, LoadRunState } from '../../../shared/domain/load-runs.js';
import { LOAD_STOP_REASONS, verdictLine } from '../../../shared/format/load.js';
import { formatInt, formatRate } from '../../../shared/format/numbers.js';
import type { IconName } from '../common/Icon.js';

export const LOAD_STATE_ICONS: Record<LoadRunState, IconName> = {
  running: 'probe',
  passed: 'check',
  failed: 'cross',
  aborted: 'stop',
  // No verdict could be reached: "we do not know", unlike any judged outcome.
  interrupted: 'question',
};

/** Errors over requests; null without requests. */
export function errorShare(errors: number, requests: number): number | null {
  return requests > 0 ? errors / requests : null;
}

/** What decided an ended run, in a line; and why it ended, in another. */
export function describeOutcome(run: LoadRunRecord): { decided: string; why: string | null } {
  const summary = run.summary;
  const decidedBy = run.decidedBy ?? summary?.decidedBy ?? null;
  const why = summary ? `It ended because ${LOAD_STOP_REASONS[summary.stopReason]}.` : null;
  const verdicts = summary?.thresholds ?? [];
  switch (run.state) {
    case 'passed':
      return { decided: verdicts.length > 0 ? `all ${verdicts.length} thresholds held` : 'no thresholds were set', why };
    case 'failed': {
      if (decidedBy) return { decided: verdictLine(decidedBy), why };
      const failed = verdicts.filter((v) => !v.passed);
      return { decided: failed.length === 1 ? verdictLine(failed[0]!) : `${failed.length} of ${verdicts.length} thresholds failed`, why };
    }
    case 'aborted':
      if (decidedBy) return { decided: `${verdictLine(decidedBy)} (abort on fail)`, why };
      if (summary?.stopReason === 'stopped') return { decided: 'stopped by an operator', why: null };
      return { decided: `the engine could not carry it out${run.error ? `: ${run.error}` : ''}`, why };
    case 'interrupted':
      return { decided: run.error ?? 'Warroom stopped while it ran; every second up to then is kept', why };
    case 'running':
      return { decided: 'still running', why: null };
  }
}

/** "10 users", "400 arrivals/s": the peak of a profile in its model's unit. */
export function formatPeak(profile: Pick<LoadProfileView, 'model' | 'peak'>): string {
  return profile.model === 'closed' ? `${formatInt(profile.peak)} ${profile.peak === 1 ? 'user' : 'users'}` : `${formatRate(profile.peak)} arrivals/s`;
}
