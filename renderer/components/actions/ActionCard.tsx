/**
 * One configured action: what it does, its parameters, and for operators Run and Dry run. A
 * rollback is drawn bigger than the rest and says when it last succeeded in rehearsal and how long
 * it took ("never rehearsed" in warning colour): evidence for the go/no-go, and the button to find
 * first on a bad day.
 */
import { useState } from 'react';
import type { ActionView, Confirmation } from '../../../shared/domain/actions.js';
import { formatDateTime, formatRangeTime } from '../../lib/time.js';
import { useNow } from '../../lib/use-now.js';
import { openRun } from '../../stores/store-updates.js';
import { useAppStore } from '../../stores/store.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { initialValues, paramProblems } from './action-params.js';
import type { ParamValues } from './action-params.js';
import { ParamFields } from './ParamFields.js';
import type { Launcher } from './use-launch.js';
import { formatDuration } from '../../../shared/format/durations.js';

const CONFIRM_WORDS: Record<Confirmation, string | null> = {
  none: null,
  click: 'asks for a click to confirm',
  'type-environment': 'asks you to type the environment name',
  'type-service': 'asks you to type the service name',
};

export function LastRehearsal({ action }: { action: ActionView }) {
  const now = useNow(60_000);
  const last = action.lastRehearsal;
  if (!last) {
    return (
      <p className="last-rehearsal last-rehearsal--never" data-testid={`last-rehearsal-${action.id}`} data-rehearsed="false">
        <Icon name="warning" />
        Never rehearsed: no successful dry run or rehearsal run yet
      </p>
    );
  }
  return (
    <p className="last-rehearsal" data-testid={`last-rehearsal-${action.id}`} data-rehearsed="true" title={formatDateTime(last.at)}>
      <Icon name="check" />
      Last rehearsed: {formatRangeTime(last.at, Math.max(0, now - last.at))}
      {last.dryRun ? ' (dry run)' : ''}, took {formatDuration(last.durationMs)}
    </p>
  );
}

function ActiveRun({ actionId }: { actionId: string }) {
  const active = useAppStore((s) => {
    for (const run of Object.values(s.actions.runs)) {
      if (run.actionId === actionId && (run.state === 'running' || run.state === 'verifying' || run.state === 'awaiting_approval')) return `${run.id}:${run.state}`;
    }
    return null;
  });
  if (!active) return null;
  const [id, state] = active.split(':');
  return (
    <button type="button" className="action-card__active" onClick={() => openRun(Number(id))} data-testid={`action-active-${actionId}`}>
      <Icon name={state === 'awaiting_approval' ? 'hourglass' : 'reload'} className={state === 'awaiting_approval' ? undefined : 'icon--spin'} />
      {state === 'running' ? 'Running now' : state === 'verifying' ? 'Verifying health' : 'Waiting for approval'}: run #{id}
    </button>
  );
}

export function ActionCard({ action, operator, launcher }: { action: ActionView; operator: boolean; launcher: Launcher }) {
  const [values, setValues] = useState<ParamValues>(() => initialValues(action));
  const environment = useAppStore((s) => s.actions.environment) ?? '';
  const problems = paramProblems(action, values);
  const missing = Object.values(problems);
  const rollback = action.kind === 'rollback';
  const runControl = `run-${action.id}`;
  const dryControl = `dry-run-${action.id}`;
  const disabled = !action.allowedHere || missing.length > 0 || launcher.busy !== null;
  const confirmWords = CONFIRM_WORDS[action.confirm];

  return (
    <article
      className={`panel action-card${rollback ? ' action-card--rollback' : ''}${action.allowedHere ? '' : ' action-card--unavailable'}`}
      data-testid={`action-${action.id}`}
      data-kind={action.kind}
      data-allowed={action.allowedHere}
    >
      <header className="action-card__head">
        <h3 className="action-card__label">
          {rollback && <Icon name="rollback" />}
          {action.label}
        </h3>
        <span className="chip action-card__kind">{action.kind}</span>
      </header>
      {action.description && <p className="action-card__description">{action.description}</p>}
      {rollback && <LastRehearsal action={action} />}
      <ul className="chips action-card__facts" aria-label="How it runs">
        {confirmWords && <li className="chip">{confirmWords}</li>}
        {action.requireApproval && (
          <li className="chip chip--warn" data-testid={`action-approval-${action.id}`}>
            <Icon name="hourglass" />
            needs a second operator
          </li>
        )}
        <li className="chip">stops after {formatDuration(action.timeoutMs)}</li>
      </ul>
      <ActiveRun actionId={action.id} />
      {operator && (
        <>
          <ParamFields
            action={action}
            values={values}
            problems={problems}
            onChange={(name, value) => setValues((v) => ({ ...v, [name]: value }))}
            testIdPrefix={`param-${action.id}`}
            disabled={!action.allowedHere}
          />
          <div className="button-row action-card__buttons">
            <button
              type="button"
              className={`button ${rollback ? 'button--rollback' : 'button--primary'}`}
              disabled={disabled}
              onClick={() => launcher.launch(action, values, { control: runControl })}
              data-testid={`action-run-${action.id}`}
            >
              <Icon name={rollback ? 'rollback' : 'play'} />
              {launcher.busy === runControl ? 'Starting…' : `${rollback ? 'Roll back' : 'Run'}${action.confirm === 'none' ? '' : '…'}`}
            </button>
            {action.canDryRun && (
              <button
                type="button"
                className="button"
                disabled={disabled}
                onClick={() => launcher.launch(action, values, { dryRun: true, control: dryControl })}
                data-testid={`action-dry-run-${action.id}`}
              >
                <Icon name="probe" />
                {launcher.busy === dryControl ? 'Starting…' : `Dry run${action.confirm === 'none' ? '' : '…'}`}
              </button>
            )}
          </div>
          {!action.allowedHere ? (
            <p className="action-card__why" data-testid={`action-disabled-${action.id}`}>
              <Icon name="lock" />
              Not available in {environment}: the config does not allow this action here.
            </p>
          ) : (
            missing.length > 0 && (
              <p className="action-card__why muted" data-testid={`action-hint-${action.id}`}>
                First {missing.join(', ')}.
              </p>
            )
          )}
          <CallError problem={launcher.problem} controls={[runControl, dryControl]} testId={`action-error-${action.id}`} />
        </>
      )}
    </article>
  );
}
