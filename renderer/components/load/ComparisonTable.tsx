/**
 * Two runs side by side per endpoint, as the core compared them: p95, error rate and throughput of
 * the base and this run with the change, and regressions marked (colour, icon, word) with why.
 */
import type { LoadComparison } from '../../../shared/domain/load-runs.js';
import { formatClock } from '../../lib/time.js';
import { Icon } from '../common/Icon.js';
import { ResourceComparisonTable } from '../monitoring/ResourceComparisonTable.js';
import { formatChange, formatMs, formatPercent, formatRate } from '../../../shared/format/numbers.js';

type Row = LoadComparison['total'];

function Pair({ base, current, format, change }: { base: number | undefined; current: number | undefined; format: (v: number) => string; change: string }) {
  return (
    <>
      <span className="compare__values">
        {base === undefined ? '—' : format(base)} <span className="muted">→</span> <strong>{current === undefined ? '—' : format(current)}</strong>
      </span>
      <span className="compare__change muted">{change}</span>
    </>
  );
}

function CompareRow({ row, total }: { row: Row; total?: boolean }) {
  const errorPoints = row.errorRateChange === null ? null : row.errorRateChange * 100;
  return (
    <tr
      className={`compare-row${row.regression ? ' compare-row--regression' : ''}${total ? ' compare-row--total' : ''}`}
      data-testid="compare-row"
      data-endpoint={row.endpoint}
      data-regression={row.regression}
    >
      <th scope="row">{total ? 'All requests' : <code>{row.endpoint}</code>}</th>
      <td className="num">
        <Pair base={row.base?.p95Ms} current={row.current?.p95Ms} format={(v) => `${formatMs(v)} ms`} change={formatChange(row.p95ChangePct)} />
      </td>
      <td className="num">
        <Pair base={row.base?.errorRate} current={row.current?.errorRate} format={formatPercent} change={formatChange(errorPoints, ' pts')} />
      </td>
      <td className="num">
        <Pair base={row.base?.rps} current={row.current?.rps} format={(v) => `${formatRate(v)}/s`} change={formatChange(row.rpsChangePct)} />
      </td>
      <td className="compare__verdict">
        {row.regression ? (
          <span className="compare__mark compare__mark--bad">
            <Icon name="warning" />
            Regression
          </span>
        ) : (
          <span className="compare__mark compare__mark--ok">
            <Icon name="check" />
            No regression
          </span>
        )}
        {row.reasons.length > 0 && (
          <ul className="compare__reasons">
            {row.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

export function ComparisonTable({ comparison, onClose }: { comparison: LoadComparison; onClose: () => void }) {
  const { base, current } = comparison;
  const regressions = [comparison.total, ...comparison.endpoints].filter((row) => row.regression).length;
  return (
    <section className="panel load-comparison" data-testid="load-comparison" data-regressions={regressions} aria-labelledby="load-comparison-title">
      <header className="load-box__head">
        <h3 className="load-box__title" id="load-comparison-title">
          Run #{current.id} <span className="muted">({current.profile}, {formatClock(current.startedAt)})</span> against base #{base.id}{' '}
          <span className="muted">({base.profile}, {formatClock(base.startedAt)})</span>
        </h3>
        <button type="button" className="button button--small" onClick={onClose} data-testid="load-compare-close">
          <Icon name="close" />
          Close
        </button>
      </header>
      <p className={`load-comparison__summary${regressions > 0 ? ' load-comparison__summary--bad' : ''}`} data-testid="load-comparison-summary">
        <Icon name={regressions > 0 ? 'warning' : 'check'} />
        {regressions > 0 ? `${regressions} regression${regressions === 1 ? '' : 's'}` : 'No regression'}
        <span className="muted"> — a regression is a p95 more than 10 % higher or an error rate more than 1 point higher than the base run.</span>
      </p>
      <div className="table-scroll">
        <table className="table table--compact compare">
          <thead>
            <tr>
              <th scope="col">Endpoint</th>
              <th scope="col" className="num">
                p95 base → now
              </th>
              <th scope="col" className="num">
                Errors base → now
              </th>
              <th scope="col" className="num">
                Throughput base → now
              </th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            <CompareRow row={comparison.total} total />
            {comparison.endpoints.map((row) => (
              <CompareRow key={row.endpoint} row={row} />
            ))}
          </tbody>
        </table>
      </div>
      <ResourceComparisonTable baseRunId={base.id} runId={current.id} />
    </section>
  );
}
