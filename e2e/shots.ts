/**
 * Screenshots of a view as a user sees it. The app's top bar is sticky: a full-page shot taken
 * while the page is scrolled draws it over the middle of the page, so a shot of something further
 * down scrolls it to the top of the screen, under the bar, and takes what the screen shows.
 */
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { SCREENSHOT_DIR } from './fixtures.js';

/** What the screen shows with `target` scrolled to the top, just under the sticky top bar. */
export async function viewShot(page: Page, target: Locator, name: string): Promise<void> {
  await target.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  // The sticky top bar covers the top of the view: bring what was scrolled under it back.
  await page.evaluate(() => window.scrollBy(0, -(document.querySelector('.topbar')?.getBoundingClientRect().height ?? 0) - 12));
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
