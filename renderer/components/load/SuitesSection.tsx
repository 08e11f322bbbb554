/**
 * Load suites in the Load view: each configured suite with Run (operators), the suite run going
 * on with one progress bar and its ETA, a verdict per test and for the suite, Cancel, and recent
 * suite runs (an interrupted one can be resumed from the test it was on). The current test's
 * live charts are the run panel's. Under it, the shown run against its profile's baseline, with
 * "Mark as baseline" for a passed run.
 */
import { useEffect, useState } from 'react';
import type { LoadBaselineComparison, LoadSuiteRun } from '../../../shared/domain/load-suites.js';
import { formatDuration } from '../../../shared/format/durations.js';
import { suiteProgress } from '../../../shared/format/load-suite.js';
import { useClient } from '../../api/client-context.js';
import { useOperatorName } from '../../lib/operator-name.js';
import { openLoadRun } from '../../stores/load-actions.js';
import { useAppStore } from '../../stores/store.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { downloadFile } from './download.js';

function useCall(): { busy: boolean; problem: CallProblem | null; run(control: string, what: string, call: () => Promise<unknown>): void } {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  return {
    busy,
    problem,
    run(control, what, call) {
      setBusy(true);
      setProblem(null);
      call()
        .catch((error: unknown) => setProblem({ control, ...describeCallError(what, error) }))
        .finally(() => setBusy(false));
    },
  };
}

/** Opens a failed test's run at its failed thresholds, where an exception is accepted. */
function reviewExceptions(runId: number) {
  openLoadRun(runId);
  requestAnimationFrame(() => document.querySelector('[data-testid="load-exceptions"]')?.scrollIntoView?.({ block: 'center', behavior: 'smooth' }));
}

function SuiteRunCard({ run, operator }: { run: LoadSuiteRun; operator: boolean }) {
  const client = useClient();
  const name = useOperatorName();
  const call = useCall();
  const currentId = run.members.find((m) => m.run?.state === 'running')?.run?.id ?? null;
  // A number, so the selector's answer compares equal between ticks of nothing new.
  const elapsedMs = useAppStore((s) => (currentId === null ? null : (s.loadSeries[currentId]?.latest?.elapsedMs ?? null)));
  const progress = suiteProgress(run, currentId !== null && elapsedMs !== null ? { runId: currentId, elapsedMs } : null);
  const percent = Math.round(progress.fraction * 100);
  return (
    <article className="panel load-suite-run" data-testid={`suite-run-${run.id}`} data-state={run.state} data-verdict={run.verdict.verdict}>
      <header className="load-suite-run__head">
        <h4>
          {run.title} <span className="muted">suite run #{run.id}</span>
        </h4>
        <strong className={`load-state load-state--${run.verdict.verdict === 'passed' ? 'passed' : run.verdict.verdict === 'failed' ? 'failed' : run.verdict.verdict === 'running' ? 'running' : 'interrupted'}`} data-testid="suite-verdict">
          {run.verdict.line}
        </strong>
      </header>
      {run.state === 'running' && (
        <div className="load-suite-run__progress" data-testid="suite-progress">
          <span className="load-suite-run__progress-line">
            {percent} % · test {progress.current ?? '–'} of {progress.total} · ETA {formatDuration(progress.remainingMs)}
          </span>
          <div className="progress load-suite-run__track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={`Suite progress ${percent} %`}>
            <div className="progress__bar" style={{ width: `${percent}%` }} />
          </div>
        </div>
      )}
      <ol className="load-suite-run__tests">
        {run.members.map((member) => (
          <li key={member.position} data-testid={`suite-test-${member.profile}`} data-verdict={member.verdict?.verdict ?? 'not-run'}>
            <span className="load-suite-run__profile">{member.profile}</span> <span className="muted">({formatDuration(member.plannedMs)})</span>{' '}
            {member.run ? (
              <button type="button" className="link" onClick={() => openLoadRun(member.run!.id)}>
                #{member.run.id}: {member.verdict?.line ?? member.run.state}
              </button>
            ) : (
              <span className="muted">not run</span>
            )}
            {operator && member.run?.state === 'failed' && member.verdict?.verdict === 'failed' && (
              <button type="button" className="button button--small load-suite-run__accept" data-testid="suite-test-accept" onClick={() => reviewExceptions(member.run!.id)}>
                Accept with exception…
              </button>
            )}
          </li>
        ))}
      </ol>
      {run.state !== 'running' && (
        <div className="load-suite-run__actions">
          <button
            type="button"
            className="button button--small"
            data-testid="suite-report"
            disabled={call.busy}
            title="One self-contained HTML file: the suite's verdict and each test's whole report"
            onClick={() => call.run('report', 'The suite report', () => client.call('load.suiteReport', { suiteRunId: run.id }).then(({ files }) => files.forEach((file) => downloadFile(file))))}
          >
            <Icon name="follow" />
            Suite report (HTML)
          </button>
          <CallError problem={call.problem} controls={['report']} testId="suite-report-error" />
        </div>
      )}
      {operator && (run.state === 'running' || run.state === 'interrupted') && (
        <div className="load-suite-run__actions">
          {run.state === 'running' ? (
            <button type="button" className="button" data-testid="suite-cancel" disabled={call.busy} onClick={() => call.run('cancel', 'Cancelling the suite', () => client.call('load.cancelSuite', { suiteRunId: run.id, actor: name }))}>
              Cancel suite
            </button>
          ) : (
            <button type="button" className="button button--primary" data-testid="suite-resume" disabled={call.busy || name === ''} onClick={() => call.run('resume', 'Resuming the suite', () => client.call('load.resumeSuite', { suiteRunId: run.id, actor: name }))}>
              Resume from {run.stoppedOn ?? 'where it stopped'}
            </button>
          )}
          <CallError problem={call.problem} controls={['cancel', 'resume']} testId="suite-action-error" />
        </div>
      )}
    </article>
  );
}

