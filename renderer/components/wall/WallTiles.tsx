/**
 * A tile per service, sized so all of them fit the space the wall gives them: columns and rows
 * follow the count, and past a dozen services a tile keeps only its name and status.
 */
import { memo, useRef } from 'react';
import type { HealthStatus } from '../../../shared/domain/probes.js';
import { formatLatency } from '../../../shared/format/durations.js';
import { shallowEqual, shallowEqualItems } from '../../lib/shallow-equal.js';
import { formatClock } from '../../lib/time.js';
import { Icon } from '../common/Icon.js';
import type { IconName } from '../common/Icon.js';
import { useFitLines } from './use-fit-lines.js';

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

/**
 * Why a service is not up, as its tile says it: a sentence (a probe's error, an address in it), so
 * it wraps, and past three lines it is clamped with the whole of it in the title. A stale tile's
 * reason is no longer a fact: that tile says when it was last checked instead.
 */
export function tileWhy(tile: WallTileData): string | null {
  return tile.stale ? null : tile.why;
}

/** The short facts under a tile's status when no reason is shown, each kept whole: a line breaks between them, never inside one. */
export function tileFacts(tile: WallTileData): string[] {
  // Never checked: the tile's own words when it has them (a replayed moment not loaded yet), else that.
  if (tile.stale) return [tile.lastCheckedAt === null ? (tile.why ?? 'never checked') : `last check ${formatClock(tile.lastCheckedAt)}`];
  return [formatLatency(tile.latencyMs), ...(tile.since === null ? [] : [`since ${formatClock(tile.since).slice(0, 5)}`])];
}

/** Under the status: why the service is not up, or else its short facts. */
function TileDetail({ tile }: { tile: WallTileData }) {
  const why = tileWhy(tile);
  if (why) return <TileWhy why={why} />;
  return (
    <p className="wall-tile__detail">
      {tileFacts(tile).map((fact) => (
        <span key={fact} className="wall-tile__fact">
          {fact}
        </span>
      ))}
    </p>
  );
}

/** Why the service is not up: as many whole lines as the tile has room for, up to three; the title keeps the whole. */
function TileWhy({ why }: { why: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useFitLines(ref, 3);
  return (
    <p ref={ref} className="wall-tile__why" title={why}>
      {why}
    </p>
  );
}

function WallTileView({ tile, compact }: { tile: WallTileData; compact: boolean }) {
  const mark = MARKS[tile.status];
  return (
    <article
      className={`wall-tile wall-tile--${tile.status}${tile.stale ? ' wall-tile--stale' : ''}`}
      data-testid={`wall-tile-${tile.id}`}
      data-status={tile.status}
      data-stale={tile.stale}
    >
      <h3 className="wall-tile__name">{tile.name}</h3>
      <p className="wall-tile__status">
        <span className="wall-tile__word">
          <Icon name={mark.icon} className="wall-tile__icon" />
          {mark.word}
        </span>
        {tile.stale && <span className="wall-tile__stale">STALE</span>}
      </p>
      {!compact && <TileDetail tile={tile} />}
    </article>
  );
}

/**
 * Memoised by the tile's own keys: the wall rebuilds every tile object on each store change it
 * follows, and a tile is drawn again only when one of its fields (whichever they are) changed.
 */
const WallTile = memo(WallTileView, (a, b) => a.compact === b.compact && shallowEqual(a.tile, b.tile));

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
      {tiles.map((tile) => (
        <WallTile key={tile.id} tile={tile} compact={compact} />
      ))}
    </section>
  );
}

/** Memoised as a whole too: when no tile reads differently, not even the grid is visited. */
export const WallTiles = memo(WallTilesView, (a, b) => a.fill === b.fill && shallowEqualItems(a.tiles, b.tiles));
