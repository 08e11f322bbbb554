/**
 * Clamps a box to the whole lines that fit the room its tile leaves it, and hides it when not one
 * line fits. A wall tile's height is set by the screen, not by its words: a fixed clamp either
 * wastes lines on a large screen or, under a two-line name on a small one, is cut by the tile's
 * edge. Never a half line; the box's title keeps the whole text.
 */
import { useLayoutEffect } from 'react';
import type { RefObject } from 'react';

export function useFitLines(ref: RefObject<HTMLElement | null>, maxLines: number): void {
  useLayoutEffect(() => {
    const box = ref.current;
    const tile = box?.parentElement;
    if (!box || !tile || typeof ResizeObserver === 'undefined') return;
    const fit = () => {
      box.style.removeProperty('display');
      clamp(box, maxLines);
      const tileStyle = getComputedStyle(tile);
      const inner = tile.clientHeight - parseFloat(tileStyle.paddingTop) - parseFloat(tileStyle.paddingBottom);
      const siblings = [...tile.children].filter((child) => child !== box);
      const gaps = (parseFloat(tileStyle.rowGap) || 0) * siblings.length;
      const taken = siblings.reduce((sum, child) => sum + child.getBoundingClientRect().height, 0) + gaps;
      const lineHeight = parseFloat(getComputedStyle(box).lineHeight);
      if (!(lineHeight > 0)) return;
      // A hair of slack: a room of exactly three lines measures 2.9999 in fractional pixels.
      const lines = Math.min(maxLines, Math.floor((inner - taken) / lineHeight + 0.02));
      // No room for one line (a two-line name on a small screen): the name and status win.
      if (lines < 1) box.style.setProperty('display', 'none');
      else clamp(box, lines);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(tile);
    return () => observer.disconnect();
  }, [ref, maxLines]);
}

/** Both spellings: the stylesheet sets both, and a browser that knows the standard one may prefer it. */
function clamp(box: HTMLElement, lines: number): void {
  box.style.setProperty('-webkit-line-clamp', String(lines));
  box.style.setProperty('line-clamp', String(lines));
}
