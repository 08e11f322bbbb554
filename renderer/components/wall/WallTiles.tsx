/**
 * A tile per service, sized so all of them fit the space the wall gives them: columns and rows
 * follow the count, and past a dozen services a tile keeps only its name and status.
 */
import { memo } from 'react';
import type { HealthStatus } from '../../../shared/domain/probes.js';
import { formatLatency } from '../../../shared/format/durations.js';
import { formatClock } from '../../lib/time.js';
import { Icon } from '../common/Icon.js';
import type { IconName } from '../common/Icon.js';

export interface WallTileData {
  id: string;
  name: string;
  status: HealthStatus;
  since: number | null;
  latencyMs: number | null;
  stale: boolean;
  lastCheckedAt: number | null;
  /** "down because Database" or the reason, when not up. */
  why: string | null;
}

const MARKS: Record<HealthStatus, { icon: IconName; word: string }> = {
  up: { icon: 'check', word: 'Up' },
  degraded: { icon: 'warning', word: 'Degraded' },
  down: { icon: 'cross', word: 'Down' },
  unknown: { icon: 'question', word: 'Unknown' },
};

/** Tiles at most this many get latency and reason lines. */
export const FULL_TILES_UP_TO = 12;

/** Columns for `count` tiles in a space about `aspect` times wider than high (tiles are wider than high, so this errs to fewer columns). */
export function columnsFor(count: number, aspect = 1.1): number {
  return Math.max(1, Math.min(count, Math.ceil(Math.sqrt(count * aspect))));
}

/** `fill`: the tiles share the height they are given (the wall); otherwise rows take their content's height (the board). */
function WallTilesView({ tiles, fill = true }: { tiles: readonly WallTileData[]; fill?: boolean }) {
  const compact = tiles.length > FULL_TILES_UP_TO;
  const columns = columnsFor(tiles.length);
  const rows = Math.max(1, Math.ceil(tiles.length / columns));
  return (
    <section
      className={`wall-tiles${compact ? ' wall-tiles--compact' : ''}`}
      data-testid="wall-tiles"
      aria-label="Services"
      style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, ...(fill ? { gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` } : {}) }}
    >
      {tiles.map((tile) => {
        const mark = MARKS[tile.status];
        return (
          <article
            key={tile.id}
            className={`wall-tile wall-tile--${tile.status}${tile.stale ? ' wall-tile--stale' : ''}`}
            data-testid={`wall-tile-${tile.id}`}
            data-status={tile.status}
            data-stale={tile.stale}
          >
            <h3 className="wall-tile__name">{tile.name}</h3>
            <p className="wall-tile__status">
              <Icon name={mark.icon} className="wall-tile__icon" />
              {mark.word}
              {tile.stale && <span className="wall-tile__stale">STALE</span>}
            </p>
            {!compact && (
              <p className="wall-tile__detail">
                {tile.stale
                  ? tile.lastCheckedAt === null
                    ? 'never checked'
                    : `last check ${formatClock(tile.lastCheckedAt)}`
                  : tile.why ?? `${formatLatency(tile.latencyMs)}${tile.since === null ? '' : ` · since ${formatClock(tile.since).slice(0, 5)}`}`}
              </p>
            )}
          </article>
        );
      })}
    </section>
  );
}

const sameTile = (a: WallTileData, b: WallTileData) =>
  a.id === b.id && a.name === b.name && a.status === b.status && a.since === b.since && a.latencyMs === b.latencyMs && a.stale === b.stale && a.lastCheckedAt === b.lastCheckedAt && a.why === b.why;

/**
 * Memoised tile by tile: the tiles are rebuilt on every store change the wall follows, but drawn
 * again only when one of them reads differently.
 */
export const WallTiles = memo(
  WallTilesView,
  (a, b) => a.fill === b.fill && a.tiles.length === b.tiles.length && a.tiles.every((tile, i) => sameTile(tile, b.tiles[i]!)),
);
