/**
 * Rollbacks, deploys and the team's other scripts from a button, safely: the environment (with a
 * PRODUCTION marker nobody misses), an action card each (rollbacks first and biggest), the open
 * run with its live output, recent runs, runbooks and the audit trail. Operators start, approve
 * and cancel; viewers watch the same screen without those controls.
 */
import { useCallback } from 'react';
import { ActionCard } from '../components/actions/ActionCard.js';
import { ApprovalQueue } from '../components/actions/ApprovalQueue.js';
import { AuditSection } from '../components/actions/AuditSection.js';
import { OperatorNameField } from '../components/actions/OperatorNameField.js';
import { RunbookCard } from '../components/actions/RunbookCard.js';
import { RunPanel } from '../components/actions/RunPanel.js';
import { RunsList } from '../components/actions/RunsList.js';
import { useLaunch } from '../components/actions/use-launch.js';
import { EmptyState } from '../components/common/EmptyState.js';
import { Icon } from '../components/common/Icon.js';
import type { ActionRun } from '../../shared/domain/actions.js';
import type { AppState } from '../stores/store.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

/** The open run, else the newest running or waiting one, else the newest. */
function selectShownRun(state: AppState): ActionRun | null {
  const { openRunId, actions } = state;
  if (openRunId !== null && actions.runs[openRunId]) return actions.runs[openRunId];
  let newest: ActionRun | null = null;
  let newestActive: ActionRun | null = null;
  for (const run of Object.values(actions.runs)) {
    if (!newest || run.id > newest.id) newest = run;
    if ((run.state === 'running' || run.state === 'awaiting_approval') && (!newestActive || run.id > newestActive.id)) newestActive = run;
  }
  return newestActive ?? newest;
}

function EnvironmentLine() {
  const environment = useAppStore((s) => s.actions.environment) ?? '';
  const production = useAppStore((s) => s.actions.production);
  const label = useAppStore((s) => s.config?.environments.find((env) => env.id === environment)?.label ?? environment);
  return (
    <p className={`actions-env${production ? ' actions-env--production' : ''}`} data-testid="actions-environment" data-production={production}>
      <span className="muted">Runs in</span>
      {production && (
        <span className="actions-env__marker" data-testid="production-marker">
          <Icon name="warning" />
          PRODUCTION
        </span>
      )}
      <strong>{label}</strong> <code className="muted">{environment}</code>
    </p>
  );
}

function ActionsScreen() {
  const operator = useAppStore((s) => s.connection.role === 'operator');
  const actions = useAppStore((s) => s.actions.actions);
  const runbooks = useAppStore((s) => s.actions.runbooks);
  const shown = useAppStore(selectShownRun);
  const launcher = useLaunch(
    useCallback(() => {
      // The run panel sits beside the cards; on a narrow screen it is below them.
      requestAnimationFrame(() => document.getElementById('run-panel-slot')?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' }));
    }, []),
  );
  const ordered = [...actions.filter((a) => a.kind === 'rollback'), ...actions.filter((a) => a.kind !== 'rollback')];

  return (
    <section className="view view--actions" data-testid="view-actions">
      <header className="panel actions-head">
        <div className="actions-head__main">
          <h2 className="view__title">Actions</h2>
          <EnvironmentLine />
        </div>
        {operator && <OperatorNameField />}
      </header>
      {!operator && (
        <p className="readonly-note" data-testid="actions-readonly">
          <Icon name="lock" />
          Read-only display: actions are started, approved and cancelled from an operator screen.
        </p>
      )}
      <ApprovalQueue />
      <div className="actions-layout">
        <div className="actions-cards" data-testid="action-cards">
          {ordered.length === 0 ? (
            <p className="muted">warroom.yaml declares no actions.</p>
          ) : (
            ordered.map((action) => <ActionCard key={action.id} action={action} operator={operator} launcher={launcher} />)
          )}
        </div>
        <div className="actions-runs" id="run-panel-slot">
          {shown ? (
            <RunPanel key={shown.id} run={shown} operator={operator} />
          ) : (
            <p className="panel run-panel run-panel--empty muted" data-testid="run-panel-empty">
              No run yet. A run&apos;s state, live output and health before and after show here.
            </p>
          )}
          <RunsList openId={shown?.id ?? null} />
        </div>
      </div>
      {runbooks.length > 0 && (
        <section className="runbooks" data-testid="runbooks" aria-labelledby="runbooks-title">
          <h3 className="section-title" id="runbooks-title">
            Runbooks
          </h3>
          <div className="runbooks__grid">
            {runbooks.map((runbook) => (
              <RunbookCard key={runbook.id} runbook={runbook} operator={operator} launcher={operator ? launcher : null} />
            ))}
          </div>
        </section>
      )}
      <AuditSection />
      {launcher.dialog}
    </section>
  );
}

export function ActionsView() {
  const ready = useAppStore((s) => s.actions.environment !== null);
  const empty = useAppStore((s) => s.actions.actions.length === 0 && s.actions.runbooks.length === 0 && Object.keys(s.actions.runs).length === 0);
  if (!ready) return <Waiting view="actions" />;
  if (empty) {
    return (
      <section className="view" data-testid="view-actions">
        <EmptyState title="No actions configured" sections={['actions', 'runbooks']}>
          <p>
            Deploy, rollback and validation actions from the <code>actions</code> section of warroom.yaml, and the procedures
            from <code>runbooks</code>, are listed here with their runs and output. Operators start them by id; this screen
            never runs a command line.
          </p>
        </EmptyState>
      </section>
    );
  }
  return <ActionsScreen />;
}
