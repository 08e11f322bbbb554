/**
 * Drills: the launch plan's dry runs as one button each. A card per drill (its steps, whether it
 * may run here, when it last passed), a run with each step's state, timing, what happened and the
 * live output of the action it runs, the manual checks and the offered recovery to confirm, and the
 * stored runs as evidence. Operators start, confirm and cancel; viewers watch.
 */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { DrillRun, DrillStepRecord, DrillView } from '../../shared/domain/drills.js';
import { describeReport } from '../../shared/domain/test-reports.js';
import { formatDuration } from '../../shared/format/durations.js';
import { useClient } from '../api/client-context.js';
import { LogPane } from '../components/actions/LogPane.js';
import { Icon } from '../components/common/Icon.js';
import { readOperatorName, rememberOperatorName } from '../lib/operator-name.js';
import { formatDateTime } from '../lib/time.js';
import { useServerNow } from '../lib/use-now.js';
import { isDrillActive } from '../stores/slices/drills.js';
import { applyDrillRun, applyDrillsOverview, applyRunOutput } from '../stores/store-updates.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

const STATE_LABEL: Record<DrillRun['state'], string> = {
  running: 'Running',
  recovery_offered: 'Failed — recovery offered',
  passed: 'Passed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The run to show: the one opened, else the one going on, else the newest. */
function shownRun(runs: Record<number, DrillRun>, openId: number | null): DrillRun | null {
  if (openId !== null && runs[openId]) return runs[openId];
  const all = Object.values(runs).sort((a, b) => b.id - a.id);
  return all.find(isDrillActive) ?? all[0] ?? null;
}

function StartForm({ drill, environment, onStarted, onClose }: { drill: DrillView; environment: string; onStarted: (run: DrillRun) => void; onClose: () => void }) {
  const client = useClient();
  const [actor, setActor] = useState(readOperatorName);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const typedOk = drill.confirm !== 'type-environment' || typed === environment;
  const ready = actor.trim() !== '' && typedOk && !busy;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    rememberOperatorName(actor);
    client
      .call('drills.start', { drillId: drill.id, actor: actor.trim(), ...(drill.confirm === 'type-environment' ? { confirmation: typed } : {}) })
      .then((run) => {
        applyDrillRun(run);
        onStarted(run);
      })
      .catch((error: unknown) => setProblem(message(error)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="drill-start" onSubmit={submit} data-testid={`drill-start-${drill.id}`}>
      <p>
        Run <strong>{drill.label}</strong> in <code>{environment}</code>: {drill.steps.length} steps, in order; it stops at the first that fails.
      </p>
      <label>
        Your name <input value={actor} onChange={(e) => setActor(e.target.value)} data-testid="drill-actor" />
      </label>
      {drill.confirm === 'type-environment' && (
        <label>
          Type <code>{environment}</code> to confirm <input value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="drill-confirmation" autoComplete="off" />
        </label>
      )}
      {problem && (
        <p className="form-error" role="alert" data-testid="drill-start-error">
          {problem}
        </p>
      )}
      <div className="drill-start__buttons">
        <button type="submit" className="button button--primary" disabled={!ready} data-testid="drill-start-submit">
          Start drill
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DrillCard({ drill, operator, environment, busy, onStarted }: { drill: DrillView; operator: boolean; environment: string; busy: boolean; onStarted: (run: DrillRun) => void }) {
  const [starting, setStarting] = useState(false);
  return (
    <article className="panel drill-card" data-testid={`drill-${drill.id}`}>
      <h3 className="drill-card__title">{drill.label}</h3>
      {drill.description && <p className="muted">{drill.description}</p>}
      <ol className="drill-card__steps">
        {drill.steps.map((step, index) => (
          <li key={index} title={step.summary}>
            {step.name} <span className="muted">— {step.summary}</span>
          </li>
        ))}
      </ol>
      {drill.recovery && (
        <p className="muted" data-testid={`drill-recovery-${drill.id}`}>
          On failure, offers: {drill.recovery.name} ({drill.recovery.summary})
        </p>
      )}
      <p className="muted" data-testid={`drill-last-passed-${drill.id}`}>
        {drill.lastPassed ? `Last passed ${formatDateTime(drill.lastPassed.finishedAt)} (run ${drill.lastPassed.runId})` : 'Never passed here'}
      </p>
      {drill.refusal && (
        <p className="readonly-note" data-testid={`drill-refusal-${drill.id}`}>
          <Icon name="lock" />
          {drill.refusal}
        </p>
      )}
      {operator && drill.allowedHere && !starting && (
        <button type="button" className="button button--primary" disabled={busy} onClick={() => setStarting(true)} data-testid={`drill-run-${drill.id}`}>
          Run drill
        </button>
      )}
      {starting && (
        <StartForm
          drill={drill}
          environment={environment}
          onClose={() => setStarting(false)}
          onStarted={(run) => {
            setStarting(false);
            onStarted(run);
          }}
        />
      )}
    </article>
  );
}

/**
 * A step's state in a word. A step still "pending" when its run is over never ran: after a failure
 * it was "not run", and the recovery of a run that passed was "not needed".
 */
function stepStateWord(step: DrillStepRecord, run: DrillRun): string {
  if (step.state !== 'pending' || isDrillActive(run)) return step.state;
  return step.recovery && run.state === 'passed' ? 'not needed' : 'not run';
}

function stepTiming(step: DrillStepRecord, now: number): string {
  if (step.startedAt === null) return '';
  return formatDuration((step.endedAt ?? now) - step.startedAt);
}

function StepRow({ run, step, operator }: { run: DrillRun; step: DrillStepRecord; operator: boolean }) {
  const client = useClient();
  const log = useAppStore((s) => (step.actionRunId === null ? undefined : s.runLogs[step.actionRunId]));
  const [problem, setProblem] = useState<string | null>(null);
  const waiting = step.state === 'waiting' && isDrillActive(run);
  // A step under way shows its time so far, on the core's clock.
  const now = useServerNow(1000, step.startedAt !== null && step.endedAt === null);
  useEffect(() => {
    // A stored run's output is not in the live logs: load it once when shown.
    if (step.actionRunId === null || log || step.state === 'running') return;
    const runId = step.actionRunId;
    client.call('actions.output', { runId }).then((output) => applyRunOutput(runId, output.text), (error: unknown) => setProblem(message(error)));
  }, [client, step.actionRunId, step.state, log]);
  const answer = (accept: boolean) => {
    client
      .call('drills.confirmStep', { runId: run.id, step: step.index, actor: readOperatorName() || 'operator', accept })
      .then(applyDrillRun, (error: unknown) => setProblem(message(error)));
  };
  return (
    <li className={`drill-step drill-step--${step.state}`} data-testid={`drill-step-${step.index}`} data-state={step.state}>
      <div className="drill-step__head">
        <span className="drill-step__state" data-testid="drill-step-state">
          {stepStateWord(step, run)}
        </span>
        <strong>
          {step.recovery ? 'Recovery: ' : `${step.index + 1}. `}
          {step.name}
        </strong>
        <span className="muted" data-testid="drill-step-timing">
          {stepTiming(step, now)}
        </span>
      </div>
      {step.prompt && <p className="drill-step__prompt">{step.prompt}</p>}
      {step.detail && (
        <p className="drill-step__detail" data-testid="drill-step-detail">
          {step.detail}
        </p>
      )}
      {step.testReport && (
        <p className="drill-step__tests" data-testid="drill-step-tests">
          Tests: {describeReport(step.testReport)}
          {step.testReport.failing.length > 0 && ` — failing: ${step.testReport.failing.map((t) => t.name).join(', ')}`}
        </p>
      )}
      {operator && waiting && (
        <div className="drill-step__buttons">
          <button type="button" className="button button--primary" onClick={() => answer(true)} data-testid="drill-step-confirm">
            {step.recovery ? 'Run recovery' : 'Confirm'}
          </button>
          <button type="button" className="button" onClick={() => answer(false)} data-testid="drill-step-decline">
            Decline
          </button>
        </div>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {step.actionRunId !== null && <LogPane log={log} placeholder="No output yet." />}
    </li>
  );
}

function RunPanel({ run, operator }: { run: DrillRun; operator: boolean }) {
  const client = useClient();
  const [problem, setProblem] = useState<string | null>(null);
  const cancel = () => {
    client.call('drills.cancel', { runId: run.id, actor: readOperatorName() || 'operator' }).then(applyDrillRun, (error: unknown) => setProblem(message(error)));
  };
  return (
    <section className="panel drill-run" data-testid="drill-run" data-state={run.state} aria-label={`Drill run ${run.id}`}>
      <header className="drill-run__head">
        <h3>
          {run.label} <span className="muted">run {run.id}</span>
        </h3>
        <span className={`drill-run__state drill-run__state--${run.state}`} data-testid="drill-run-state">
          {STATE_LABEL[run.state]}
        </span>
        {operator && isDrillActive(run) && (
          <button type="button" className="button" onClick={cancel} data-testid="drill-cancel">
            {run.state === 'recovery_offered' ? 'Decline recovery' : 'Cancel drill'}
          </button>
        )}
      </header>
      <p className="muted">
        Started {formatDateTime(run.startedAt)} by {run.actor} in <code>{run.environment}</code>
        {run.endedAt !== null && `, ended ${formatDateTime(run.endedAt)}`}
      </p>
      {run.verdict && (
        <p className="drill-run__verdict" data-testid="drill-verdict">
          {run.verdict}
        </p>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <ol className="drill-steps">
        {run.steps.map((step) => (
          <StepRow key={step.index} run={run} step={step} operator={operator} />
        ))}
      </ol>
    </section>
  );
}

export function DrillsView() {
  const client = useClient();
  const environment = useAppStore((s) => s.drills.environment);
  const production = useAppStore((s) => s.drills.production);
  const drills = useAppStore((s) => s.drills.drills);
  const runs = useAppStore((s) => s.drills.runs);
  const operator = useAppStore((s) => s.connection.role === 'operator');
  const [openId, setOpenId] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    client.call('drills.list', {}).then(applyDrillsOverview, (error: unknown) => setProblem(message(error)));
  }, [client]);
  if (environment === null) return problem ? <p role="alert">{problem}</p> : <Waiting view="drills" />;
  const shown = shownRun(runs, openId);
  const busy = Object.values(runs).some(isDrillActive);
  const history = Object.values(runs).sort((a, b) => b.id - a.id);
  return (
    <section className="view view--drills" data-testid="view-drills">
      <header className="panel">
        <h2 className="view__title">Drills</h2>
        <p className="muted">
          Run in <code>{environment}</code>
          {production && <strong> (PRODUCTION)</strong>}. A drill runs its steps in order, stops at the first that fails, and is kept as evidence.
        </p>
      </header>
      {drills.length === 0 ? (
        <p className="muted" data-testid="drills-empty">
          warroom.yaml declares no drills: add a <code>drills</code> section (steps: action, fault, wait, load, manual).
        </p>
      ) : (
        <div className="drill-cards">
          {drills.map((drill) => (
            <DrillCard key={drill.id} drill={drill} operator={operator} environment={environment} busy={busy} onStarted={(run) => setOpenId(run.id)} />
          ))}
        </div>
      )}
      {shown && <RunPanel run={shown} operator={operator} />}
      {history.length > 0 && (
        <section className="panel" aria-labelledby="drill-history-title">
          <h3 className="section-title" id="drill-history-title">
            Recorded runs
          </h3>
          <ul className="drill-history" data-testid="drill-history">
            {history.map((run) => (
              <li key={run.id}>
                <button type="button" className="link-button" onClick={() => setOpenId(run.id)} data-testid={`drill-history-${run.id}`}>
                  {formatDateTime(run.startedAt)} — {run.label}: {STATE_LABEL[run.state]}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
