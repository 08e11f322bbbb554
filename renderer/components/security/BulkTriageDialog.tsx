/**
 * Triage of every finding the table shows (e.g. every secret under tests/ as a false positive):
 * the operator fills the triage, then confirms a sentence that says how many findings it changes.
 * It sends exactly the ids on screen that would change (fixed ones are a re-scan's business).
 */
import { useEffect, useRef, useState } from 'react';
import type { FindingRecord } from '../../../shared/domain/security-register.js';
import { useClient } from '../../api/client-context.js';
import { readOperatorName, rememberOperatorName } from '../../lib/operator-name.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { effectiveState } from './finding-query.js';
import { STATE_WORDS } from './security-format.js';
import { choiceProblems, emptyChoice, triageInput } from './triage-choice.js';
import type { TriageChoice } from './triage-choice.js';
import { TriageFields } from './TriageFields.js';

/** The contract's most ids per triage call. */
const CHUNK = 10_000;

export interface BulkPlan {
  /** Ids that change state. */
  change: number[];
  already: number;
  fixed: number;
}

export function bulkPlan(shown: readonly FindingRecord[], choice: TriageChoice, now: number): BulkPlan {
  const plan: BulkPlan = { change: [], already: 0, fixed: 0 };
  for (const finding of shown) {
    if (finding.state === 'fixed') plan.fixed += 1;
    else if (effectiveState(finding, now) === choice.state && choice.state !== 'accepted') plan.already += 1;
    else plan.change.push(finding.id);
  }
  return plan;
}

const findings = (n: number) => `${n} ${n === 1 ? 'finding' : 'findings'}`;

export function BulkTriageDialog({ shown, now, onClose }: { shown: readonly FindingRecord[]; now: number; onClose: () => void }) {
  const client = useClient();
  const [choice, setChoice] = useState<TriageChoice>(() => emptyChoice('false-positive'));
  const [actor, setActor] = useState(readOperatorName);
  const [step, setStep] = useState<'fill' | 'confirm'>('fill');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const problems = choiceProblems(choice, actor, now);
  const plan = bulkPlan(shown, choice, now);

  useEffect(() => {
    cancel.current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    document.body.classList.add('dialog-open');
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.classList.remove('dialog-open');
    };
  }, [onClose]);

  const apply = async () => {
    setBusy(true);
    setProblem(null);
    let changed = 0;
    try {
      for (let i = 0; i < plan.change.length; i += CHUNK) {
        const answer = await client.call('security.triage', triageInput(plan.change.slice(i, i + CHUNK), choice, actor));
        changed += answer.changed.length;
      }
      rememberOperatorName(actor);
      setDone(changed);
    } catch (error) {
      setProblem({ control: 'bulk', ...describeCallError('Bulk triage', error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop" onClick={(event) => event.target === event.currentTarget && !busy && onClose()}>
      <div className="dialog panel sec-bulk" role="dialog" aria-modal="true" aria-labelledby="sec-bulk-title" data-testid="sec-bulk" data-step={done !== null ? 'done' : step}>
        <h2 id="sec-bulk-title">Triage the {findings(shown.length)} shown</h2>
        {done !== null ? (
          <p className="sec-bulk__sentence" data-testid="sec-bulk-done">
            <Icon name="check" />
            {findings(done)} changed to {STATE_WORDS[choice.state]}.
          </p>
        ) : step === 'fill' ? (
          <>
            <TriageFields choice={choice} onChange={setChoice} problems={problems} testIdPrefix="sec-bulk" />
            <label className="field">
              <span className="field__label">Your name (audit trail)</span>
              <input className="input" value={actor} maxLength={60} onChange={(e) => setActor(e.target.value)} data-testid="sec-bulk-actor" />
            </label>
          </>
        ) : (
          <p className="sec-bulk__sentence" data-testid="sec-bulk-confirm-text" data-count={plan.change.length}>
            This changes <strong>{findings(plan.change.length)}</strong> to <strong>{STATE_WORDS[choice.state]}</strong>
            {choice.reason.trim() !== '' && <> (“{choice.reason.trim()}”)</>}.
            {plan.already > 0 && <> {findings(plan.already)} already are.</>}
            {plan.fixed > 0 && <> {findings(plan.fixed)} fixed by a re-scan are left alone.</>}
          </p>
        )}
        <CallError problem={problem} controls={['bulk']} testId="sec-bulk-error" />
        <div className="button-row">
          <button ref={cancel} type="button" className="button" onClick={onClose} disabled={busy} data-testid="sec-bulk-cancel">
            {done !== null ? 'Close' : 'Cancel'}
          </button>
          {done === null && step === 'fill' && (
            <button
              type="button"
              className="button button--primary"
              disabled={Object.keys(problems).length > 0 || plan.change.length === 0}
              onClick={() => setStep('confirm')}
              data-testid="sec-bulk-review"
            >
              {plan.change.length === 0 ? 'Nothing would change' : `Review: ${findings(plan.change.length)} would change`}
            </button>
          )}
          {done === null && step === 'confirm' && (
            <>
              <button type="button" className="button" onClick={() => setStep('fill')} disabled={busy}>
                Back
              </button>
              <button type="button" className="button button--danger" onClick={() => void apply()} disabled={busy} data-testid="sec-bulk-apply">
                {busy ? 'Changing…' : `Change ${findings(plan.change.length)}`}
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
