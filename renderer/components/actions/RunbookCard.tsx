/**
 * A runbook: the alert or incident it answers and its steps. Operators tick steps (recorded by the
 * core, with who and when) and start a step's action through its confirmation; viewers follow.
 */
import { useRef, useState } from 'react';
import type { RunbookView } from '../../../shared/domain/actions.js';
import { useClient } from '../../api/client-context.js';
import { useOperatorName } from '../../lib/operator-name.js';
import { formatClock, formatDateTime } from '../../lib/time.js';
import { applyRunbookAnswer } from '../../stores/store-updates.js';
import { useAppStore } from '../../stores/store.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { initialValues } from './action-params.js';
import type { Launcher } from './use-launch.js';

function useTick(runbookId: string) {
  const client = useClient();
  const name = useOperatorName();
  const [busy, setBusy] = useState<number | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const inFlight = useRef(false);
  const tick = async (step: number, done: boolean) => {
    if (inFlight.current || name === '') return;
    inFlight.current = true;
    setBusy(step);
    setProblem(null);
    const revAtCall = useAppStore.getState().actionsRev;
    try {
      applyRunbookAnswer(await client.call('runbooks.markStep', { runbookId, step, done, actor: name }), revAtCall);
    } catch (error) {
      setProblem({ control: 'tick', ...describeCallError(done ? 'Ticking the step' : 'Unticking the step', error) });
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  };
  return { tick, busy, problem, named: name !== '' };
}

export function RunbookCard({ runbook, operator, launcher, collapsible = false }: { runbook: RunbookView; operator: boolean; launcher: Launcher | null; collapsible?: boolean }) {
  const actions = useAppStore((s) => s.actions.actions);
  const { tick, busy, problem, named } = useTick(runbook.id);
  const done = runbook.steps.filter((step) => step.done).length;
  const title = (
    <>
      <span className="runbook__title">{runbook.title}</span>
      <span className={`runbook__progress${done === runbook.steps.length ? ' runbook__progress--done' : ''}`} data-testid={`runbook-progress-${runbook.id}`}>
        {done} of {runbook.steps.length} done
      </span>
    </>
  );
  const body = (
    <>
      {runbook.when && (
        <p className="runbook__when">
          <span className="muted">When</span> {runbook.when}
        </p>
      )}
      {operator && !named && <p className="runbook__hint muted">Enter your name to tick steps: the ticks are recorded with it.</p>}
      <ol className="runbook__steps">
        {runbook.steps.map((step, index) => {
          const action = step.action ? actions.find((a) => a.id === step.action) : undefined;
          const control = `runbook-${runbook.id}-${index}`;
          return (
            <li key={index} className={`runbook-step${step.done ? ' runbook-step--done' : ''}`} data-testid={`runbook-step-row-${runbook.id}-${index}`} data-done={step.done}>
              {operator ? (
                <input
                  type="checkbox"
                  className="runbook-step__check"
                  checked={step.done}
                  disabled={busy !== null || !named}
                  aria-label={`Step ${index + 1} done`}
                  onChange={(e) => void tick(index, e.target.checked)}
                  data-testid={`runbook-step-${runbook.id}-${index}`}
                />
              ) : (
                <span className="runbook-step__mark" aria-label={step.done ? 'done' : 'not done'}>
                  <Icon name={step.done ? 'check' : 'pending'} />
                </span>
              )}
              <div className="runbook-step__body">
                <p className="runbook-step__text">{step.text}</p>
                {step.by && step.at !== null && (
                  <p className="runbook-step__by muted" data-testid={`runbook-step-by-${runbook.id}-${index}`} title={formatDateTime(step.at)}>
                    {step.done ? 'ticked' : 'unticked'} by <strong>{step.by}</strong> at {formatClock(step.at)}
                  </p>
                )}
                {step.action &&
                  (operator && launcher && action ? (
                    <button
                      type="button"
                      className={`button button--small${action.kind === 'rollback' ? ' button--rollback' : ''}`}
                      disabled={!action.allowedHere || launcher.busy !== null}
                      onClick={() => launcher.launch(action, initialValues(action), { editParams: true, control })}
                      data-testid={`runbook-action-${runbook.id}-${index}`}
                    >
                      <Icon name={action.kind === 'rollback' ? 'rollback' : 'play'} />
                      {action.label}
                      {action.confirm === 'none' && Object.keys(action.params).length === 0 ? '' : '…'}
                    </button>
                  ) : (
                    <p className="runbook-step__action muted">
                      Action: <strong>{action?.label ?? step.action}</strong>
                    </p>
                  ))}
                {launcher && <CallError problem={launcher.problem} controls={[control]} testId={`runbook-action-error-${runbook.id}-${index}`} />}
              </div>
            </li>
          );
        })}
      </ol>
      <CallError problem={problem} controls={['tick']} testId={`runbook-error-${runbook.id}`} />
    </>
  );
  if (collapsible) {
    return (
      <details className="runbook runbook--compact" data-testid={`runbook-${runbook.id}`}>
        <summary className="runbook__head">{title}</summary>
        {body}
      </details>
    );
  }
  return (
    <article className="panel runbook" data-testid={`runbook-${runbook.id}`}>
      <header className="runbook__head">{title}</header>
      {body}
    </article>
  );
}
