/**
 * The frame of the dialogs that record an operator's move (sign off, waive, revoke; accept or
 * withdraw a load exception): a form in two steps. First the
 * fields, then a summary in words that the operator confirms; only the confirmation calls the
 * core. Escape or a click outside closes it unless a call is on its way.
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { CriterionEvaluation } from '../../../shared/domain/board.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import type { IconName } from '../common/Icon.js';
import { CriterionStateMark } from './CriterionStateMark.js';

export interface BoardDialogProps {
  /** The criterion the dialog records something on; other records (a load exception) name theirs in `subject`. */
  criterion?: CriterionEvaluation;
  subject?: ReactNode;
  testId: string;
  icon: IconName;
  title: string;
  /** The fields (first step); null when the step has nothing to fill in. */
  fields: ReactNode;
  /** Problems with the fields, in words; the first step cannot go on while there are any. */
  problems: readonly string[];
  /** The summary the operator confirms (second step). */
  summary: ReactNode;
  confirmLabel: string;
  /** What the call is, in the operator's words, for error messages ("Sign-off"). */
  what: string;
  submit: () => Promise<unknown>;
  onClose: () => void;
}

export function BoardDialog(props: BoardDialogProps) {
  const { criterion, onClose } = props;
  const [step, setStep] = useState<'edit' | 'confirm'>(props.fields === null ? 'confirm' : 'edit');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const inFlight = useRef(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !inFlight.current) onClose();
    };
    document.addEventListener('keydown', onKey);
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    form.current?.querySelector<HTMLElement>('input, textarea, button')?.focus();
    document.body.classList.add('dialog-open');
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.classList.remove('dialog-open');
      before?.focus();
    };
  }, [onClose]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (step === 'edit') {
      if (props.problems.length === 0) setStep('confirm');
      return;
    }
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setProblem(null);
    try {
      await props.submit();
      onClose();
    } catch (error) {
      setProblem({ control: 'board-dialog', ...describeCallError(props.what, error) });
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop" onClick={(event) => event.target === event.currentTarget && !inFlight.current && onClose()}>
      <form
        ref={form}
        className="dialog panel board-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="board-dialog-title"
        data-testid={props.testId}
        data-step={step}
        data-criterion={criterion?.id}
        onSubmit={(e) => void onSubmit(e)}
      >
        <header className="board-dialog__head">
          <h2 id="board-dialog-title">
            <Icon name={props.icon} />
            {props.title}
          </h2>
          {criterion ? (
            <>
              <p className="board-dialog__criterion">
                <CriterionStateMark state={criterion.state} />
                <strong>{criterion.title}</strong>
              </p>
              <p className="muted">{criterion.asks}</p>
            </>
          ) : (
            props.subject
          )}
        </header>
        {step === 'edit' ? (
          <div className="board-dialog__fields">{props.fields}</div>
        ) : (
          <div className="board-dialog__summary" data-testid="board-dialog-summary">
            {props.summary}
          </div>
        )}
        {step === 'edit' && props.problems.length > 0 && (
          <ul className="board-dialog__problems" data-testid="board-dialog-problems">
            {props.problems.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        )}
        <CallError problem={problem} controls={['board-dialog']} testId="board-dialog-error" />
        <div className="button-row board-dialog__buttons">
          <button type="button" className="button" onClick={onClose} disabled={busy} data-testid="board-dialog-cancel">
            Cancel
          </button>
          {step === 'confirm' && props.fields !== null && (
            <button type="button" className="button" onClick={() => setStep('edit')} disabled={busy} data-testid="board-dialog-back">
              Back
            </button>
          )}
          {step === 'edit' ? (
            <button type="submit" className="button button--primary" disabled={props.problems.length > 0} data-testid="board-dialog-next">
              Review…
            </button>
          ) : (
            <button type="submit" className="button button--primary" disabled={busy} data-testid="board-dialog-confirm">
              <Icon name={props.icon} />
              {busy ? 'Saving…' : props.confirmLabel}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
