/**
 * Recent load runs, newest first: outcome, profile, when, p95 and error rate. A click shows the
 * run's charts and summary above; ticking two runs and Compare shows them per endpoint, the older
 * one as the base.
 */
import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LoadComparison, LoadRunRecord } from '../../../shared/domain/load-runs.js';
import { useClient } from '../../api/client-context.js';
import { formatDateTime, formatRangeTime } from '../../lib/time.js';
import { openLoadRun } from '../../stores/load-actions.js';
import { loadRunsNewestFirst } from '../../stores/slices/load.js';
import { useAppStore } from '../../stores/store.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { ComparisonTable } from './ComparisonTable.js';
import { RunVerdictMark } from './RunVerdictMark.js';
import { formatMs, formatPercent } from '../../../shared/format/numbers.js';
import { formatDuration } from '../../../shared/format/durations.js';

function RunRow({ run, shown, selected, onSelect, onOpen }: { run: LoadRunRecord; shown: boolean; selected: boolean; onSelect: (checked: boolean) => void; onOpen: () => void }) {
  const headline = run.headline;
  const ranMs = run.summary?.durationMs ?? (run.endedAt !== null ? run.endedAt - run.startedAt : null);
  const noFigures = run.state === 'running' ? 'still running' : 'no figures: the run ended before its first second was stored';
  // Without a summary the percentile is the worst second's: an upper bound, shown as one.
  const approximateP95 = 'approximate: the run did not end normally, so this is its worst second’s p95, an upper bound';
  return (
    <tr
      className={`load-runs__row${shown ? ' load-runs__row--shown' : ''}`}
      data-testid={`load-run-${run.id}`}
      data-state={run.state}
      aria-current={shown ? 'true' : undefined}
      onClick={onOpen}
    >
      <td className="load-runs__select" onClick={(e) => e.stopPropagation()}>
        <input
          type="checkbox"
          className="checkbox"
          checked={selected}
          disabled={run.state === 'running'}
          onChange={(e) => onSelect(e.target.checked)}
          aria-label={`Compare run ${run.id}`}
          data-testid={`load-select-${run.id}`}
        />
      </td>
      <td>
        <RunVerdictMark run={run} size="sm" />
      </td>
      <th scope="row">
        <button
          type="button"
          className="load-runs__open"
          onClick={(e) => {
            e.stopPropagation();
            onOpen();
          }}
          aria-label={`Show run ${run.id} (${run.profile})`}>
          {run.profile} <span className="muted">#{run.id}</span>
        </button>
      </th>
      <td>
        <time dateTime={new Date(run.startedAt).toISOString()} title={formatDateTime(run.startedAt)}>
          {formatRangeTime(run.startedAt, 86_400_001, true)}
        </time>
      </td>
      <td className="num">{ranMs === null ? '—' : formatDuration(ranMs)}</td>
      <td className="num" title={headline ? (headline.approximate ? approximateP95 : undefined) : noFigures} data-approximate={headline?.approximate ? 'true' : undefined}>
        {headline ? `${headline.approximate ? '≤ ' : ''}${formatMs(headline.p95Ms)} ms` : '—'}
      </td>
      <td className={`num${headline && headline.errorCount > 0 ? ' num--bad' : ''}`} title={headline ? undefined : noFigures}>
        {headline ? formatPercent(headline.errorRate) : '—'}
      </td>
      <td className="muted">{run.actor}</td>
    </tr>
  );
}

export function LoadRunsSection({ shownId, onOpened }: { shownId: number | null; onOpened: () => void }) {
  const client = useClient();
  const runs = useAppStore(useShallow((s) => loadRunsNewestFirst(s.load.runs)));
  const [selected, setSelected] = useState<number[]>([]);
  const [comparison, setComparison] = useState<LoadComparison | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const inFlight = useRef(false);

  const choose = (id: number, checked: boolean) => {
    // Two at most: ticking a third lets go of the first ticked.
    setSelected((current) => (checked ? [...current.filter((x) => x !== id), id].slice(-2) : current.filter((x) => x !== id)));
  };

  const compare = async () => {
    const pair = selected.map((id) => runs.find((run) => run.id === id)).filter((run): run is LoadRunRecord => run !== undefined);
    if (pair.length !== 2 || inFlight.current) return;
    // The older run is the base.
    const [base, current] = pair.sort((a, b) => a.startedAt - b.startedAt || a.id - b.id) as [LoadRunRecord, LoadRunRecord];
    inFlight.current = true;
    setBusy(true);
    setProblem(null);
    try {
      setComparison(await client.call('load.compare', { baseRunId: base.id, runId: current.id }));
    } catch (error) {
      setProblem({ control: 'compare', ...describeCallError('Comparison', error) });
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const open = (id: number) => {
    openLoadRun(id);
    onOpened();
  };

  return (
    <section className="load-history" aria-labelledby="load-runs-title">
      <header className="load-history__head">
        <h3 className="load-section-title" id="load-runs-title">
          History
        </h3>
        <div className="load-history__tools">
          <span className="muted">{selected.length === 2 ? 'Two runs ticked' : 'Tick two runs to compare them'}</span>
          <button type="button" className="button button--small" disabled={selected.length !== 2 || busy} onClick={() => void compare()} data-testid="load-compare">
            <Icon name="search" />
            {busy ? 'Comparing…' : 'Compare'}
          </button>
        </div>
      </header>
      <CallError problem={problem} controls={['compare']} testId="load-compare-error" />
      {comparison && <ComparisonTable comparison={comparison} onClose={() => setComparison(null)} />}
      {runs.length === 0 ? (
        <p className="muted" data-testid="load-runs-empty">
          No load test has run in this environment yet.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table table--compact load-runs" data-testid="load-runs">
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">Compare</span>
                </th>
                <th scope="col">Outcome</th>
                <th scope="col">Profile</th>
                <th scope="col">Started</th>
                <th scope="col" className="num">
                  Ran
                </th>
                <th scope="col" className="num">
                  p95
                </th>
                <th scope="col" className="num">
                  Errors
                </th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <RunRow
                  key={run.id}
                  run={run}
                  shown={run.id === shownId}
                  selected={selected.includes(run.id)}
                  onSelect={(checked) => choose(run.id, checked)}
                  onOpen={() => open(run.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
