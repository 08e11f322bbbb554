/** Requests, rate, percentiles and errors by kind per endpoint, with the total first. */
import type { LoadErrorCounts } from '../../../shared/domain/load.js';
import { errorShare } from './load-format.js';
import { formatInt, formatMs, formatPercent, formatRate } from '../../../shared/format/numbers.js';
import { errorKinds } from '../../../shared/format/load.js';

export interface EndpointFigures {
  endpoint: string;
  requests: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: LoadErrorCounts;
  errorCount: number;
  skipped: number;
}

function Row({ row, total }: { row: EndpointFigures; total?: boolean }) {
  const share = errorShare(row.errorCount, row.requests);
  const kinds = errorKinds(row.errors);
  return (
    <tr className={total ? 'endpoints__total' : undefined} data-testid={total ? 'endpoint-total' : 'endpoint-row'} data-endpoint={row.endpoint} data-errors={row.errorCount}>
      <th scope="row" className="endpoints__name">
        {total ? 'All requests' : <code>{row.endpoint}</code>}
      </th>
      <td className="num">{formatInt(row.requests)}</td>
      <td className="num">{formatRate(row.rps)}</td>
      <td className="num">{formatMs(row.p50Ms)}</td>
      <td className="num endpoints__p95">{formatMs(row.p95Ms)}</td>
      <td className="num">{formatMs(row.p99Ms)}</td>
      <td className="num">{formatMs(row.maxMs)}</td>
      <td className={`num${row.errorCount > 0 ? ' num--bad' : ''}`}>
        {formatInt(row.errorCount)}
        {share !== null && row.errorCount > 0 && <span className="endpoints__share"> ({formatPercent(share)})</span>}
      </td>
      <td>
        <span className="endpoints__kinds">
          {kinds.length === 0 ? (
            <span className="muted">—</span>
          ) : (
            kinds.map(([kind, n]) => (
              <span key={kind} className="chip chip--error" data-kind={kind}>
                {kind} <strong>{formatInt(n)}</strong>
              </span>
            ))
          )}
          {row.skipped > 0 && (
            <span className="chip" title="Requests skipped: a value they need was not captured">
              skipped <strong>{formatInt(row.skipped)}</strong>
            </span>
          )}
        </span>
      </td>
    </tr>
  );
}

export function EndpointTable({ total, endpoints, caption }: { total: EndpointFigures | null; endpoints: readonly EndpointFigures[]; caption: string }) {
  return (
    <section className="load-box load-endpoints" aria-labelledby="load-endpoints-title">
      <header className="load-box__head">
        <h3 className="load-box__title" id="load-endpoints-title">
          Endpoints
        </h3>
        <span className="muted">{caption}</span>
      </header>
      {endpoints.length === 0 && !total ? (
        <p className="muted">No requests measured yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="table table--compact endpoints" data-testid="load-endpoints">
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col" className="num">
                  Requests
                </th>
                <th scope="col" className="num">
                  req/s
                </th>
                <th scope="col" className="num">
                  p50 ms
                </th>
                <th scope="col" className="num">
                  p95 ms
                </th>
                <th scope="col" className="num">
                  p99 ms
                </th>
                <th scope="col" className="num">
                  max ms
                </th>
                <th scope="col" className="num">
                  Errors
                </th>
                <th scope="col">By kind</th>
              </tr>
            </thead>
            <tbody>
              {total && <Row row={total} total />}
              {endpoints.map((row) => (
                <Row key={row.endpoint} row={row} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
