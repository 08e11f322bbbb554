/**
 * One load run in full. While it runs: progress with time left, the last second's big numbers,
 * Stop, live charts, live threshold verdicts and the per-endpoint table. Once it ended: its verdict
 * and what decided it, the whole-run figures, the same charts and tables, and report downloads.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { LoadHeadline, LoadProfileView, LoadRunRecord } from '../../../shared/domain/load-runs.js';
import { useClient } from '../../api/client-context.js';
import { useOperatorName } from '../../lib/operator-name.js';
import { formatClock, formatDateTime } from '../../lib/time.js';
import { applyLoadDetail, applyLoadRunAnswer } from '../../stores/load-actions.js';
import { useAppStore } from '../../stores/store.js';
import type { AppState } from '../../stores/store.js';
import { BigNumber } from '../common/BigNumber.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import type { Status } from '../common/StatusMark.js';
import { EndpointTable } from './EndpointTable.js';
import { budgetsOf, LATENCY_COLORS, LoadRunChart } from '../charts/LoadRunChart.js';
import { describeOutcome, errorShare, LOAD_STATE_ICONS } from './load-format.js';
import { RunVerdictMark } from './RunVerdictMark.js';
import { ReportButtons } from './ReportButtons.js';
import { RunResources } from '../monitoring/RunResources.js';
import { ThresholdList } from './ThresholdList.js';
import { formatInt, formatMs, formatPercent, formatRate } from '../../../shared/format/numbers.js';
import { formatDuration } from '../../../shared/format/durations.js';
import { LOAD_STATE_WORDS } from '../../../shared/format/load.js';

const selectLatest = (runId: number) => (s: AppState) => s.loadSeries[runId]?.latest ?? null;

/** The colour and shape of a big number from the core's verdict on the matching whole-run threshold. */
function verdictStatus(verdicts: readonly { expression: string; endpoint?: string | undefined; passed: boolean; actual: number | null }[] | undefined, metric: RegExp): Status | undefined {
  const verdict = verdicts?.find((v) => v.endpoint === undefined && metric.test(v.expression));
  if (!verdict || verdict.actual === null) return undefined;
  return verdict.passed ? 'ok' : 'down';
}

const P95 = /^\s*p\(95\)/;
const ERROR_RATE = /^\s*rate\(errors\)/;

/** Loads the series of a run this screen has none of (an ended run, after a reload or from the history). */
function useRunSeries(runId: number): { error: string | null; retry: () => void } {
  const client = useClient();
  const needs = useAppStore((s) => !(runId in s.loadSeries));
  const [error, setError] = useState<{ runId: number; message: string } | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!needs) return;
    let live = true;
    client
      .call('load.getRun', { runId })
      .then((detail) => {
        if (!live) return;
        setError(null);
        applyLoadDetail(detail);
      })
      .catch((caught: unknown) => {
        if (!live) return;
        const problem = describeCallError(`Loading run ${runId}`, caught);
        setError({ runId, message: [problem.title, ...problem.details].join(': ') });
      });
    return () => {
      live = false;
    };
  }, [client, runId, needs, attempt]);
  return { error: error?.runId === runId ? error.message : null, retry: () => setAttempt((n) => n + 1) };
}

function StopButton({ run }: { run: LoadRunRecord }) {
  const client = useClient();
  const name = useOperatorName();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const inFlight = useRef(false);
  const stop = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setProblem(null);
    try {
      // The answer is the record still running; load.changed tells when it ended.
      applyLoadRunAnswer(await client.call('load.stop', { runId: run.id, actor: name }));
    } catch (error) {
      setProblem({ control: 'stop', ...describeCallError('Stop', error) });
      setBusy(false);
    } finally {
      inFlight.current = false;
    }
  };
  return (
    <div className="load-stop">
      <button
        type="button"
        className="button button--danger load-stop__button"
        disabled={busy || name === ''}
        title={name === '' ? 'Enter your name at the top of the view first' : 'Ends the test now: it ends "aborted", with everything measured so far kept'}
        onClick={() => void stop()}
        data-testid="load-stop"
      >
        <Icon name="stop" />
        {busy ? 'Stopping…' : 'Stop test'}
      </button>
      <CallError problem={problem} controls={['stop']} testId="load-stop-error" />
    </div>
  );
}

/** A running test whose figures stopped coming says so: the last ones may no longer be true. */
function StaleMark() {
  const stale = useAppStore((s) => s.connection.stale);
  const lastEventAt = useAppStore((s) => s.connection.lastEventAt);
  if (!stale) return null;
  return (
    <span className="chip chip--warn load-run__stale" data-testid="load-stale">
      <Icon name="pause" />
      No news since {lastEventAt === null ? 'the start' : formatClock(lastEventAt)}: figures may be stale
    </span>
  );
}

