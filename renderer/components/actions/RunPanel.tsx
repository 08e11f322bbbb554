/**
 * One run in full: its state (colour, icon, word), who asked and who approved, how long it has
 * run, why it ended, Cancel while it runs, the approval a production run may wait for, its output,
 * and after verification the services' health before and after with the verdict.
 */
import { useEffect, useRef, useState } from 'react';
import type { ActionRun } from '../../../shared/domain/actions.js';
import { useClient } from '../../api/client-context.js';
import { readOperatorName, useOperatorName } from '../../lib/operator-name.js';
import { formatClock, formatDateTime } from '../../lib/time.js';
import { useServerNow } from '../../lib/use-now.js';
import { applyRunAnswer, applyRunOutput } from '../../stores/store-updates.js';
import { isFinal } from '../../stores/slices/actions.js';
import { LOG_CAP_CHARS } from '../../stores/slices/run-logs.js';
import { useAppStore } from '../../stores/store.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { paramsSummary } from './action-params.js';
import { HealthBeforeAfter } from './HealthBeforeAfter.js';
import { LogPane } from './LogPane.js';
import { exitSummary, recoveredNote, runDurationMs } from './run-format.js';
import { RunStateMark } from './RunStateMark.js';
import { formatBytes } from '../../../shared/format/numbers.js';
import { formatCompactDuration } from '../../../shared/format/durations.js';

/** Loads the output when this screen lacks it (an older run, a late join, a reconnect); live events continue it. */
function useRunOutput(run: ActionRun): { error: string | null; retry: () => void } {
  const client = useClient();
  const log = useAppStore((s) => s.runLogs[run.id]);
  const final = isFinal(run.state);
  const needs = run.state !== 'awaiting_approval' && (!log || log.partial);
  const [error, setError] = useState<{ runId: number; message: string } | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!needs) return;
    let live = true;
    client
      .call('actions.output', { runId: run.id })
      .then((answer) => {
        if (!live) return;
        setError(null);
        applyRunOutput(run.id, answer.text);
      })
      .catch((caught: unknown) => {
        if (!live) return;
        const problem = describeCallError('Loading the output', caught);
        setError({ runId: run.id, message: [problem.title, ...problem.details].join(': ') });
      });
    return () => {
      live = false;
    };
  }, [client, run.id, needs, final, attempt]);
  return { error: error?.runId === run.id ? error.message : null, retry: () => setAttempt((n) => n + 1) };
}

function Elapsed({ run }: { run: ActionRun }) {
  const now = useServerNow(1000, run.state === 'running');
  const ms = runDurationMs(run, now);
  if (ms === null) {
    return (
      <span data-testid="run-elapsed" title={formatDateTime(run.requestedAt)}>
        requested {formatCompactDuration(Math.max(0, now - run.requestedAt))} ago
      </span>
    );
  }
  return (
    <span data-testid="run-elapsed" data-ms={ms}>
      {run.state === 'running' ? 'running for ' : 'took '}
      {formatCompactDuration(ms)}
    </span>
  );
}

function ApprovalBox({ run, operator }: { run: ActionRun; operator: boolean }) {
  const client = useClient();
  const [approver, setApprover] = useState(() => {
    const name = readOperatorName();
    return name.toLowerCase() === run.actor.trim().toLowerCase() ? '' : name;
  });
  const name = useOperatorName();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const inFlight = useRef(false);

  const call = async (control: 'approve' | 'cancel') => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(control);
    setProblem(null);
    try {
      const answer =
        control === 'approve'
          ? await client.call('actions.approve', { runId: run.id, approver: approver.trim() })
          : await client.call('actions.cancel', { runId: run.id, actor: name });
      applyRunAnswer(answer);
    } catch (error) {
      setProblem({ control, ...describeCallError(control === 'approve' ? 'Approval' : 'Cancel', error) });
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  };

  return (
    <div className="approval" data-testid={`approval-${run.id}`}>
      <p className="approval__title">
        <Icon name="hourglass" />
        Waiting for a second operator: <strong>{run.actor}</strong> asked at {formatClock(run.requestedAt)}; it starts once someone else approves.
      </p>
      {operator && (
        <form
          className="approval__form"
          onSubmit={(e) => {
            e.preventDefault();
            void call('approve');
          }}
        >
          <label className="field approval__name">
            <span className="field__label">Approver (not {run.actor})</span>
            <input className="input" value={approver} maxLength={60} onChange={(e) => setApprover(e.target.value)} data-testid={`approver-${run.id}`} />
          </label>
          <button type="submit" className="button button--primary" disabled={busy !== null || approver.trim() === ''} data-testid={`approve-${run.id}`}>
            <Icon name="check" />
            {busy === 'approve' ? 'Approving…' : 'Approve and start'}
          </button>
          <button type="button" className="button" disabled={busy !== null || name === ''} onClick={() => void call('cancel')} data-testid={`approval-cancel-${run.id}`}>
            <Icon name="stop" />
            {busy === 'cancel' ? 'Cancelling…' : 'Cancel request'}
          </button>
        </form>
      )}
      <CallError problem={problem} controls={['approve', 'cancel']} testId={`approve-error-${run.id}`} />
    </div>
  );
}

