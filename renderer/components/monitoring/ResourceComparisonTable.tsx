/** The resources of two compared load runs: peak and mean per series, and the change of the peak. */
import { useEffect, useState } from 'react';
import type { ResourceComparison } from '../../../shared/domain/monitoring.js';
import { formatMetric } from '../../../shared/format/metrics.js';
import { formatChange } from '../../../shared/format/numbers.js';
import { useClient } from '../../api/client-context.js';

/** A peak this much higher than the base's is marked. */
const WORSE_PERCENT = 20;

export function ResourceComparisonTable({ baseRunId, runId }: { baseRunId: number; runId: number }) {
  const client = useClient();
  const [rows, setRows] = useState<ResourceComparison[] | null>(null);
  useEffect(() => {
    let gone = false;
    client
      .call('monitoring.compareRuns', { baseRunId, runId })
      .then((answer) => !gone && setRows(answer.rows))
      .catch(() => !gone && setRows([]));
    return () => {
      gone = true;
    };
  }, [client, baseRunId, runId]);
  if (!rows || rows.length === 0) return null;
  return (
    <div className="table-scroll">
      <table className="resource-compare" data-testid="resource-comparison">
        <caption className="muted">Resources sampled during the runs</caption>
        <thead>
          <tr>
            <th scope="col">Resource</th>
            <th scope="col">Series</th>
            <th scope="col" className="num">Peak base → now</th>
            <th scope="col" className="num">Change</th>
            <th scope="col" className="num">Mean base → now</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const worse = row.peakChangePercent !== null && row.peakChangePercent > WORSE_PERCENT;
            const show = (side: { peak: number; mean: number } | null, key: 'peak' | 'mean') => (side ? formatMetric(side[key], row.unit) : '—');
            return (
              <tr key={`${row.resource}/${row.series}`} data-testid="resource-compare-row" data-resource={row.resource} data-worse={worse}>
                <th scope="row">{row.title}</th>
                <td>{row.series || '—'}</td>
                <td className="num">
                  {show(row.base, 'peak')} → <strong>{show(row.current, 'peak')}</strong>
                </td>
                <td className={`num${worse ? ' worse' : ''}`}>
                  {worse ? '▲ ' : ''}
                  {formatChange(row.peakChangePercent)}
                </td>
                <td className="num">
                  {show(row.base, 'mean')} → {show(row.current, 'mean')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