export function SuitesSection({ operator }: { operator: boolean }) {
  const overview = useAppStore((s) => s.loadSuites);
  const client = useClient();
  const name = useOperatorName();
  const call = useCall();
  if (!overview || (overview.suites.length === 0 && overview.runs.length === 0)) return null;
  const busy = overview.active !== null;
  return (
    <section className="panel load-suites" data-testid="load-suites" aria-labelledby="load-suites-title">
      <h3 id="load-suites-title">Suites</h3>
      <ul className="load-suites__list">
        {overview.suites.map((suite) => (
          <li key={suite.id} data-testid={`suite-${suite.id}`}>
            <strong>{suite.title}</strong> <span className="muted">{suite.profiles.join(' → ')} · {formatDuration(suite.plannedMs)} · {suite.onFailure === 'stop' ? 'stops on failure' : 'continues on failure'}</span>
            {operator && (
              <button
                type="button"
                className="button button--primary button--small"
                data-testid={`suite-start-${suite.id}`}
                disabled={busy || call.busy || name === ''}
                title={name === '' ? 'Enter your name at the top of the view first' : `Run ${suite.title}`}
                onClick={() => call.run(`start-${suite.id}`, `Starting ${suite.title}`, () => client.call('load.startSuite', { suite: suite.id, actor: name }).then(() => openLoadRun(null)))}
              >
                Run suite
              </button>
            )}
          </li>
        ))}
      </ul>
      <CallError problem={call.problem} controls={overview.suites.map((s) => `start-${s.id}`)} testId="suite-start-error" />
      {overview.runs.slice(0, 3).map((run) => (
        <SuiteRunCard key={run.id} run={run} operator={operator} />
      ))}
    </section>
  );
}

/** The shown run against its profile's baseline, and Mark as baseline for a passed run. */
export function BaselineBox({ runId, operator }: { runId: number; operator: boolean }) {
  const client = useClient();
  const name = useOperatorName();
  const run = useAppStore((s) => s.load.runs[runId]);
  const baselineRunId = useAppStore((s) => s.loadSuites?.baselines.find((b) => b.profile === run?.profile)?.runId ?? null);
  const [answer, setAnswer] = useState<LoadBaselineComparison | null>(null);
  const call = useCall();
  const ended = run !== undefined && run.state !== 'running';
  useEffect(() => {
    if (!ended) return;
    let live = true;
    client.call('load.baselineComparison', { runId }).then((a) => live && setAnswer(a), () => live && setAnswer(null));
    return () => {
      live = false;
    };
  }, [client, runId, ended, baselineRunId]);
  if (!run || !ended) return null;
  const regressions = answer?.regressions ?? [];
  return (
    <section className="panel load-baseline" data-testid="load-baseline" data-regressions={regressions.length}>
      <h3>Against the baseline</h3>
      {baselineRunId === runId ? (
        <p data-testid="load-baseline-this">This run is the baseline of {run.profile}.</p>
      ) : answer?.comparison ? (
        <>
          <p data-testid="load-baseline-summary">
            Compared with baseline run #{answer.baseline!.runId}: {regressions.length === 0 ? 'no regression' : `${regressions.length} regression${regressions.length === 1 ? '' : 's'}`}
          </p>
          <table className="table load-baseline__table" data-testid="load-baseline-table">
            <thead>
              <tr><th>Endpoint</th><th>p50</th><th>p95</th><th>p99</th><th>RPS</th><th>Errors</th><th>Regression</th></tr>
            </thead>
            <tbody>
              {[answer.comparison.total, ...answer.comparison.endpoints].map((row) => (
                <tr key={row.endpoint} className={row.regression ? 'row--bad' : ''}>
                  <td>{row.endpoint}</td>
                  <td>{pct(row.p50ChangePct)}</td>
                  <td>{pct(row.p95ChangePct)}</td>
                  <td>{pct(row.p99ChangePct)}</td>
                  <td>{pct(row.rpsChangePct)}</td>
                  <td>{row.errorRateChange === null ? '—' : `${row.errorRateChange >= 0 ? '+' : '−'}${Math.abs(row.errorRateChange * 100).toFixed(2)} pt`}</td>
                  <td>{row.regression ? `✗ ${row.reasons.join(', ')}` : '✓'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="muted">{run.profile} has no baseline yet.</p>
      )}
      {operator && run.state === 'passed' && baselineRunId !== runId && (
        <button type="button" className="button" data-testid="load-mark-baseline" disabled={call.busy || name === ''} onClick={() => call.run('baseline', 'Marking the baseline', () => client.call('load.markBaseline', { runId, actor: name }))}>
          Mark as baseline of {run.profile}
        </button>
      )}
      <CallError problem={call.problem} controls={['baseline']} testId="load-baseline-error" />
    </section>
  );
}

const pct = (value: number | null) => (value === null ? '—' : `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)} %`);
