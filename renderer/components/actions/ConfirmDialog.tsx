/**
 * The last step before a run starts: what will run, in words (action, parameters, environment —
 * never a command line), who runs it, and the confirmation the action asks for: a click, or the
 * environment's or service's name typed exactly, as destructive actions in well-known tools ask.
 * The core checks the typed text again and may refuse; its reason is shown here.
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { ActionRun, ActionView } from '../../../shared/domain/actions.js';
import { useClient } from '../../api/client-context.js';
import { readOperatorName, rememberOperatorName } from '../../lib/operator-name.js';
import { useAppStore } from '../../stores/store.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { describeParams, expectedConfirmation, paramProblems, requestParams } from './action-params.js';
import type { ParamValues } from './action-params.js';
import { ParamFields } from './ParamFields.js';
import { useServiceName } from './use-service-name.js';
import { formatDuration } from '../../../shared/format/durations.js';

export interface LaunchRequest {
  action: ActionView;
  values: ParamValues;
  dryRun: boolean;
  /** Opened from a runbook step: the parameters are chosen here. */
  editParams: boolean;
}

function submitLabel(action: ActionView, dryRun: boolean, production: boolean): string {
  if (dryRun) return 'Start dry run';
  if (action.requireApproval && production) return 'Request approval';
  return action.kind === 'rollback' ? 'Roll back now' : 'Run now';
}