function CancelButton({ run }: { run: ActionRun }) {
  const client = useClient();
  const name = useOperatorName();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const cancel = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      applyRunAnswer(await client.call('actions.cancel', { runId: run.id, actor: name }));
    } catch (error) {
      setProblem({ control: 'cancel', ...describeCallError('Cancel', error) });
      setBusy(false);
    }
  };
  return (
    <div className="run-panel__cancel">
      <button
        type="button"
        className="button button--danger"
        disabled={busy || name === ''}
        title={name === '' ? 'Enter your name at the top of the view first' : 'Ends the whole process tree: TERM, then KILL after a grace period'}
        onClick={() => void cancel()}
        data-testid="run-cancel"
      >
        <Icon name="stop" />
        {busy ? 'Cancelling…' : 'Cancel run'}
      </button>
      <CallError problem={problem} controls={['cancel']} testId="run-cancel-error" />
    </div>
  );
}

export function RunPanel({ run, operator }: { run: ActionRun; operator: boolean }) {
  const action = useAppStore((s) => s.actions.actions.find((a) => a.id === run.actionId));
  const log = useAppStore((s) => s.runLogs[run.id]);
  const output = useRunOutput(run);
  const params = paramsSummary(action, run.params);
  const exit = exitSummary(run);
  const recovered = recoveredNote(run);
  const loading = run.state !== 'awaiting_approval' && (!log || log.partial) && output.error === null;

  return (
    <section className="panel run-panel" id={`run-${run.id}`} data-testid="run-panel" data-run-id={run.id} data-state={run.state} aria-labelledby={`run-title-${run.id}`}>
      <header className="run-panel__head">
        <h3 className="run-panel__title" id={`run-title-${run.id}`}>
          {action?.label ?? run.actionId} <span className="muted">#{run.id}</span>
          {run.dryRun && <span className="chip chip--warn">dry run</span>}
        </h3>
        <RunStateMark state={run.state} size="lg" testId="run-state" />
      </header>
      <dl className="facts run-panel__facts">
        <div className="facts__item">
          <dt>Requested by</dt>
          <dd>
            <strong>{run.actor}</strong> at <span title={formatDateTime(run.requestedAt)}>{formatClock(run.requestedAt)}</span>
          </dd>
        </div>
        {run.approvedBy && (
          <div className="facts__item">
            <dt>Approved by</dt>
            <dd data-testid="run-approved-by">
              <strong>{run.approvedBy}</strong>
              {run.approvedAt !== null && <> at {formatClock(run.approvedAt)}</>}
            </dd>
          </div>
        )}
        {params && (
          <div className="facts__item">
            <dt>Parameters</dt>
            <dd>{params}</dd>
          </div>
        )}
        <div className="facts__item">
          <dt>Time</dt>
          <dd>
            <Elapsed run={run} />
          </dd>
        </div>
        {exit && (
          <div className="facts__item">
            <dt>Ended with</dt>
            <dd data-testid="run-exit">{exit}</dd>
          </div>
        )}
      </dl>
      {run.reason && (
        <p className={`run-panel__reason${run.state === 'succeeded' ? '' : ' run-panel__reason--bad'}`} data-testid="run-reason">
          {run.reason}
        </p>
      )}
      {recovered && (
        <p className="notice notice--warn" data-testid="run-recovered">
          <Icon name="warning" />
          {recovered}: its output since then is not shown, and its exit code will be unknown.
        </p>
      )}
      {run.state === 'awaiting_approval' && <ApprovalBox run={run} operator={operator} />}
      {run.state === 'running' && operator && <CancelButton run={run} />}
      {run.state !== 'awaiting_approval' && (
        <>
          {run.outputTruncated && (
            <p className="notice notice--warn log-notice" data-testid="log-truncated">
              <Icon name="warning" />
              Output truncated: the script printed {formatBytes(run.outputBytes)}; the stored copy was cut at its limit and ends with a marker.
            </p>
          )}
          {log && log.droppedChars > 0 && (
            <p className="notice log-notice" data-testid="log-dropped">
              <Icon name="warning" />
              Showing the newest {formatBytes(LOG_CAP_CHARS)} of output; {formatBytes(log.droppedChars)} before it are not kept on this screen.
            </p>
          )}
          {output.error && (
            <div className="form-error form-error--compact" role="alert" data-testid="run-output-error">
              <Icon name="cross" />
              <div>
                {output.error}{' '}
                <button type="button" className="button button--small" onClick={output.retry}>
                  Try again
                </button>
              </div>
            </div>
          )}
          <LogPane log={log} placeholder={loading ? 'Loading output…' : run.state === 'running' ? 'No output yet.' : 'No output.'} />
        </>
      )}
      {(run.healthBefore || run.healthAfter) && <HealthBeforeAfter run={run} />}
    </section>
  );
}
