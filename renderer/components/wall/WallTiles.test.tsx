import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { cleanupAfterEach } from '../../testing/cleanup-after-each.js';
import { tileFacts, tileWhy, WallTiles } from './WallTiles.js';
import type { WallTileData } from './WallTiles.js';

// Each tile draws exactly one icon (its status mark), so icons drawn count tiles drawn.
const iconsDrawn = vi.hoisted(() => ({ count: 0 }));
vi.mock('../common/Icon.js', () => ({
  Icon: () => {
    iconsDrawn.count += 1;
    return null;
  },
}));

cleanupAfterEach();

const SINCE = new Date(2031, 2, 1, 8, 5).getTime();

function tile(id: string, over: Partial<WallTileData> = {}): WallTileData {
  return { id, name: id.toUpperCase(), status: 'up', since: SINCE, latencyMs: 12, stale: false, lastCheckedAt: SINCE, why: null, ...over };
}

/** Fresh objects every time, as the wall builds them on every store change. */
const rebuilt = (tiles: readonly WallTileData[]) => tiles.map((t) => ({ ...t }));

describe('WallTiles', () => {
  it('draws again only the tile that reads differently: rebuilt but equal tiles are not drawn again', () => {
    const tiles = ['api', 'db', 'cache'].map((id) => tile(id));
    iconsDrawn.count = 0;
    const { rerender } = render(<WallTiles tiles={tiles} />);
    expect(iconsDrawn.count).toBe(3);

    rerender(<WallTiles tiles={rebuilt(tiles)} />);
    expect(iconsDrawn.count).toBe(3);

    rerender(<WallTiles tiles={[tiles[0]!, { ...tiles[1]!, latencyMs: 40 }, tiles[2]!]} />);
    expect(iconsDrawn.count).toBe(4);
    expect(screen.getByTestId('wall-tile-db').textContent).toContain('40 ms');
  });

  it('compares every key of a tile, so a field added to the tile data is not ignored', () => {
    const tiles = [tile('api'), tile('db')];
    iconsDrawn.count = 0;
    const { rerender } = render(<WallTiles tiles={tiles} />);
    // A field no list of names would know of (as one added to WallTileData later would be).
    const extended = [tiles[0]!, { ...tiles[1]!, addedLater: 'news' } as WallTileData];
    rerender(<WallTiles tiles={extended} />);
    expect(iconsDrawn.count).toBe(3);
  });

  it('draws every tile again when the grid changes shape (compact past a dozen)', () => {
    const tiles = Array.from({ length: 12 }, (_, i) => tile(`s${i}`));
    iconsDrawn.count = 0;
    const { rerender } = render(<WallTiles tiles={tiles} />);
    rerender(<WallTiles tiles={[...rebuilt(tiles), tile('s12')]} />);
    expect(iconsDrawn.count).toBe(12 + 13);
    expect(screen.getByTestId('wall-tiles').className).toContain('wall-tiles--compact');
  });
});

describe('tileFacts', () => {
  it('gives the latency and the time of the last change as two facts, so a narrow tile breaks the line between them', () => {
    expect(tileFacts(tile('api', { latencyMs: 141 }))).toEqual(['141 ms', 'since 08:05']);
    expect(tileFacts(tile('api', { since: null }))).toEqual(['12 ms']);
  });

  it('says when a stale tile was last checked', () => {
    expect(tileFacts(tile('api', { stale: true, lastCheckedAt: null }))).toEqual(['never checked']);
    expect(tileFacts(tile('api', { stale: true, lastCheckedAt: SINCE }))).toEqual(['last check 08:05:00']);
  });
});

describe('tileWhy', () => {
  it('says why a service is not up, but not on a stale tile (its reason is no longer a fact)', () => {
    expect(tileWhy(tile('api', { status: 'down', why: 'down because Database' }))).toBe('down because Database');
    expect(tileWhy(tile('api', { status: 'down', why: 'down because Database', stale: true }))).toBeNull();
    expect(tileWhy(tile('api'))).toBeNull();
  });

  it('draws the reason whole in its text and its title, so a clamped one can still be read in full', () => {
    const why = `probe: exit code 2: ${'https://vault.internal.example.com/v1/transit/keys/'.repeat(4)}`;
    render(<WallTiles tiles={[tile('api', { status: 'down', why })]} />);
    const shown = screen.getByTestId('wall-tile-api').querySelector('.wall-tile__why');
    expect(shown?.textContent).toBe(why);
    expect(shown?.getAttribute('title')).toBe(why);
  });
});