export function ConfirmDialog({ request, onClose, onStarted }: { request: LaunchRequest; onClose: () => void; onStarted: (run: ActionRun) => void }) {
  const { action, dryRun } = request;
  const client = useClient();
  const serviceName = useServiceName();
  const environment = useAppStore((s) => s.actions.environment) ?? '';
  const production = useAppStore((s) => s.actions.production);
  const environmentLabel = useAppStore((s) => s.config?.environments.find((env) => env.id === environment)?.label ?? environment);
  const [values, setValues] = useState<ParamValues>(request.values);
  const [actor, setActor] = useState(readOperatorName);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const inFlight = useRef(false);
  const firstField = useRef<HTMLInputElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  const problems = paramProblems(action, values);
  const paramsOk = Object.keys(problems).length === 0;
  const expected = expectedConfirmation(action, environment, values);
  const typedOk = action.confirm === 'type-environment' || action.confirm === 'type-service' ? expected !== null && typed === expected : true;
  const ready = paramsOk && actor.trim() !== '' && typedOk && !busy;
  const [askName] = useState(() => readOperatorName() === '');

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !inFlight.current) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  useEffect(() => {
    // Typing is the confirmation: focus goes there. A click confirmation starts on Cancel, so an
    // Enter pressed out of habit does not run anything.
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    (firstField.current ?? cancelButton.current)?.focus();
    document.body.classList.add('dialog-open');
    return () => {
      document.body.classList.remove('dialog-open');
      before?.focus();
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready || inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setProblem(null);
    try {
      const run = await client.call('actions.start', {
        actionId: action.id,
        params: requestParams(action, values),
        dryRun,
        actor: actor.trim(),
        ...(expected !== null ? { confirmation: typed } : {}),
      });
      rememberOperatorName(actor);
      onStarted(run);
    } catch (error) {
      setProblem({ control: 'confirm', ...describeCallError(`${dryRun ? 'Dry run of' : ''} ${action.label}`.trim(), error) });
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const params = describeParams(action, values, serviceName);
  const danger = action.kind === 'rollback' || production;
  const typeField = action.confirm === 'type-environment' || action.confirm === 'type-service';

  return (
    <div className="dialog-backdrop" onClick={(event) => event.target === event.currentTarget && !inFlight.current && onClose()}>
      <form
        className={`dialog panel confirm${danger ? ' confirm--danger' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        data-testid="confirm-dialog"
        data-action={action.id}
        data-confirm={action.confirm}
        data-dry-run={dryRun}
        onSubmit={(e) => void submit(e)}
      >
        <header className="confirm__head">
          <h2 id="confirm-title">
            {action.kind === 'rollback' && <Icon name="rollback" />}
            {dryRun ? `Dry run: ${action.label}` : `${action.label}?`}
          </h2>
          <div className={`env${production ? ' env--production' : ''}`} data-testid="confirm-environment" data-production={production}>
            {production && (
              <span className="env__marker">
                <Icon name="warning" />
                PRODUCTION
              </span>
            )}
            <span className="env__label">{environmentLabel}</span>
          </div>
        </header>

        <dl className="confirm__what" data-testid="confirm-summary">
          <div>
            <dt>Action</dt>
            <dd>
              <strong>{action.label}</strong> <span className="chip">{action.kind}</span>
              {dryRun && <span className="chip chip--warn">dry run</span>}
            </dd>
          </div>
          {params.map((param) => (
            <div key={param.label}>
              <dt>{param.label}</dt>
              <dd>
                {param.value ? <strong>{param.value}</strong> : <span className="muted">not chosen</span>} {param.id && <code className="muted">{param.id}</code>}
              </dd>
            </div>
          ))}
          <div>
            <dt>Environment</dt>
            <dd>
              <strong>{environmentLabel}</strong> <code className="muted">{environment}</code>
            </dd>
          </div>
          <div>
            <dt>Stops after</dt>
            <dd>{formatDuration(action.timeoutMs)} (then it is killed)</dd>
          </div>
        </dl>
        {action.description && <p className="confirm__description">{action.description}</p>}
        {dryRun && <p className="confirm__note">The dry run is the script&apos;s own rehearsal mode, as configured; it is recorded as evidence.</p>}
        {action.requireApproval && production && !dryRun && (
          <p className="confirm__note confirm__note--warn" data-testid="confirm-approval-note">
            <Icon name="hourglass" />A second operator must approve this run before it starts.
          </p>
        )}

        {request.editParams && <ParamFields action={action} values={values} problems={problems} onChange={(name, value) => setValues((v) => ({ ...v, [name]: value }))} testIdPrefix="confirm-param" />}

        <label className="field confirm__actor">
          <span className="field__label">{askName ? 'Your name (who is running this)' : 'Running as'}</span>
          <input
            ref={askName ? firstField : undefined}
            className="input"
            value={actor}
            maxLength={60}
            autoComplete="name"
            onChange={(e) => setActor(e.target.value)}
            data-testid="confirm-actor"
          />
        </label>

        {typeField && (
          <label className="field confirm__type">
            <span className="confirm__type-label">
              {expected === null ? (
                'Choose the service first'
              ) : (
                <>
                  Type <code className="confirm__expected">{expected}</code> to confirm
                </>
              )}
            </span>
            <input
              ref={askName ? undefined : firstField}
              className={`input confirm__input${typed !== '' && !typedOk ? ' input--invalid' : ''}${typedOk && typed !== '' ? ' input--valid' : ''}`}
              value={typed}
              maxLength={200}
              spellCheck={false}
              autoComplete="off"
              autoCapitalize="off"
              disabled={expected === null}
              onChange={(e) => setTyped(e.target.value)}
              aria-describedby="confirm-title"
              data-testid="confirm-input"
            />
          </label>
        )}

        <CallError problem={problem} controls={['confirm']} testId="confirm-error" />

        <div className="button-row confirm__buttons">
          <button ref={cancelButton} type="button" className="button" onClick={onClose} disabled={busy} data-testid="confirm-cancel">
            Cancel
          </button>
          <button type="submit" className={`button ${danger ? 'button--danger-strong' : 'button--primary'}`} disabled={!ready} data-testid="confirm-submit">
            <Icon name={action.kind === 'rollback' ? 'rollback' : 'play'} />
            {busy ? 'Starting…' : submitLabel(action, dryRun, production)}
          </button>
        </div>
      </form>
    </div>
  );
}