function Progress({ run }: { run: LoadRunRecord }) {
  const latest = useAppStore(selectLatest(run.id));
  const elapsedMs = latest?.elapsedMs ?? 0;
  const planned = Math.max(1, run.plannedMs);
  const percent = Math.min(100, Math.round((elapsedMs / planned) * 100));
  const leftMs = run.plannedMs - elapsedMs;
  return (
    <div className="load-progress" data-testid="load-progress" data-percent={percent} data-elapsed-ms={elapsedMs}>
      <div className="load-progress__line">
        <span className="load-progress__elapsed">
          <strong>{formatDuration(elapsedMs)}</strong> <span className="muted">of {formatDuration(run.plannedMs)}</span>
        </span>
        <strong className="load-progress__percent">{percent} %</strong>
        <span className="load-progress__left" data-testid="load-time-left">
          {leftMs > 0 ? (
            <>
              <strong>{formatDuration(leftMs)}</strong> <span className="muted">left</span>
            </>
          ) : (
            <span className="muted">finishing: requests in flight get the graceful stop</span>
          )}
        </span>
      </div>
      <div className="progress load-progress__track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={`Load test ${run.profile}`}>
        <div className="progress__bar" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

/** The last second's figures, big: read from across the room. */
function LiveNumbers({ run }: { run: LoadRunRecord }) {
  const latest = useAppStore(selectLatest(run.id));
  const total = latest?.total;
  const share = total ? errorShare(total.errorCount, total.requests) : null;
  const users = run.model === 'closed' ? 'users' : 'in progress';
  const running = run.state === 'running';
  return (
    <>
      <p className="load-numbers__caption muted" data-testid="load-numbers-caption">
        {!latest
          ? 'Waiting for the first second of measurements…'
          : running
            ? `Last second — second ${latest.second} of the run`
            : `No whole-run summary (the run did not end normally): these are its last stored second, ${latest.second}`}
      </p>
      <div className="bignums load-numbers" data-testid="load-numbers" data-second={latest?.second ?? 0}>
        <BigNumber testId="load-rps" value={total ? formatRate(total.rps) : '—'} label="req/s" />
        <BigNumber testId="load-p95" value={total ? formatMs(total.p95Ms) : '—'} label="p95 ms" status={verdictStatus(latest?.thresholds, P95)} />
        <BigNumber
          testId="load-error-rate"
          value={share === null ? '—' : formatPercent(share)}
          label="errors"
          status={verdictStatus(latest?.thresholds, ERROR_RATE)}
        />
        <BigNumber testId="load-users" value={latest ? formatInt(latest.activeUsers) : '—'} label={latest && run.model === 'closed' ? `${users} of ${formatInt(latest.target)}` : users} />
      </div>
    </>
  );
}

/**
 * The whole run's figures from its summary; a run that ended without one shows its approximate
 * headline (from its stored seconds), and one with no stored second its last tick, if any.
 */
function SummaryNumbers({ run }: { run: LoadRunRecord }) {
  const summary = run.summary;
  if (!summary) return run.state !== 'running' && run.headline ? <ApproximateNumbers headline={run.headline} /> : <LiveNumbers run={run} />;
  const total = summary.total;
  return (
    <div className="bignums load-numbers" data-testid="load-numbers">
      <BigNumber testId="load-requests" value={formatInt(total.requests)} label="requests" />
      <BigNumber testId="load-rps" value={formatRate(total.rps)} label="req/s average" />
      <BigNumber testId="load-p95" value={formatMs(total.p95Ms)} label="p95 ms" status={verdictStatus(summary.thresholds, P95)} />
      <BigNumber testId="load-error-rate" value={formatPercent(total.errorRate)} label="errors" status={verdictStatus(summary.thresholds, ERROR_RATE)} />
    </div>
  );
}

/** A run without a summary: counts exact, each percentile the worst second's (an upper bound). */
function ApproximateNumbers({ headline }: { headline: LoadHeadline }) {
  return (
    <>
      <p className="load-numbers__caption muted" data-testid="load-numbers-caption">
        Approximate: the run did not end normally, so there is no whole-run summary. Requests and errors are exact; p95 is its worst
        second&apos;s, an upper bound.
      </p>
      <div className="bignums load-numbers" data-testid="load-numbers" data-approximate="true">
        <BigNumber testId="load-requests" value={formatInt(headline.requests)} label="requests" />
        <BigNumber testId="load-rps" value={formatRate(headline.rps)} label="req/s average" />
        <BigNumber testId="load-p95" value={`≤ ${formatMs(headline.p95Ms)}`} label="p95 ms (worst second)" />
        <BigNumber testId="load-error-rate" value={formatPercent(headline.errorRate)} label="errors" />
      </div>
    </>
  );
}

function Verdict({ run }: { run: LoadRunRecord }) {
  const { decided, why } = describeOutcome(run);
  // The core's verdict with documented exceptions counted (the run itself stays failed).
  const excused = useAppStore((s) => {
    const verdict = s.loadSuites?.verdicts[String(run.id)];
    return verdict && verdict.exceptions > 0 ? verdict.line : null;
  });
  const ranMs = run.summary?.durationMs ?? (run.endedAt !== null ? run.endedAt - run.startedAt : null);
  return (
    <div className={`load-verdict load-verdict--${run.state}`} data-testid="load-verdict" data-outcome={run.state} role="status">
      <span className="load-verdict__mark">
        <Icon name={LOAD_STATE_ICONS[run.state]} />
        <strong className="load-verdict__word">{LOAD_STATE_WORDS[run.state]}</strong>
      </span>
      <div className="load-verdict__text">
        <span className="sr-only">: </span>
        <p className="load-verdict__decided" data-testid="load-decided">
          {decided}
        </p>
        {excused && (
          <p className="load-verdict__excused" data-testid="load-verdict-excused">
            <Icon name="flag" />
            Counts as {excused}: see the failed thresholds below.
          </p>
        )}
        <p className="load-verdict__why muted">
          {why && <>{why} </>}
          {ranMs !== null && (
            <>
              Ran {formatDuration(ranMs)} of {formatDuration(run.plannedMs)} planned
              {run.endedAt !== null && <>, ended at {formatClock(run.endedAt)}</>}.
            </>
          )}
        </p>
      </div>
    </div>
  );
}

function ChartBox({ title, children, legend }: { title: string; children: ReactNode; legend?: ReactNode }) {
  return (
    <figure className="load-chart">
      <figcaption className="load-chart__head">
        <span className="load-chart__title">{title}</span>
        {legend}
      </figcaption>
      {children}
    </figure>
  );
}

const LATENCY_LEGEND = (
  <span className="load-legend">
    {(Object.entries(LATENCY_COLORS) as [string, string][]).map(([label]) => (
      <span key={label} className={`load-legend__item load-legend__item--${label}`}>
        {label}
      </span>
    ))}
  </span>
);

function Charts({ run, profile }: { run: LoadRunRecord; profile: LoadProfileView | undefined }) {
  const running = run.state === 'running';
  const declared = run.summary ? run.summary.thresholds.filter((t) => t.endpoint === undefined).map((t) => t.expression) : (profile?.thresholds ?? []);
  const key = declared.join('\n');
  const budgets = useMemo(() => budgetsOf(key.split('\n')), [key]);
  const xMax = running ? Math.ceil(run.plannedMs / 1000) : null;
  return (
    <div className="load-charts" data-testid="load-charts">
      <ChartBox title="Requests per second">
        <LoadRunChart runId={run.id} kind="rps" label="Requests per second, each second of the run" xMaxSeconds={xMax} />
      </ChartBox>
      <ChartBox title="Latency, ms" legend={LATENCY_LEGEND}>
        <LoadRunChart runId={run.id} kind="latency" label="Latency p50, p90, p95 and p99 in ms, each second, with the p95 budget" xMaxSeconds={xMax} budgets={budgets} />
      </ChartBox>
      <ChartBox title={run.model === 'closed' ? 'Active users' : 'Iterations in progress'}>
        <LoadRunChart runId={run.id} kind="users" label="Active virtual users, each second" xMaxSeconds={xMax} />
      </ChartBox>
      <ChartBox title="Errors per second">
        <LoadRunChart runId={run.id} kind="errors" label="Failed requests per second" xMaxSeconds={xMax} />
      </ChartBox>
    </div>
  );
}

function Details({ run, profile }: { run: LoadRunRecord; profile: LoadProfileView | undefined }) {
  const latest = useAppStore(selectLatest(run.id));
  const summary = run.summary;
  if (summary) {
    return (
      <div className="load-details">
        <ThresholdList verdicts={summary.thresholds} declared={[]} caption="over the whole run" />
        <EndpointTable total={{ endpoint: 'total', ...summary.total }} endpoints={summary.endpoints} caption="whole run" />
      </div>
    );
  }
  const running = run.state === 'running';
  return (
    <div className="load-details">
      <ThresholdList
        verdicts={latest?.thresholds ?? null}
        declared={running ? (profile?.thresholds ?? []) : []}
        caption={latest ? `live, over everything until second ${latest.second}` : 'waiting for the first second'}
      />
      <EndpointTable
        total={latest ? { endpoint: 'total', ...latest.total } : null}
        endpoints={latest?.endpoints ?? []}
        caption={latest ? `second ${latest.second}${running ? ' (the last one)' : ', the last one stored'}` : 'waiting for the first second'}
      />
    </div>
  );
}

const ENGINE_NAMES = { builtin: 'Warroom', locust: 'Locust', k6: 'k6' } as const;

/** Another engine's run: the command for workers on other machines, what to know about its figures, its files. */
function EngineDetail({ run }: { run: LoadRunRecord }) {
  const detail = run.engineDetail;
  if (!detail) return null;
  return (
    <div className="load-engine" data-testid="load-engine-detail">
      {detail.workerCommand && (
        <p className="load-engine__workers">
          <span className="muted">
            {detail.workers} worker{detail.workers === 1 ? '' : 's'} expected. On another machine, start one with{' '}
          </span>
          <code data-testid="load-worker-command">{detail.workerCommand}</code>
        </p>
      )}
      <ul className="load-engine__notes muted">
        {detail.notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
        {detail.source === 'import' && (
          <li>
            Imported from{' '}
            {detail.files.map((file) => (
              <code key={file}>{file} </code>
            ))}
          </li>
        )}
      </ul>
    </div>
  );
}

export function LoadRunPanel({ runId, operator, opened }: { runId: number; operator: boolean; opened: boolean }) {
  const run = useAppStore((s) => s.load.runs[runId]);
  const profile = useAppStore((s) => s.load.profiles.find((p) => p.id === run?.profile));
  const environment = useAppStore((s) => s.config?.environments.find((env) => env.id === run?.environment));
  const series = useRunSeries(runId);
  if (!run) return null;
  const running = run.state === 'running';
  return (
    <section
      className={`panel load-run load-run--${run.state}`}
      id="load-run-panel"
      data-testid={running ? 'load-live' : 'load-result'}
      data-run-id={run.id}
      data-state={run.state}
      aria-labelledby="load-run-title"
    >
      <header className="load-run__head">
        <div className="load-run__title-line">
          <h3 className="load-run__title" id="load-run-title">
            <span className="load-run__kicker">{running ? 'Running now' : opened ? 'Run' : 'Last run'}</span>
            {run.profile} <span className="muted">#{run.id}</span>
          </h3>
          <RunVerdictMark run={run} size="lg" testId="load-run-state" />
          {running && <StaleMark />}
        </div>
        {running && operator && <StopButton run={run} />}
      </header>
      <dl className="facts load-run__facts">
        <div className="facts__item">
          <dt>Started by</dt>
          <dd>
            <strong>{run.actor}</strong> at <span title={formatDateTime(run.startedAt)}>{formatClock(run.startedAt)}</span>
          </dd>
        </div>
        <div className="facts__item">
          <dt>Target</dt>
          <dd>
            <code>{run.baseUrl}</code>
          </dd>
        </div>
        <div className="facts__item">
          <dt>Environment</dt>
          <dd>{environment?.label ?? run.environment}</dd>
        </div>
        <div className="facts__item">
          <dt>Model</dt>
          <dd>
            {run.model === 'closed' ? 'closed · virtual users' : 'open · arrival rate'}
            {profile && <span className="muted"> · peak {profile.model === 'closed' ? `${formatInt(profile.peak)} users` : `${formatRate(profile.peak)}/s`}</span>}
          </dd>
        </div>
        <div className="facts__item">
          <dt>{run.engine === 'builtin' ? 'Scenario' : run.engine === 'locust' ? 'Locustfile' : 'Summary'}</dt>
          <dd>{run.scenario}</dd>
        </div>
        <div className="facts__item">
          <dt>Engine</dt>
          <dd data-testid="load-run-engine">
            {ENGINE_NAMES[run.engine]}
            {run.engineDetail && <span className="muted"> · {run.engineDetail.source === 'import' ? 'imported' : 'run by Warroom'}</span>}
          </dd>
        </div>
      </dl>
      <EngineDetail run={run} />
      {running ? <Progress run={run} /> : <Verdict run={run} />}
      {running ? <LiveNumbers run={run} /> : <SummaryNumbers run={run} />}
      {series.error && (
        <p className="form-error form-error--compact" role="alert" data-testid="load-run-error">
          {series.error}{' '}
          <button type="button" className="button button--small" onClick={series.retry}>
            Try again
          </button>
        </p>
      )}
      <Charts run={run} profile={profile} />
      <RunResources run={run} />
      <Details run={run} profile={profile} />
      {!running && <ReportButtons runId={run.id} />}
    </section>
  );
}
