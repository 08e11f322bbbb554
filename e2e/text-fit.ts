/**
 * Whether text fits its box, as a reader sees it: the wall (read from across the room) and the
 * tiles of the Health and Monitoring views must not lose the end of what they say.
 */
import type { Page } from '@playwright/test';

/**
 * The boxes under `root` whose text does not fit them (cut, with or without an ellipsis), as
 * "class: text", leaving out the boxes inside `skip` (a selector). A box clamped on purpose is
 * fine when it is a line clamp (an ellipsis at its last line) and its title holds the whole text:
 * a reader with a mouse gets the rest, and the box keeps the lines it has.
 */
export function cutText(page: Page, root: string, skip = 'canvas'): Promise<string[]> {
  return page.evaluate(
    ({ root, skip }) => {
      const boxes = [...document.querySelectorAll<HTMLElement>(root)].flatMap((box) => [box, ...box.querySelectorAll<HTMLElement>('*')]);
      const clampedWithTitle = (el: HTMLElement) => getComputedStyle(el).webkitLineClamp !== 'none' && el.title.trim() === el.textContent?.trim();
      return boxes
        .filter((el) => !(el instanceof SVGElement) && !el.closest(skip) && getComputedStyle(el).display !== 'inline' && el.textContent?.trim())
        .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
        .filter((el) => !clampedWithTitle(el))
        .map((el) => `${el.className}: ${el.textContent}`);
    },
    { root, skip },
  );
}
