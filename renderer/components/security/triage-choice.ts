/** What a triage form holds, what is wrong with it, and the security.triage input it becomes (by ids). */
import type { CommandInput } from '../../../shared/contract/index.js';
import type { TriageState } from '../../../shared/domain/security.js';

export type TriageTarget = Exclude<TriageState, 'fixed'>;
export const TRIAGE_TARGETS: readonly TriageTarget[] = ['open', 'confirmed', 'false-positive', 'accepted'];

export interface TriageChoice {
  state: TriageTarget;
  reason: string;
  mitigation: string;
  owner: string;
  /** YYYY-MM-DD (accepted only): the acceptance holds through that day (UTC), as `warroom scan triage --expires`. */
  expires: string;
}

export const emptyChoice = (state: TriageTarget): TriageChoice => ({ state, reason: '', mitigation: '', owner: '', expires: '' });

/** Epoch ms a YYYY-MM-DD acceptance ends (the next UTC midnight), or null when not a real date. */
export function expiryAt(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const at = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1);
  return new Date(at - 1).toISOString().slice(0, 10) === date ? at : null;
}

/** Problems by field, in the operator's words; empty when the choice can be sent. */
export function choiceProblems(choice: TriageChoice, actor: string, now: number): Partial<Record<keyof TriageChoice | 'actor', string>> {
  const problems: Partial<Record<keyof TriageChoice | 'actor', string>> = {};
  if (actor.trim() === '') problems.actor = 'Your name goes into the audit trail';
  if ((choice.state === 'accepted' || choice.state === 'false-positive') && choice.reason.trim() === '') {
    problems.reason = choice.state === 'accepted' ? 'An accepted risk needs a reason' : 'A false positive needs a reason';
  }
  if (choice.state === 'accepted' && choice.expires !== '') {
    const at = expiryAt(choice.expires);
    if (at === null) problems.expires = 'Expected a date';
    else if (at <= now) problems.expires = 'The acceptance would already have expired';
  }
  return problems;
}

/** The triage command for these ids. */
export function triageInput(ids: number[], choice: TriageChoice, actor: string): CommandInput<'security.triage'> {
  const accepted = choice.state === 'accepted';
  const expiresAt = accepted && choice.expires !== '' ? expiryAt(choice.expires) : null;
  return {
    ids,
    state: choice.state,
    actor: actor.trim(),
    ...(choice.reason.trim() !== '' ? { reason: choice.reason.trim() } : {}),
    ...(accepted && choice.mitigation.trim() !== '' ? { mitigation: choice.mitigation.trim() } : {}),
    ...(accepted && choice.owner.trim() !== '' ? { owner: choice.owner.trim() } : {}),
    ...(expiresAt !== null ? { expiresAt } : {}),
  };
}
