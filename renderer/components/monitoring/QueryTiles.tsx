/**
 * Query tiles: a PromQL instant query as a big number in its unit with its state (colour, shape
 * and word), a range query as lines. A tile that could not be read says why ("Prometheus
 * unreachable (127.0.0.1:9190): …") and what to do, when the core knows (the rehearsal stack's
 * start command), and shows no number: never the last good value. A reading older than two
 * refreshes is marked stale. An instant tile over several series (one per service) names the
 * series its big number comes from and lists the others, highest first.
 */
import type { TileReading, TileState } from '../../../shared/domain/monitoring.js';
import { formatMetric, seriesLabel } from '../../../shared/format/metrics.js';
import { formatClock } from '../../lib/time.js';
import { useServerNow } from '../../lib/use-now.js';
import { MetricLineChart } from '../charts/MetricLineChart.js';
import { WhatToDo } from '../common/WhatToDo.js';

const STATE_WORDS: Record<TileState, string> = { ok: 'OK', warn: 'Warning', bad: 'Bad', 'no-data': 'No data', error: 'Cannot read', unconfigured: 'Not configured', pending: 'Reading…' };
const STATE_MARKS: Record<TileState, string> = { ok: '●', warn: '▲', bad: '■', 'no-data': '○', error: '✕', unconfigured: '–', pending: '…' };

/** How many series an instant tile lists under its number; the rest are counted. */
const LISTED_SERIES = 5;

/** The series of an instant tile with their value, the one the big number shows first, then the highest. */
function rankedSeries(tile: TileReading): { label: string; value: number }[] {
  const rows = tile.series.flatMap((s) => (s.points.length > 0 ? [{ label: seriesLabel(s.name), value: s.points.at(-1)![1] }] : []));
  return rows.sort((a, b) => Number(b.value === tile.value) - Number(a.value === tile.value) || b.value - a.value || a.label.localeCompare(b.label));
}

function SeriesList({ tile }: { tile: TileReading }) {
  const rows = rankedSeries(tile);
  if (rows.length < 2) return null;
  const shown = rows.slice(1, 1 + LISTED_SERIES);
  const more = rows.length - 1 - shown.length;
  return (
    <ul className="query-tile__series" data-testid={`query-tile-series-${tile.id}`}>
      {shown.map((row) => (
        <li key={row.label}>
          <span className="query-tile__series-name" title={row.label}>
            {row.label}
          </span>
          <span className="query-tile__series-value">{formatMetric(row.value, tile.unit)}</span>
        </li>
      ))}
      {more > 0 && <li className="muted">+{more} more</li>}
    </ul>
  );
}

function limits(tile: TileReading): string {
  const parts: string[] = [];
  if (tile.warn !== null) parts.push(`warn ${formatMetric(tile.warn, tile.unit)}`);
  if (tile.bad !== null) parts.push(`bad ${formatMetric(tile.bad, tile.unit)}`);
  return parts.join(' · ');
}

/** `hideHint`: the grid shows the tile's hint once for all its tiles. */
export function QueryTile({ tile, staleAfterMs, hideHint = false }: { tile: TileReading; staleAfterMs: number; hideHint?: boolean }) {
  const now = useServerNow();
  // A tile not read yet has no reading to be stale.
  const pending = tile.state === 'pending';
  const stale = !pending && now - tile.at > staleAfterMs;
  return (
    <article className={`query-tile query-tile--${tile.kind} query-tile--${tile.state}${stale ? ' query-tile--stale' : ''}`} data-testid={`query-tile-${tile.id}`} data-state={tile.state} data-stale={stale ? 'true' : 'false'}>
      <header className="query-tile__head">
        <h3 className="query-tile__title">{tile.title}</h3>
        <span className="query-tile__state" data-testid={`query-tile-state-${tile.id}`}>
          <span aria-hidden="true">{STATE_MARKS[tile.state]}</span> {STATE_WORDS[tile.state]}
        </span>
      </header>
      {tile.kind === 'instant' && tile.value !== null && (
        <p className="query-tile__value-line">
          <span className="query-tile__value" data-testid={`query-tile-value-${tile.id}`}>
            {formatMetric(tile.value, tile.unit)}
          </span>
          {tile.series.length > 1 && (
            <span className="query-tile__value-of" data-testid={`query-tile-value-of-${tile.id}`}>
              {rankedSeries(tile)[0]?.label}
            </span>
          )}
        </p>
      )}
      {tile.kind === 'instant' && tile.value !== null && <SeriesList tile={tile} />}
      {tile.kind === 'range' && tile.series.length > 0 && <MetricLineChart series={tile.series} unit={tile.unit} label={tile.title} testId={`query-tile-chart-${tile.id}`} />}
      {tile.detail !== '' && (
        <p className="query-tile__detail" data-testid={`query-tile-detail-${tile.id}`}>
          {tile.detail}
        </p>
      )}
      {tile.hint !== '' && !hideHint && (
        <p className="query-tile__hint" data-testid={`query-tile-hint-${tile.id}`}>
          {tile.hint}
        </p>
      )}
      <footer className="query-tile__foot muted">
        {limits(tile)}
        {!pending && (
          <>
            {limits(tile) && ' · '}
            {stale ? 'stale, read ' : 'read '}
            {formatClock(tile.at)}
          </>
        )}
      </footer>
    </article>
  );
}

/** The hint when several tiles carry the same one (and none another): said once, above them. */
export function sharedHint(tiles: readonly TileReading[]): string | null {
  const hinted = tiles.filter((tile) => tile.hint !== '');
  const hints = new Set(hinted.map((tile) => tile.hint));
  return hinted.length > 1 && hints.size === 1 ? hinted[0]!.hint : null;
}

export function QueryTileGrid({ tiles, staleAfterMs, testId }: { tiles: readonly TileReading[]; staleAfterMs: number; testId: string }) {
  // Ten tiles repeating "start the stack" bury what each one says; one line above them does not.
  const hint = sharedHint(tiles);
  return (
    <>
      {hint !== null && <WhatToDo hint={hint} testId={`${testId}-hint`} />}
      <div className="query-tiles" data-testid={testId}>
        {tiles.map((tile) => (
          <QueryTile key={tile.id} tile={tile} staleAfterMs={staleAfterMs} hideHint={hint !== null} />
        ))}
      </div>
    </>
  );
}
